// A meeting namespace (docs/PROTOCOL.md §13.2.4): the election of §6 and the downward probe of §9, with no
// registry, check-in or any other message of §5. Whoever of two peers comes first wins slot 1 and waits there;
// the other finds it taken and connects; every link that opens (ours to a slot holder, or a stranger's to our slot)
// is handed to the application (a `hand-off` effect), which runs the identity handshake and the notes on it and
// answers with `meeting-ended` and a verdict. `refused` (the peer proved to be someone else): the slot is shunned
// for the unit's life and the search goes on above it, so a squatter costs one connect, not the meeting.
// `unproven` (closed, or not proved in time): the slot is only marked like an unanswered connect, so later searches
// and probes try it again. `met`: if the application still holds the namespace a meeting timeout later (it looks
// for the peer again), the search starts over from slot 1; the met peer's slot is never shunned, since the peer may
// come back to it.
//
// It reuses the network unit's Election and Probe through the same small interface (fx, ids, t, becomeRouter,
// join): the difference is only what happens once a link is open. Pure: `step(event, now)` returns effects; the
// random start delay comes from the `random()` passed in.

import { NamespaceIds, isValidDiscoveryUuid } from './ids.js';
import { timings as withDefaults } from './settings.js';
import { Effects } from './effects.js';
import { Election } from './election.js';
import { Probe } from './probe.js';

/** Links handed off at once on our slot; more are closed at once (each may take a meeting timeout). */
export const MAX_INBOUND_MEETINGS = 4;
const START_DELAY_MIN = 1_000;
const VERDICTS = new Set(['met', 'refused', 'unproven']); // the design's 1–3 s: spreads the claims of peers entering at one slot change

export class MeetingUnit {
  /**
   * @param {object} o
   * @param {string} o.prefix application prefix
   * @param {string} o.ns the rendezvous namespace (`rendezvous-…`)
   * @param {string} o.uuid a fresh random UUID for this unit's Discovery ID (never reused: IDs must not link)
   * @param {number} [o.meetingTimeout] how long a handed-off link may take (ms)
   * @param {object} [o.timings] overrides of the election's timings
   * @param {() => number} o.random uniform in [0, 1)
   */
  constructor({ prefix, ns, uuid, meetingTimeout = 10_000, timings, random }) {
    if (!isValidDiscoveryUuid(uuid)) throw new Error('invalid discovery UUID');
    if (typeof random !== 'function') throw new Error('random must be a function');
    this.ids = new NamespaceIds(prefix, ns);
    this.discoveryId = this.ids.discoveryId(uuid);
    this.t = withDefaults(timings);
    this.meetingTimeout = meetingTimeout;
    this.random = random;
    this.fx = new Effects();
    this.mode = 'new'; // claiming | searching | router | stopped
    this.held = new Set();
    this.election = new Election(this);
    this.router = null; // {slot, slotId, probe, moveTo}
    this.gate = null; // our outgoing link: {slot, local, remote, fromProbe, open}
    this.inbound = new Map(); // `${local} ${remote}` -> deadline of an incoming link handed off
    this.releasing = new Set(); // slot IDs moved away from, kept while meetings on them may go on
    this.pendingDelay = 0;
  }

  step(event, now) {
    if (typeof now !== 'number' || !Number.isFinite(now)) throw new Error('now must be a number');
    const handler = HANDLERS[event?.type];
    if (!handler) throw new Error(`unknown event ${event?.type}`);
    if (this.mode !== 'stopped') handler.call(this, event, now);
    return this.fx.drain();
  }

  /** The slot we hold and wait on, or 0. */
  get slot() {
    return this.router?.slot ?? 0;
  }

  // ---------------------------------------------------------------- what Election and Probe call

  search(now, delay) {
    if (!this.held.has(this.discoveryId)) {
      this.mode = 'claiming';
      this.pendingDelay = delay;
      this.fx.claim(this.discoveryId);
      return;
    }
    this.mode = 'searching';
    this.election.begin(now, delay);
  }

