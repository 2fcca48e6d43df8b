// Slots we hold but no longer route (docs/PROTOCOL.md §8.8): kept for `releaseGrace` after a move or a
// merge so that `moved` reaches our members before their links close; a `checkin` arriving there is
// answered with `moved` to where the router is now.

import * as wire from './wire.js';

export class GraceSlots {
  constructor(unit) {
    this.u = unit;
    this.slots = new Map(); // slot ID -> router ID where we went
  }

  add(slotId, routerId, now) {
    this.slots.set(slotId, routerId);
    this.u.fx.setTimer('grace:' + slotId, now + this.u.t.releaseGrace);
  }

  has(local) {
    return this.slots.has(local);
  }

  onMessage(local, remote, decoded) {
    if (decoded.kind === 'message' && decoded.message.type === 'checkin') {
      this.u.fx.send(local, remote, wire.moved(this.slots.get(local)));
    }
  }

  onTimer(key) {
    const slotId = key.slice('grace:'.length);
    if (!this.slots.delete(slotId)) return;
    this.u.releaseId(slotId);
  }

  releaseAll() {
    for (const slotId of [...this.slots.keys()]) {
      this.u.fx.cancelTimer('grace:' + slotId);
      this.slots.delete(slotId);
      this.u.releaseId(slotId);
    }
  }
}
