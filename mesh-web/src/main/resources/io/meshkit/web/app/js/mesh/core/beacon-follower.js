// Following the beacon (docs/PROTOCOL.md §13.3.5) as a pure state machine: which beacon prefixes the client holds,
// and when it asks for the next beacon. `step(event, now)` takes what happened and the Unix time in milliseconds and
// returns what the adapter must do. The adapter asks the beacon URL, verifies the answer's signature (WebCrypto is
// asynchronous, so it is not done here: a `fetched` event carries the header and, when it verified, what it says),
// runs the timers and joins or leaves the namespaces of a prefix.
//
// Events:  {type: 'start'}
//          {type: 'fetched', header: string|null, beacon: {text, prefix, period, index}|null}  (beacon: null unless
//                 the header is a canonical beacon signed by a configured key)
//          {type: 'fetch-failed', detail}
//          {type: 'timer', kind: 'refresh'|'leave'}
// Actions: {type: 'fetch'}, {type: 'timer', kind, at} (one timer per kind: a new one replaces the old),
//          {type: 'join', beacon}, {type: 'leave', prefix}, {type: 'fault', reason, detail}, {type: 'recovered', reason}

export const MAX_SPREAD_MS = 5_000; // the random delay after a period's end: at most this, or a tenth of the period
export const MAX_OVERLAP_MS = 30_000; // the old prefix is kept this long after the new one is joined, or half a period
const SAME_RETRY_FIRST = 1_000; // a beacon of the same period again: our clock runs ahead of the issuer's
const SAME_RETRY_MAX = 10_000;
const FAIL_RETRY_FIRST = 1_000; // no answer, no header, not a valid beacon
const FAIL_RETRY_MAX = 30_000;

export const UNREACHABLE = 'beacon-unreachable';
export const MISSING = 'beacon-missing';
export const INVALID = 'beacon-invalid';
export const STALE = 'beacon-stale';

/** How long the previous prefix is kept after the next one is joined: half a period, at most 30 s. */
export function overlapMillis(periodSeconds) {
  return Math.min(MAX_OVERLAP_MS, (periodSeconds * 1000) / 2);
}

export class BeaconFollower {
  /** @param {{random: () => number}} o uniform in [0, 1), seeded by the caller (spreads the requests of a mesh) */
  constructor({ random }) {
    if (typeof random !== 'function') throw new Error('random must be a function');
    this.random = random;
    this.current = null; // {text, prefix, period, index}
    this.previous = null;
    this.fetching = false;
    this.refreshAt = Infinity;
    this.leaveAt = Infinity;
    this.sameRetry = SAME_RETRY_FIRST;
    this.failRetry = FAIL_RETRY_FIRST;
    this.faulted = null;
    this.out = [];
  }

  /** The prefixes held now: the current one, and the previous one during an overlap. */
  prefixes() {
    return [this.current?.prefix, this.previous?.prefix].filter((p) => p !== undefined);
  }

  step(event, now) {
    if (typeof now !== 'number' || !Number.isFinite(now)) throw new Error('now must be a number');
    this.out = [];
    switch (event?.type) {
      case 'start':
        this.ask();
        break;
      case 'fetched':
        this.fetching = false;
        this.fetched(event.header, event.beacon ?? null, now);
        break;
      case 'fetch-failed':
        this.fetching = false;
        this.failed(UNREACHABLE, String(event.detail ?? 'the request failed'), now);
        break;
      case 'timer':
        this.timer(event.kind, now);
        break;
      default:
        throw new Error(`unknown event ${event?.type}`);
    }
    return this.out;
  }

  ask() {
    if (this.fetching) return;
    this.fetching = true;
    this.refreshAt = Infinity;
    this.out.push({ type: 'fetch' });
  }

  fetched(header, beacon, now) {
    if (typeof header !== 'string' || header === '') {
      this.failed(MISSING, 'the answer had no X-Mesh-Beacon header (is this page\'s origin a --beacon-origin?)', now);
      return;
    }
    if (beacon === null || beacon.text !== header) {
      this.failed(INVALID, 'the X-Mesh-Beacon header is not a beacon signed by a configured key', now);
      return;
    }
    const length = beacon.period * 1000;
    const end = (beacon.index + 1) * length;
    if (now >= end + length) {
      this.failed(STALE, 'the beacon is for a period that ended more than a period ago (this clock, or a cache?)', now);
      return;
    }
    this.failRetry = FAIL_RETRY_FIRST;
    if (this.faulted !== null) {
      this.out.push({ type: 'recovered', reason: this.faulted });
      this.faulted = null;
    }
    if (this.current !== null && beacon.index * length <= this.current.index * this.current.period * 1000) {
      // Not newer: our clock runs ahead of the issuer's. Ask again shortly.
      this.refresh(now + this.sameRetry);
      this.sameRetry = Math.min(SAME_RETRY_MAX, this.sameRetry * 2);
      return;
    }
    this.sameRetry = SAME_RETRY_FIRST;
    if (this.current !== null && this.current.prefix !== beacon.prefix) {
      if (this.previous !== null) this.out.push({ type: 'leave', prefix: this.previous.prefix }); // a third: at once
      this.previous = this.current;
      this.leaveAt = now + overlapMillis(beacon.period);
      this.out.push({ type: 'timer', kind: 'leave', at: this.leaveAt });
    }
    this.current = beacon;
    this.out.push({ type: 'join', beacon });
    const spread = Math.min(MAX_SPREAD_MS, Math.floor(length / 10));
    this.refresh(end + Math.floor(this.random() * (spread + 1)));
  }

  failed(reason, detail, now) {
    if (reason !== this.faulted) {
      this.faulted = reason;
      this.out.push({ type: 'fault', reason, detail });
    }
    this.refresh(now + this.failRetry);
    this.failRetry = Math.min(FAIL_RETRY_MAX, this.failRetry * 2);
  }

  refresh(at) {
    this.refreshAt = at;
    this.out.push({ type: 'timer', kind: 'refresh', at });
  }

  timer(kind, now) {
    if (kind === 'refresh') {
      if (now >= this.refreshAt) this.ask();
      else if (this.refreshAt !== Infinity) this.out.push({ type: 'timer', kind, at: this.refreshAt }); // early
    } else if (kind === 'leave') {
      if (now >= this.leaveAt) {
        this.leaveAt = Infinity;
        if (this.previous !== null) {
          this.out.push({ type: 'leave', prefix: this.previous.prefix });
          this.previous = null;
        }
      } else if (this.leaveAt !== Infinity) {
        this.out.push({ type: 'timer', kind, at: this.leaveAt });
      }
    } else {
      throw new Error(`unknown timer ${kind}`);
    }
  }
}
