// Election over router slots (docs/PROTOCOL.md §6): claim slot k; OPEN makes us router of k, ID-TAKEN
// makes us connect and check in there; marked slots are skipped. Also owns the connect timeout with
// back-off (§6.1) and the marks (§6.2), which the split-brain probe shares.

export class Election {
  constructor(unit) {
    this.u = unit;
    this.marks = new Map(); // slot -> {kind: 'vanished'|'unanswered', until}
    this.rto = unit.t.connectTimeout;
    this.active = false;
    this.cursor = 1; // the slot being tried
    this.claiming = 0; // slot whose claim is in flight, 0 for none
  }

  /** Starts a search from slot 1, at once or after `delay` ms. */
  begin(now, delay = 0) {
    this.halt();
    this.active = true;
    this.cursor = 1;
    if (delay > 0) this.u.fx.setTimer('election', now + delay);
    else this.next(now);
  }

  /** Stops searching; a claim in flight is released. */
  halt() {
    this.active = false;
    this.u.fx.cancelTimer('election');
    this.u.fx.cancelTimer('claim');
    if (this.claiming) {
      this.u.fx.release(this.u.ids.slotId(this.claiming));
      this.claiming = 0;
    }
  }

  isMarked(slot, now) {
    const m = this.marks.get(slot);
    if (!m) return false;
    if (m.until <= now) {
      this.marks.delete(slot);
      return false;
    }
    return true;
  }

  mark(slot, kind, now) {
    if (this.isShunned(slot)) return; // a shunned slot stays shunned
    this.marks.set(slot, { kind, until: now + this.u.t.heldId });
  }

  /** §13.2.4: a slot whose holder proved to be someone else is never tried again for the unit's life. */
  shun(slot) {
    this.marks.set(slot, { kind: 'shunned', until: Infinity });
  }

  isShunned(slot) {
    return this.marks.get(slot)?.kind === 'shunned';
  }

  /** An unanswered mark, unless the slot is already marked vanished (the stronger evidence). */
  markUnanswered(slot, now) {
    if (this.marks.get(slot)?.kind === 'vanished' && this.isMarked(slot, now)) return;
    this.mark(slot, 'unanswered', now);
  }

  isVanished(slot, now) {
    return this.isMarked(slot, now) && this.marks.get(slot).kind === 'vanished';
  }

  clearMark(slot) {
    if (this.isShunned(slot)) return;
    this.marks.delete(slot);
  }

  /** §6.1: each connect or claim that got no answer in time doubles the timeout, up to 8×. */
  backOff() {
    this.rto = Math.min(this.rto * 2, 8 * this.u.t.connectTimeout);
  }

  /**
   * §6.1: each complete welcome that answers a connect of ours lets it decay by an eighth (rounded down), never below
   * twice the time from the connect to that welcome nor below the base value, never above 8× the base value.
   */
  decay(took) {
    const base = this.u.t.connectTimeout;
    this.rto = Math.min(8 * base, Math.max(base, 2 * took, this.rto - Math.floor(this.rto / 8)));
  }

  next(now) {
    if (!this.active) return;
    const { fx, ids, t } = this.u;
    for (let k = this.cursor; k <= t.maxSlots; k++) {
      if (this.isMarked(k, now)) continue;
      this.cursor = k;
      this.claiming = k;
      fx.claim(ids.slotId(k));
      fx.setTimer('claim', now + this.rto);
      return;
    }
    // Every slot skipped: search again when the earliest mark expires.
    this.cursor = 1;
    let earliest = Infinity;
    for (const m of this.marks.values()) earliest = Math.min(earliest, m.until);
    // Only shunned slots left (a meeting namespace full of squatters): nothing to search until the unit ends.
    if (Number.isFinite(earliest) || this.marks.size === 0) fx.setTimer('election', Number.isFinite(earliest) ? earliest : now);
  }

  onTimer(key, now) {
    if (!this.active) return;
    if (key === 'election') {
      this.next(now);
    } else if (key === 'claim' && this.claiming) {
      // No answer to the claim: release it, back off, search again from slot 1 after the timeout.
      this.u.fx.release(this.u.ids.slotId(this.claiming));
      this.claiming = 0;
      this.backOff();
      this.cursor = 1;
      this.u.fx.setTimer('election', now + this.rto);
    }
  }

  /** True when `id` is our search claim; then we won slot k. */
  onClaimWon(id, now) {
    if (!this.active || !this.claiming || id !== this.u.ids.slotId(this.claiming)) return false;
    const slot = this.claiming;
    this.claiming = 0;
    this.active = false;
    this.u.fx.cancelTimer('claim');
    this.clearMark(slot);
    this.u.becomeRouter(slot, now);
    return true;
  }

  /** True when `id` is our search claim; then someone holds slot k: check in there. */
  onClaimTaken(id, now) {
    if (!this.active || !this.claiming || id !== this.u.ids.slotId(this.claiming)) return false;
    const slot = this.claiming;
    this.claiming = 0;
    this.u.fx.cancelTimer('claim');
    this.u.join(slot, 'search', now);
    return true;
  }

  /** The check-in reached from the search at the current slot failed at `slot`: mark it, try the next one. */
  joinFailed(slot, timedOut, now) {
    this.markUnanswered(slot, now);
    if (timedOut) this.backOff();
    if (!this.active) return;
    this.cursor += 1;
    this.next(now);
  }

  joined(slot, took) {
    this.active = false;
    this.clearMark(slot);
    this.decay(took);
  }
}