  becomeRouter(slot, now) {
    this.mode = 'router';
    const unit = this;
    this.router = {
      slot,
      get slotId() { return unit.ids.slotId(this.slot); },
      probe: null,
      moveTo(j, at) { unit.moveTo(j, at); },
    };
    this.held.add(this.router.slotId);
    this.releasing.delete(this.router.slotId);
    // A holder connects (probes) from its slot ID: the Discovery ID is not needed while it waits (§13.2.10).
    if (this.held.delete(this.discoveryId)) this.fx.release(this.discoveryId);
    this.router.probe = new Probe(this, this.router, now);
  }

  /** The election found slot `slot` taken: connect to its holder from our Discovery ID. */
  join(slot, origin, now) {
    void origin;
    this.gate = { slot, local: this.discoveryId, remote: this.ids.slotId(slot), fromProbe: false, open: false };
    this.fx.connect(this.gate.local, this.gate.remote);
    this.fx.setTimer('attempt', now + this.election.rto);
  }

  /** The probe found a free lower slot: hold it; the old one stays while links on it may still prove themselves. */
  moveTo(j, now) {
    const old = this.router.slotId;
    this.router.slot = j;
    this.held.add(this.router.slotId);
    this.releasing.delete(this.router.slotId);
    this.releasing.add(old);
    this.fx.setTimer(`release:${old}`, now + this.meetingTimeout);
  }

  // ---------------------------------------------------------------- hand-offs

  handOff(local, remote, incoming, now) {
    this.fx.notify({ type: 'hand-off', local, remote, incoming });
    if (incoming) this.inbound.set(`${local} ${remote}`, now + this.meetingTimeout);
    else this.fx.setTimer('meeting', now + this.meetingTimeout);
  }

  /** The application is done with our outgoing link (`verdict`: met, refused or unproven); the search goes on. */
  endGate(verdict, now) {
    const g = this.gate;
    this.gate = null;
    this.fx.cancelTimer('meeting');
    this.fx.cancelTimer('attempt');
    if (verdict === 'refused') this.election.shun(g.slot);
    if (g.fromProbe) {
      const probe = this.router?.probe;
      if (!probe) return;
      if (verdict === 'refused') probe.fail(false, now);
      else probe.released(now);
    } else if (this.mode === 'searching' && this.election.active) {
      if (verdict === 'refused') {
        this.election.cursor += 1;
        this.election.next(now);
      } else if (verdict === 'unproven') {
        this.election.joinFailed(g.slot, false, now);
      } else {
        this.election.begin(now, this.meetingTimeout + this.startDelay());
      }
    }
  }

  /** Our connect failed before a hand-off (closed, or no answer within the election's timeout). */
  gateFailed(timedOut, now) {
    const g = this.gate;
    this.gate = null;
    this.fx.cancelTimer('attempt');
    this.fx.close(g.local, g.remote);
    if (this.mode === 'searching') this.election.joinFailed(g.slot, timedOut, now);
  }

  expireInbound(now) {
    for (const [k, until] of this.inbound) if (until <= now) this.inbound.delete(k);
  }

  startDelay() {
    const max = this.t.jitter;
    if (max <= START_DELAY_MIN) return Math.floor(this.random() * max);
    return START_DELAY_MIN + Math.floor(this.random() * (max - START_DELAY_MIN));
  }

  /** Our slot is gone (its signaling connection dropped): nobody can reach us there; search again. */
  lostSlot(now) {
    this.router.probe.halt();
    this.router = null;
    this.gate = null;
    this.search(now, Math.floor(this.random() * this.t.jitter));
  }
}

