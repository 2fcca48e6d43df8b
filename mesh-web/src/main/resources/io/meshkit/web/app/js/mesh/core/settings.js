// Timings and limits of the mesh protocol (docs/PROTOCOL.md §11). Timings are configuration; every peer
// of a namespace should use the same values. Limits are part of the wire contract.

/** Default timings in milliseconds, and the registry bound (§11). */
export const DEFAULT_TIMINGS = Object.freeze({
  heartbeat: 60_000, // member ping period; router eviction check (§7.4, §8.5)
  ttl: 90_000, // silence after which a router evicts and a member gives its router up
  jitter: 3_000, // random delay before a search after a silent router loss (§7.7)
  cleanJitter: 1_000, // the same after a clean handover
  handoverDelay: 250, // > the time the signaling server needs to free an ID at socket close
  connectTimeout: 3_000, // first connect + check-in budget; doubles after each miss up to 8x (§6.1)
  maxSlots: 16, // router slots searched
  heldId: 90_000, // how long a vanished holder keeps its ID (server alive_timeout)
  probe: 5_000, // split-brain probe period of a router above slot 1 (§9)
  admission: 5_000, // a link must check in (or merge) within this (§8.2)
  recheckGrace: 15_000, // provisional entries wait this long for their owner's check-in (§8.1)
  pushDelay: 100, // deltas batch the changes of this window (§8.4)
  releaseGrace: 2_000, // a slot moved away from is kept this long to answer late check-ins (§8.8)
  maxMembers: 5_000, // registry bound (§7.2, §8.3)
});

/** Wire limits (§3.3, §5). */
export const LIMITS = Object.freeze({
  maxSendBytes: 16_000, // no message we send is larger (JSON text, UTF-8)
  maxReceiveBytes: 16_299, // anything larger is refused and the link closed
  maxIdLength: 128,
  maxSlot: 64, // slot numbers 1..64 on the wire; maxSlots ≤ 64
  maxEntriesPerMessage: 512,
  maxRemovedPerDelta: 1_024,
  maxParts: 1_000,
  maxNameCodePoints: 64,
  maxRedirects: 4, // redirects (moved, a welcome for another slot) followed in a row while joining (§6)
  // A member accepts snapshots up to this many entries, above the router-side default of maxMembers,
  // so that a router configured with a larger registry is still followed (§7.2 names both figures).
  maxSnapshotEntries: 10_000,
  linkRate: Object.freeze({ capacity: 100, perSecond: 20 }), // messages per link (§8.2)
  snapshotBudget: Object.freeze({ capacity: 4, everyMillis: 10_000 }), // checkin/resync per link (§8.2)
});

/** The protocol version this implementation speaks (§5). */
export const PROTOCOL_VERSION = 2;

/** Merges caller overrides into the defaults, refusing unknown keys and non-positive values. */
export function timings(overrides = {}) {
  const out = { ...DEFAULT_TIMINGS };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_TIMINGS)) throw new Error(`unknown timing ${key}`);
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`timing ${key} must be a non-negative integer`);
    out[key] = value;
  }
  if (out.maxSlots < 1 || out.maxSlots > LIMITS.maxSlot) throw new Error(`maxSlots must be 1..${LIMITS.maxSlot}`);
  if (out.connectTimeout < 1) throw new Error('connectTimeout must be positive');
  return Object.freeze(out);
}
