// The router's registry (docs/PROTOCOL.md §8.1, §8.3–§8.6): entries keyed by Discovery ID, confirmed
// (checked in here) or provisional (taken over from a member copy or a merge, until their owner checks
// in), the set of entries touched since the last push, and the designated successor.

import { entry } from './wire.js';

const visible = (e) => `${e.friendlyName}\u0000${e.discoveryUUID}\u0000${e.transportID ?? ''}`;

export class Registry {
  constructor(selfEntry, now) {
    this.selfId = selfEntry.discoveryID;
    this.recs = new Map();
    this.touched = new Set();
    this.announcedSuccessor = '';
    this.recs.set(this.selfId, { entry: entry(selfEntry), confirmed: true, tenure: now, recheckUntil: null,
      lastHeard: now, linked: false });
  }

  get size() {
    return this.recs.size;
  }

  get(id) {
    return this.recs.get(id);
  }

  has(id) {
    return this.recs.has(id);
  }

  /** Records of checked-in members other than ourselves. */
  *members() {
    for (const r of this.recs.values()) if (r.entry.discoveryID !== this.selfId && r.confirmed) yield r;
  }

  /** Members with a live, checked-in link: the ones deltas, pings and `leaving` go to. */
  *linked() {
    for (const r of this.members()) if (r.linked) yield r;
  }

  entries() {
    return [...this.recs.values()].map((r) => r.entry);
  }

  /** Upserts a checked-in entry; returns true when its visible fields changed (or it is new). */
  confirm(e, now) {
    const rec = this.recs.get(e.discoveryID);
    const changed = !rec || visible(rec.entry) !== visible(e);
    if (rec) {
      rec.entry = entry(e);
      rec.confirmed = true;
      rec.tenure ??= now;
      rec.recheckUntil = null;
      rec.lastHeard = now;
      rec.linked = true;
    } else {
      this.recs.set(e.discoveryID, { entry: entry(e), confirmed: true, tenure: now, recheckUntil: null,
        lastHeard: now, linked: true });
    }
    if (changed) this.touched.add(e.discoveryID);
    return changed;
  }

  /** Adds an entry we only heard of; it leaves at `until` unless its owner checks in. */
  addProvisional(e, until) {
    if (this.recs.has(e.discoveryID)) return false;
    this.recs.set(e.discoveryID, { entry: entry(e), confirmed: false, tenure: null, recheckUntil: until,
      lastHeard: null, linked: false });
    this.touched.add(e.discoveryID);
    return true;
  }

  updateSelf(e) {
    const rec = this.recs.get(this.selfId);
    if (visible(rec.entry) !== visible(e)) this.touched.add(this.selfId);
    rec.entry = entry(e);
  }

  remove(id) {
    if (id === this.selfId || !this.recs.delete(id)) return false;
    this.touched.add(id);
    return true;
  }

  /** Removes entries whose recheck deadline passed; returns the earliest remaining deadline or null. */
  expireRechecks(now) {
    let next = null;
    for (const [id, r] of this.recs) {
      if (r.recheckUntil === null) continue;
      if (r.recheckUntil <= now) this.remove(id);
      else next = next === null ? r.recheckUntil : Math.min(next, r.recheckUntil);
    }
    return next;
  }

  /** §8.6: the confirmed member with the longest tenure; ties by the smaller Discovery ID. '' for none. */
  successor() {
    let best = null;
    for (const r of this.members()) {
      if (r.recheckUntil !== null) continue; // not (re)confirmed at this slot yet
      if (best === null || r.tenure < best.tenure
          || (r.tenure === best.tenure && r.entry.discoveryID < best.entry.discoveryID)) best = r;
    }
    return best === null ? '' : best.entry.discoveryID;
  }

  /** True when a push is due: touched entries or a successor not announced yet. */
  get dirty() {
    return this.touched.size > 0 || this.successor() !== this.announcedSuccessor;
  }

  /** The pending change: final state of touched entries, removed IDs, successor if it changed. */
  takeChange() {
    const upserts = [];
    const removed = [];
    for (const id of this.touched) {
      const r = this.recs.get(id);
      if (r) upserts.push(r.entry);
      else removed.push(id);
    }
    this.touched.clear();
    const s = this.successor();
    const successor = s !== this.announcedSuccessor ? s : undefined;
    this.announcedSuccessor = s;
    return { upserts, removed, successor };
  }
}
