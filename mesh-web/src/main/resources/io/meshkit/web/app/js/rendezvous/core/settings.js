// Timings and bounds of rendezvous (docs/PROTOCOL.md §13.2.8).

export const RENDEZVOUS_DEFAULTS = Object.freeze({
  budget: 4, // namespaces held at once: one signaling connection each while waiting
  skew: 120_000, // tolerated clock difference; the neighbouring slot is held within half of it of a boundary
  meetingTimeout: 10_000, // a rendezvous link must have authenticated and exchanged notes within this
  closeGrace: 2_000, // our note leaves before the met namespace's links close
  offerTimeout: 600_000, // an offer waits this long for the other user
  directTimeout: 40_000, // a direct try that neither opened nor failed by then counts as failed
  directRetry: 300_000, // while seeking, the contact's Transport ID is tried again this often
  pauseAfter: 30 * 24 * 3_600_000, // looked for and unseen this long: ask the user whether to pause
});

export const RENDEZVOUS_LIMITS = Object.freeze({
  maxSpecial: 256,
  maxMeetings: 16, // rendezvous links proving themselves at once, all namespaces together
  maxPrefix: 47, // a longer prefix makes rendezvous IDs longer than 128 characters (§13.2.1)
});

export function rendezvousTimings(overrides = {}) {
  const out = { ...RENDEZVOUS_DEFAULTS };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in RENDEZVOUS_DEFAULTS)) throw new Error(`unknown rendezvous timing ${key}`);
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`rendezvous timing ${key} must be a non-negative integer`);
    out[key] = value;
  }
  if (out.budget < 1 || out.skew >= 600_000) throw new Error('bad rendezvous configuration');
  return Object.freeze(out);
}
