// Which rendezvous namespaces to hold (docs/PROTOCOL.md §13.2.3): at most `budget`, chosen by the pair's priority in
// each slot, which both contacts compute alike; a namespace with a meeting in progress, or just met in, is kept until
// that is over (a slot change never cuts a meeting, §13.2.2). The owner says what it wants after every step; this
// answers with `join` and `leave` effects.

const TWO_64 = 1n << 64n;

/** The label of a contact's namespace in one slot: how the runtime names the meeting unit. */
export const labelOf = (contact, slot) => `rv-${contact.slice(0, 16)}-${slot}`;

export class Holdings {
  constructor(budget, fx) {
    this.budget = budget;
    this.fx = fx;
    this.held = new Map(); // label -> {label, contact, slot, ns, meetings, leaving}
  }

  /**
   * Keeps what must stay, then holds of `wants` ({contact, slot, ns, priority: 16 hex digits}) those whose priority p
   * passes the bar p × n ≥ (n − r) × 2^64 (n wants, r the budget left; all when n ≤ r), highest first, at most r; a bar
   * rather than the r highest, so that each side's choice depends only on its own number of candidates and the pair's
   * priority, which both share.
   */
  hold(wants) {
    const keep = new Set();
    for (const h of this.held.values()) if (h.meetings > 0 || h.leaving) keep.add(h.label);
    let room = this.budget - keep.size;
    const ordered = wants.map((w) => ({ ...w, p: BigInt('0x' + w.priority) }))
      .sort((a, b) => (a.p === b.p ? (a.contact < b.contact ? -1 : a.contact > b.contact ? 1 : a.slot - b.slot)
        : (a.p > b.p ? -1 : 1)));
    const n = BigInt(ordered.length);
    const bar = ordered.length <= room ? 0n : (n - BigInt(Math.max(0, room))) * TWO_64;
    const chosen = new Map();
    for (const w of ordered) {
      const label = labelOf(w.contact, w.slot);
      if (keep.has(label) || chosen.has(label)) continue;
      if (room <= 0 || w.p * n < bar) break; // ordered by priority: nothing after passes either
      chosen.set(label, w);
      room--;
    }
    for (const h of [...this.held.values()]) {
      if (!keep.has(h.label) && !chosen.has(h.label)) this.leave(h.label);
    }
    for (const [label, w] of chosen) {
      if (this.held.has(label)) continue;
      this.held.set(label, { label, contact: w.contact, slot: w.slot, ns: w.ns, meetings: 0, leaving: false });
      this.fx.notify({ type: 'join', label, ns: w.ns, contact: w.contact });
    }
  }

  leave(label) {
    if (this.held.delete(label)) this.fx.notify({ type: 'leave', label });
  }

  contactOf(label) {
    return this.held.get(label)?.contact ?? null;
  }

  meetingStarted(label) {
    const h = this.held.get(label);
    if (h) h.meetings++;
  }

  meetingEnded(label) {
    const h = this.held.get(label);
    if (h && h.meetings > 0) h.meetings--;
  }

  /** Met in `label`: kept for the close grace (our note leaves first); the pair's others go at the next hold. */
  met(label, now, grace) {
    const h = this.held.get(label);
    if (!h) return;
    h.leaving = true;
    this.fx.setTimer(`leave:${label}`, now + grace);
  }

  leaveDue(label) {
    const h = this.held.get(label);
    if (h) {
      h.leaving = false;
      h.meetings = 0; // the met link's close may never be reported once we leave
    }
  }

  removeContact(contact) {
    for (const h of [...this.held.values()]) if (h.contact === contact) this.leave(h.label);
  }

  /** label -> namespace of every namespace held now. */
  namespaces() {
    return Object.fromEntries([...this.held.values()].map((h) => [h.label, h.ns]));
  }
}
