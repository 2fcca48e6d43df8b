// A member's copy of the registry (docs/PROTOCOL.md §7.2, §7.3): the "on this network" list, kept while
// a new router is searched so lists do not flap, and the seed of a new router's provisional entries.

export class RegistryCopy {
  constructor(ids) {
    this.ids = ids;
    this.entries = new Map();
    this.version = 0;
    this.routerDiscoveryID = null;
    this.successor = '';
  }

  /** Only Discovery IDs of our namespace are kept (§7.2). */
  ours(e) {
    return this.ids.isDiscoveryId(e.discoveryID);
  }

  replace(snapshot) {
    this.entries = new Map();
    for (const e of snapshot.entries) if (this.ours(e)) this.entries.set(e.discoveryID, e);
    this.version = snapshot.version;
    this.routerDiscoveryID = snapshot.routerDiscoveryID;
    this.successor = snapshot.successor ?? '';
  }

  /** Applies a delta of version `version + 1` (the caller checked it). */
  apply(delta) {
    for (const e of delta.upserts) if (this.ours(e)) this.entries.set(e.discoveryID, e);
    for (const id of delta.removed) this.entries.delete(id);
    if (delta.successor !== undefined) this.successor = delta.successor;
    this.version = delta.version;
  }

  remove(id) {
    if (id) this.entries.delete(id);
  }
}
