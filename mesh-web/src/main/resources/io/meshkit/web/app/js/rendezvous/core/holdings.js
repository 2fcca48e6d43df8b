// Which rendezvous namespaces to hold (docs/PROTOCOL.md §13.2.3): at most `budget`, chosen by the pair's priority in
// each slot, which both contacts compute alike; a namespace with a meeting in progress, or just met in, is kept until
// that is over (a slot change never cuts a meeting, §13.2.2). The owner says what it wants after every step; this
// answers with `join` and `leave` effects.
//
// Following a beacon (§13.3.5) the prefix changes: new namespaces are joined under the new prefix, while those of the
// old one stay, outside the budget, for the overlap (until the prefix is dropped; one with a meeting under way stays
// until the meeting is over). So that the same pair and slot joined again under the new prefix is a namespace of its
// own (and a meeting unit of its own in the adapter), every prefix change bumps a generation that the labels carry.

const TWO_64 = 1n << 64n;

/** The label of a contact's namespace in one slot, joined in `generation`: how the runtime names the meeting unit. */
export const labelOf = (contact, slot, generation = 0) =>
  `rv-${contact.slice(0, 16)}-${slot}${generation === 0 ? '' : `-g${generation}`}`;

export class Holdings {
  /**
   * @param {number} budget namespaces of the current prefix held at once (besides those of meetings under way)
   * @param {import('../../mesh/core/effects.js').Effects} fx
   * @param {string} prefix the prefix the next namespaces are joined under
   */
  constructor(budget, fx, prefix) {
    this.budget = budget;
    this.fx = fx;
    this.prefix = prefix;
    this.overlapping = new Set(); // older prefixes still in their overlap: their namespaces are kept, outside the budget
    this.generation = 0; // bumped at every prefix change
    this.held = new Map(); // label -> {label, contact, slot, prefix, ns, meetings, leaving}
  }

  /** A new prefix: the next hold joins under it; the old one's namespaces stay until `prefixDropped`. */
  prefixChanged(prefix) {
    if (prefix === this.prefix) return;
    this.overlapping.add(this.prefix);
    this.overlapping.delete(prefix);
    this.prefix = prefix;
    this.generation++;
  }

  /** The overlap of `prefix` is over: its namespaces go at the next hold (once their meetings are over). */
  prefixDropped(prefix) {
    this.overlapping.delete(prefix);
  }

  /**
   * Keeps what must stay, then holds of `wants` ({contact, slot, ns, priority: 16 hex digits}) those whose priority p
   * passes the bar p × n ≥ (n − r) × 2^64 (n wants, r the budget left; all when n ≤ r), highest first, at most r; a bar
   * rather than the r highest, so that each side's choice depends only on its own number of candidates and the pair's
   * priority, which both share.
   */
  hold(wants) {
    const keep = new Set();
    let counted = 0; // kept namespaces of the current prefix: they take from the budget, the old prefix's do not
    for (const h of this.held.values()) {
      const current = h.prefix === this.prefix;
      if (h.meetings > 0 || h.leaving || (!current && this.overlapping.has(h.prefix))) {
        keep.add(h.label);
        if (current) counted++;
      }
    }
    let room = this.budget - counted;
    const ordered = wants.map((w) => ({ ...w, p: BigInt('0x' + w.priority) }))
      .sort((a, b) => (a.p === b.p ? (a.contact < b.contact ? -1 : a.contact > b.contact ? 1 : a.slot - b.slot)
        : (a.p > b.p ? -1 : 1)));
    const n = BigInt(ordered.length);
    const bar = ordered.length <= room ? 0n : (n - BigInt(Math.max(0, room))) * TWO_64;
    const chosen = new Map();
    for (const w of ordered) {
      const label = labelOf(w.contact, w.slot, this.generation);
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
      this.held.set(label, { label, contact: w.contact, slot: w.slot, prefix: this.prefix, ns: w.ns, meetings: 0,
        leaving: false });
      this.fx.notify({ type: 'join', label, prefix: this.prefix, ns: w.ns, contact: w.contact });
    }
  }

  leave(label) {
    if (this.held.delete(label)) this.fx.notify({ type: 'leave', label });
  }

  contactOf(label) {
    return this.held.get(label)?.contact ?? null;
  }

  /** The prefix `label` was joined under, or null if we do not hold it. */
  prefixOf(label) {
    return this.held.get(label)?.prefix ?? null;
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
