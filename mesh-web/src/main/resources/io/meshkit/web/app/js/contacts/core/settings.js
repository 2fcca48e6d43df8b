// Timings and limits of contact links and chat (docs/PROTOCOL.md §13.1.7).

export const CONTACT_DEFAULTS = Object.freeze({
  connectTimeout: 20_000, // a contact link through two NATs on a loaded host takes seconds
  handshakeTimeout: 10_000, // hello and proof are one round trip; also the wait for request and confirm
  requestTimeout: 120_000, // time for a person to answer
  retryMin: 2_000, // back-off when a contact cannot be reached …
  retryMax: 60_000, // … doubling up to this
  ackTimeout: 20_000, // a link whose acknowledgements stopped is closed and the messages resent
  announceWithin: 30 * 24 * 3_600_000, // contacts seen this recently are told a new Transport ID (§13.1.5)
});

export const CONTACT_LIMITS = Object.freeze({
  sendWindow: 32, // messages in flight per link (the spec's `window`)
  pendingRequests: 16, // requests waiting for the user; more are rejected at once
  links: 64, // contact links; more incoming ones are closed at once
  connecting: 8, // outgoing contact links being set up at once
  contacts: 1_000,
  outbox: 1_000, // queued messages per contact
  textCodePoints: 2_000,
  blacklist: 32, // per contact
  maxReceiveBytes: 16_299, // §3.3
  keyBytes: 65,
  nonceBytes: 32,
  signatureBytes: 64,
  fingerprintBytes: 32,
  contributionBytes: 32, // special-offer, special-accept (§13.2.6)
  checkBytes: 16, // special-check
  linkRate: Object.freeze({ capacity: 100, perSecond: 20 }), // §8.2, applied to contact links too
  bufferedBeforeAuth: 16, // messages a peer may send while we still verify its proof
});

/** Merges overrides (tests shorten timings) into the defaults. */
export function contactTimings(overrides = {}) {
  const out = { ...CONTACT_DEFAULTS };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in CONTACT_DEFAULTS)) throw new Error(`unknown contact timing ${key}`);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`contact timing ${key} must be a positive integer`);
    out[key] = value;
  }
  return Object.freeze(out);
}
