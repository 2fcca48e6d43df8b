// The split-brain probe (docs/PROTOCOL.md §9): a router on slot k > 1 probes slots 1..k-1 in order every
// `probe` period. A free slot j: move there. A held one: connect from our slot ID and send our registry
// as `merge`; a complete welcome from a lower slot means it was taken: our members move there and we
// check in there ourselves. No answer, `refused`, `moved` or a close: mark j, next j. A claim without
// an answer ends the round. Rounds start every `probe` period (a longer round delays the next to its end).

import { mergeMessages } from './split.js';
import { SnapshotAssembly } from './snapshot.js';

export class Probe {
  constructor(unit, router, now) {
    this.u = unit;
    this.router = router;
    this.j = 0; // slot being probed, 0 between rounds
    this.stage = null; // 'claim' | 'connect'
    this.roundStart = now;
    this.assembly = null;
    unit.fx.setTimer('probe', now + unit.t.probe);
  }

  get remote() {
    return this.u.ids.slotId(this.j);
  }

  onTimer(key, now) {
    if (key === 'probe' && this.j === 0) {
      this.roundStart = now;
      this.j = 1;
      this.step(now);
    } else if (key === 'probe-step' && this.j !== 0) {
      this.fail(true, now);
    }
  }

  step(now) {
    const { fx, election } = this.u;
    while (this.j < this.router.slot && election.isShunned(this.j)) this.j += 1; // §13.2.4: never tried again
    if (this.j >= this.router.slot) return this.endRound(now);
    this.stage = 'claim';
    fx.claim(this.remote);
    fx.setTimer('probe-step', now + election.rto);
    return undefined;
  }

  endRound(now) {
    this.j = 0;
    this.stage = null;
    this.assembly = null;
    if (this.router.slot > 1) this.u.fx.setTimer('probe', Math.max(now, this.roundStart + this.u.t.probe));
  }

  /** True when `id` is our probe claim: slot j is free, so we move there. */
  onClaimWon(id, now) {
    if (this.stage !== 'claim' || id !== this.remote) return false;
    const j = this.j;
    this.u.fx.cancelTimer('probe-step');
    this.u.election.clearMark(j);
    this.j = 0;
    this.stage = null;
    this.router.moveTo(j, now);
    if (this.router.probe === this) this.endRound(now);
    return true;
  }

  /** True when `id` is our probe claim: slot j is held, so we offer a merge there. */
  onClaimTaken(id, now) {
    if (this.stage !== 'claim' || id !== this.remote) return false;
    this.stage = 'connect';
    this.connectedAt = now;
    this.assembly = new SnapshotAssembly();
    this.u.fx.connect(this.router.slotId, this.remote);
    this.u.fx.setTimer('probe-step', now + this.u.election.rto);
    return true;
  }

  /** Whether a link event with (our slot ID, `remote`) belongs to the probe. */
  owns(remote) {
    return this.stage === 'connect' && remote === this.remote;
  }

  onOpen() {
    for (const m of mergeMessages(this.router.slot, this.router.entries())) {
      this.u.fx.send(this.router.slotId, this.remote, m);
    }
  }

  onMessage(decoded, now) {
    if (decoded.kind !== 'message') return;
    const m = decoded.message;
    if (m.type === 'refused' || m.type === 'moved') {
      this.fail(false, now);
    } else if (m.type === 'welcome') {
      const snapshot = this.assembly.add(m);
      if (snapshot === null || snapshot.invalid) return;
      // Only the router of the probed slot takes a merge (§9): a welcome for any other slot is a failure of slot j.
      if (snapshot.slot !== this.j) return this.fail(false, now);
      this.u.election.decay(now - this.connectedAt); // §6.1: a welcome that answers our connect
      this.u.fx.cancelTimer('probe-step');
      this.u.fx.close(this.router.slotId, this.remote);
      this.j = 0;
      this.stage = null;
      this.u.mergedInto(snapshot, now);
    }
  }

  onClosed(now) {
    this.fail(false, now);
  }

  /**
   * Slot j did not take us: mark it unanswered (unless vanished, which also skips the back-off). A claim without an
   * answer says nothing about slot j (our signaling connection may be stuck): no mark, back off, the round ends.
   */
  fail(timedOut, now) {
    const { fx, election } = this.u;
    fx.cancelTimer('probe-step');
    if (this.stage === 'claim') {
      fx.release(this.remote);
      election.backOff();
      return this.endRound(now);
    }
    fx.close(this.router.slotId, this.remote);
    const vanished = election.isVanished(this.j, now);
    if (!vanished) {
      election.markUnanswered(this.j, now);
      if (timedOut) election.backOff();
    }
    this.j += 1;
    return this.step(now);
  }

  /**
   * Meeting namespaces: the link to slot j was handed off and is done with (met, or no verdict): the round goes on
   * with the next slot, unmarked, so the next round tries j again.
   */
  released(now) {
    if (this.stage !== 'connect') return undefined;
    this.u.fx.cancelTimer('probe-step');
    this.j += 1;
    return this.step(now);
  }

  halt() {
    const { fx } = this.u;
    fx.cancelTimer('probe');
    fx.cancelTimer('probe-step');
    if (this.stage === 'claim') fx.release(this.remote);
    else if (this.stage === 'connect') fx.close(this.router.slotId, this.remote);
    this.j = 0;
    this.stage = null;
  }
}