const HANDLERS = {
  start(event, now) {
    if (this.mode !== 'new') throw new Error('started twice');
    this.search(now, this.startDelay());
  },

  'claim-won'({ id }, now) {
    if (id === this.discoveryId) {
      if (this.mode !== 'claiming') {
        this.fx.release(id); // claimed after we became slot holder: not needed
        return;
      }
      this.held.add(id);
      this.fx.cancelTimer('discovery-retry');
      this.mode = 'searching';
      this.election.begin(now, this.pendingDelay);
      return;
    }
    if (this.mode === 'searching' && this.election.onClaimWon(id, now)) return;
    if (this.router?.probe?.onClaimWon(id, now)) return;
    if (!this.held.has(id)) this.fx.release(id); // a claim we gave up on was answered anyway
  },

  'claim-taken'({ id }, now) {
    if (id === this.discoveryId) {
      // A fresh UUID is taken only while the server still holds our own earlier claim: try again a little later.
      this.fx.setTimer('discovery-retry', now + this.t.connectTimeout);
      return;
    }
    if (this.mode === 'searching' && this.election.onClaimTaken(id, now)) return;
    this.router?.probe?.onClaimTaken(id, now);
  },

  'id-lost'({ id }, now) {
    if (!this.held.delete(id)) return;
    this.releasing.delete(id);
    if (id === this.discoveryId) {
      if (this.mode === 'searching') {
        this.election.halt();
        this.gate = null;
        this.search(now, Math.floor(this.random() * this.t.jitter));
      }
    } else if (this.router && id === this.router.slotId) {
      this.lostSlot(now);
    }
  },

  'link-open'({ local, remote, incoming }, now) {
    if (incoming) {
      const ours = this.router !== null && (local === this.router.slotId || this.releasing.has(local));
      this.expireInbound(now);
      if (!ours || this.inbound.size >= MAX_INBOUND_MEETINGS) {
        this.fx.close(local, remote); // §13.2.4: links to a Discovery ID of a meeting namespace are closed at once
        return;
      }
      this.handOff(local, remote, true, now);
      return;
    }
    const g = this.gate;
    if (g && !g.open && g.local === local && g.remote === remote) {
      g.open = true;
      this.fx.cancelTimer('attempt');
      this.handOff(local, remote, false, now);
      return;
    }
    const probe = this.router?.probe;
    if (probe && !this.gate && local === this.router.slotId && probe.owns(remote)) {
      this.fx.cancelTimer('probe-step');
      this.gate = { slot: probe.j, local, remote, fromProbe: true, open: true };
      this.handOff(local, remote, false, now);
      return;
    }
    this.fx.close(local, remote); // a connect we gave up on opened anyway
  },

  'link-closed'({ local, remote }, now) {
    const g = this.gate;
    if (g && g.local === local && g.remote === remote) {
      // Before the hand-off, a failed connect; after it, the link is the application's: its verdict decides.
      if (!g.open) this.gateFailed(false, now);
      return;
    }
    const probe = this.router?.probe;
    if (probe && local === this.router.slotId && probe.owns(remote)) probe.onClosed(now);
  },

  'link-message'() {
    // Nothing of §5 is spoken here: every link is handed off as soon as it opens.
  },

  'meeting-ended'({ local, remote, verdict }, now) {
    if (!VERDICTS.has(verdict)) throw new Error(`unknown verdict ${verdict}`);
    const g = this.gate;
    if (g && g.local === local && g.remote === remote) this.endGate(verdict, now);
    else this.inbound.delete(`${local} ${remote}`);
  },

  timer({ key }, now) {
    if (typeof key !== 'string' || !this.fx.takeDue(key, now)) return;
    if (key === 'discovery-retry') {
      if (this.mode === 'claiming') this.fx.claim(this.discoveryId);
    } else if (key === 'attempt') {
      if (this.gate && !this.gate.open) {
        if (this.gate.fromProbe) this.router?.probe?.fail(true, now);
        else this.gateFailed(true, now);
      }
    } else if (key === 'meeting') {
      if (this.gate) this.endGate('unproven', now); // no verdict in time
      this.expireInbound(now);
    } else if (key.startsWith('release:')) {
      const id = key.slice('release:'.length);
      if (this.releasing.delete(id) && this.held.delete(id)) this.fx.release(id);
    } else if (key === 'election' || key === 'claim') {
      if (this.mode === 'searching' && !this.gate) this.election.onTimer(key, now);
    } else if (key === 'probe' || key === 'probe-step') {
      if (this.router && !this.gate) this.router.probe.onTimer(key, now);
    }
  },

  'transport-id'() {
    // Nothing: no Transport ID ever leaves a meeting namespace.
  },

  stop() {
    this.router?.probe?.halt();
    this.election.halt();
    for (const id of this.held) this.fx.release(id);
    if (this.mode === 'claiming') this.fx.release(this.discoveryId); // its claim may still be in flight
    this.held.clear();
    this.releasing.clear();
    this.inbound.clear();
    this.fx.cancelAll('');
    this.router = null;
    this.gate = null;
    this.mode = 'stopped';
    this.fx.notify({ type: 'stopped' });
  },
};
