// Runs the beacon follower (core/beacon-follower.js) in the page: asks the beacon URL when the follower says so
// (docs/PROTOCOL.md §13.3.3: a POST, so the browser sends Origin even to its own origin; no cache), verifies the
// X-Mesh-Beacon header with the configured keys (WebCrypto), runs the follower's timers on the wall clock, and hands
// its joins, leaves, faults and recoveries to the mesh client.

import { BeaconFollower } from './core/beacon-follower.js';
import { importBeaconKey, verifyBeacon } from './beacon.js';

const HEADER = 'X-Mesh-Beacon';
const REQUEST_TIMEOUT_MS = 10_000;

export class BeaconDriver {
  /**
   * @param {object} o
   * @param {string} o.url the beacon URL (absolute)
   * @param {Array<object|string>} o.keys verification keys: JWKs (as `GET /beacon/key` lists them) or raw points in hex
   * @param {{join: Function, leave: Function, fault: Function, recovered: Function}} o.listener
   * @param {() => number} o.random uniform in [0, 1)
   * @param {Function} [o.fetch] the Fetch API
   * @param {() => number} [o.clock] wall clock in Unix milliseconds
   * @param {number} [o.timeoutMillis] how long one request may take
   */
  constructor({ url, keys, listener, random, fetch = globalThis.fetch?.bind(globalThis), clock = () => Date.now(),
    timeoutMillis = REQUEST_TIMEOUT_MS, subtle = globalThis.crypto?.subtle }) {
    this.url = url;
    this.keySpecs = keys;
    this.listener = listener;
    this.fetch = fetch;
    this.clock = clock;
    this.timeoutMillis = timeoutMillis;
    this.subtle = subtle;
    this.follower = new BeaconFollower({ random });
    this.timers = new Map(); // kind -> handle
    this.stopped = false;
  }

  /** Imports the keys, then asks for the first beacon. */
  async start() {
    try {
      this.keys = await Promise.all(this.keySpecs.map((k) => importBeaconKey(k, this.subtle)));
      if (this.keys.length === 0) throw new Error('no key');
    } catch (e) {
      this.listener.fault('beacon-keys', `the configured beacon keys cannot be used (${e.message})`);
      return;
    }
    this.step({ type: 'start' });
  }

  stop() {
    this.stopped = true;
    for (const handle of this.timers.values()) clearTimeout(handle);
    this.timers.clear();
  }

  step(event) {
    if (this.stopped) return;
    for (const a of this.follower.step(event, this.clock())) {
      switch (a.type) {
        case 'fetch':
          this.ask().then((e) => this.step(e));
          break;
        case 'timer': {
          clearTimeout(this.timers.get(a.kind));
          this.timers.set(a.kind, setTimeout(() => {
            this.timers.delete(a.kind);
            this.step({ type: 'timer', kind: a.kind });
          }, Math.max(0, a.at - this.clock())));
          break;
        }
        case 'join': this.listener.join(a.beacon); break;
        case 'leave': this.listener.leave(a.prefix); break;
        case 'fault': this.listener.fault(a.reason, a.detail); break;
        case 'recovered': this.listener.recovered(a.reason); break;
        default: throw new Error(`unknown beacon action ${a.type}`);
      }
    }
  }

  /** One request: the follower's `fetched` or `fetch-failed` event (never throws). */
  async ask() {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMillis);
    try {
      const res = await this.fetch(this.url, { method: 'POST', cache: 'no-store', credentials: 'omit',
        signal: abort.signal });
      if (!res.ok) return { type: 'fetch-failed', detail: `${this.url} answered HTTP ${res.status}` };
      const header = res.headers.get(HEADER);
      const beacon = header === null ? null : await verifyBeacon(header, this.keys, this.subtle);
      return { type: 'fetched', header, beacon };
    } catch (e) {
      return { type: 'fetch-failed', detail: `${this.url}: ${abort.signal.aborted ? 'no answer in time' : e.message}` };
    } finally {
      clearTimeout(timer);
    }
  }
}
