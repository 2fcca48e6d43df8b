// Assembling a snapshot from its `welcome` parts (docs/PROTOCOL.md §7.2).

import { LIMITS } from './settings.js';

/**
 * Parts are grouped by (slot, routerDiscoveryID, version, parts): a part with other values starts a new
 * assembly; a repeated part replaces the earlier copy. Memory is bounded by the snapshot entry limit.
 */
export class SnapshotAssembly {
  constructor(maxEntries = LIMITS.maxSnapshotEntries) {
    this.maxEntries = maxEntries;
    this.reset();
  }

  reset() {
    this.key = null;
    this.parts = new Map();
    this.count = 0;
  }

  get inProgress() {
    return this.key !== null;
  }

  /**
   * Adds a decoded welcome. Returns the snapshot `{slot, routerDiscoveryID, version, successor, entries}`
   * when all parts are there, `{invalid: reason}` when the parts add up to too many entries, else null.
   */
  add(w) {
    const key = `${w.slot}|${w.routerDiscoveryID}|${w.version}|${w.parts}`;
    if (key !== this.key) {
      this.reset();
      this.key = key;
    }
    const previous = this.parts.get(w.part);
    this.count += w.entries.length - (previous ? previous.entries.length : 0);
    this.parts.set(w.part, w);
    if (this.count > this.maxEntries) {
      this.reset();
      return { invalid: 'snapshot has too many entries' };
    }
    if (this.parts.size < w.parts) return null;
    const entries = [];
    for (let p = 1; p <= w.parts; p++) entries.push(...this.parts.get(p).entries);
    const last = this.parts.get(w.parts);
    this.reset();
    return { slot: w.slot, routerDiscoveryID: w.routerDiscoveryID, version: w.version,
      successor: last.successor, entries };
  }
}
