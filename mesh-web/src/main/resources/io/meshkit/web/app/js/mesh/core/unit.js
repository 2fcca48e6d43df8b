// One namespace unit (docs/PROTOCOL.md §6–§9, §14): a pure state machine. `step(event, now)` takes one
// event from the adapter (claim results, link events, messages, timers, start/stop) and returns the
// effects to carry out (claim/release IDs, connect/send/close links, set/cancel timers, notifications).
// No timers, network, clock or randomness of its own: `now` is the caller's wall clock (Unix ms, used
// for `lastSeen`), `random()` is passed in.
//
// Parts, each owning one state: Election (search, marks, back-off), MemberSession (one link to a router
// slot), RouterSession (registry, admission, pushes; with its Probe), GraceSlots (slots moved away from).

import { NamespaceIds, isValidDiscoveryUuid, isValidId } from './ids.js';
import { nameProblem } from './names.js';
import { decode } from './wire.js';
import { timings as withDefaults, LIMITS } from './settings.js';
import { Effects } from './effects.js';
import { Election } from './election.js';
import { MemberSession } from './member.js';
import { RouterSession } from './router.js';
import { GraceSlots } from './grace.js';
import { RegistryCopy } from './view.js';

export class NamespaceUnit {
  /**
   * @param {object} o
   * @param {string} o.prefix application prefix
   * @param {string} o.ns namespace (e.g. from namespaceOf)
   * @param {string} o.discoveryUUID stored discovery UUID
   * @param {string} o.name friendly name (§4.3)
   * @param {string} [o.transportID] current Transport ID
   * @param {object} [o.timings] overrides of DEFAULT_TIMINGS
   * @param {() => number} o.random uniform in [0, 1), seeded by the caller
   */
  constructor({ prefix, ns, discoveryUUID, name, transportID, timings, random }) {
    const problem = nameProblem(name);
    if (problem) throw new Error(problem);
    if (!isValidDiscoveryUuid(discoveryUUID)) throw new Error('invalid discovery UUID');
    if (transportID !== undefined && !isValidId(transportID)) throw new Error('invalid transport ID');
    if (typeof random !== 'function') throw new Error('random must be a function');
    this.ids = new NamespaceIds(prefix, ns);
    // §2.4: {prefix}-{uuid} whose UUID begins with {ns}- would be a Discovery ID here; a random UUID never is.
    if (transportID !== undefined && this.ids.classify(transportID).kind !== 'foreign') {
      throw new Error('the Transport ID reads as an ID of this namespace');
    }
    this.t = withDefaults(timings);
    this.random = random;
    this.discoveryId = this.ids.discoveryId(discoveryUUID);
    this.self = { name, discoveryUUID, transportID };
    this.fx = new Effects();
    this.mode = 'new'; // claiming | searching | joining | member | router | stopped
    this.discoveryRetry = this.t.connectTimeout; // wait before claiming a taken Discovery ID again (doubles)
    this.election = new Election(this);
    this.grace = new GraceSlots(this);
    this.view = new RegistryCopy(this.ids);
    this.session = null;
    this.router = null;
    this.held = new Set(); // IDs we hold on the signaling server (not counting claims in flight)
    this.shown = { role: undefined, list: undefined };
  }

  selfEntry(now) {
    return { discoveryID: this.discoveryId, friendlyName: this.self.name, lastSeen: now,
      discoveryUUID: this.self.discoveryUUID, transportID: this.self.transportID };
  }

  log(text) {
    this.fx.notify({ type: 'log', text });
  }

  /** Handles one event; returns the effects to carry out, in order. */
  step(event, now) {
    if (typeof now !== 'number' || !Number.isFinite(now)) throw new Error('now must be a number');
    const handler = HANDLERS[event?.type];
    if (!handler) throw new Error(`unknown event ${event?.type}`);
    if (this.mode !== 'stopped') {
      handler.call(this, event, now);
      if (this.mode !== 'stopped') this.showChanges();
    }
    return this.fx.drain();
  }

  // ---------------------------------------------------------------- transitions used by the parts

  /** Searches (§6) after `delay`; without our Discovery ID (lost, being claimed again) once we hold it. */
  search(now, delay = 0) {
    if (!this.held.has(this.discoveryId)) {
      this.mode = 'claiming';
      return;
    }
    this.mode = 'searching';
    this.election.begin(now, delay);
  }

  becomeRouter(slot, now) {
    this.endSession();
    this.held.add(this.ids.slotId(slot));
    this.mode = 'router';
    this.router = new RouterSession(this, slot, now, [...this.view.entries.values()]);
  }

  join(slot, origin, now, hops = 0) {
    this.endSession();
    this.mode = 'joining';
    this.session = new MemberSession(this, slot, origin, now, hops);
  }

  memberJoined(session, now) {
    this.mode = 'member';
    if (session.origin === 'search') this.election.joined(session.slot, now - session.started);
    else this.election.decay(now - session.started);
  }

  joinFailed(session, timedOut, now) {
    if (session !== this.session) return;
    this.session = null;
    this.mode = 'searching';
    if (session.origin === 'search' && this.election.active) {
      this.election.joinFailed(session.slot, timedOut, now);
    } else {
      // Following `moved` (or our own merge) failed: search from slot 1 (§6, §10 step 4).
      this.election.markUnanswered(session.slot, now);
      if (timedOut) this.election.backOff();
      this.search(now);
    }
  }

  /** §6: a welcome for another slot, or `moved`, sends us to slot j (no claim), at most 4 times in a row. */
  redirect(session, slot, now) {
    if (session !== this.session) return undefined;
    if (session.hops >= LIMITS.maxRedirects) return this.joinFailed(session, false, now);
    this.session = null;
    if (session.joined) return this.join(slot, 'moved', now);
    return this.join(slot, session.origin, now, session.hops + 1);
  }

  /**
   * §7.4, §7.7: the router vanished (link closed, ICE failed, or silent for ttl), or refused us (`unanswered`:
   * it is alive, only not usable by us).
   */
  memberLost(session, now, mark = 'vanished') {
    if (session !== this.session) return;
    this.session = null;
    this.election.mark(session.slot, mark, now);
    this.view.remove(this.view.routerDiscoveryID);
    const delay = this.view.successor === this.discoveryId ? 0 : Math.floor(this.random() * this.t.jitter);
    this.search(now, delay);
  }

  /** §7.7: `leaving(successor)`: the slot is free as soon as the router's socket closes. */
  routerLeaving(session, successor, now) {
    if (session !== this.session) return;
    this.session = null;
    this.election.clearMark(session.slot);
    this.view.remove(this.view.routerDiscoveryID);
    const jitter = successor === this.discoveryId ? 0 : Math.floor(this.random() * this.t.cleanJitter);
    this.search(now, this.t.handoverDelay + jitter);
  }

  /** §9: our merge was taken; members were told to move; we check in at the lower router like a member. */
  mergedInto(snapshot, now) {
    const router = this.router;
    router.notifyMoved(this.ids.slotId(snapshot.slot));
    this.grace.add(router.slotId, this.ids.slotId(snapshot.slot), now);
    router.halt();
    this.router = null;
    this.view.replace(snapshot);
    if (this.held.has(this.discoveryId)) this.join(snapshot.slot, 'merge', now);
    else this.mode = 'claiming'; // we check in from the Discovery ID: search once it is ours again
  }

  endSession() {
    if (this.session) {
      this.session.end();
      this.session = null;
    }
  }

  releaseId(id) {
    this.held.delete(id);
    this.fx.release(id);
  }

  // ---------------------------------------------------------------- what the application sees

  role() {
    if (this.mode === 'router') return { role: 'router', routerId: this.router.slotId, routerDiscoveryId: this.discoveryId };
    if (this.mode === 'member') {
      return { role: 'member', routerId: this.session.remote, routerDiscoveryId: this.view.routerDiscoveryID ?? null };
    }
    return { role: null, routerId: null, routerDiscoveryId: null };
  }

  listed() {
    const source = this.mode === 'router' ? this.router.entries() : [...this.view.entries.values()];
    return source.filter((e) => e.discoveryID !== this.discoveryId)
      .sort((a, b) => (a.discoveryID < b.discoveryID ? -1 : 1));
  }

  showChanges() {
    const role = this.role();
    const roleKey = `${role.role}|${role.routerId}|${role.routerDiscoveryId}`;
    if (roleKey !== this.shown.role) {
      this.shown.role = roleKey;
      this.fx.notify({ type: 'role', ...role });
    }
    const peers = this.listed();
    const listKey = JSON.stringify(peers.map((e) => [e.discoveryID, e.friendlyName, e.transportID ?? null]));
    if (listKey !== this.shown.list) {
      this.shown.list = listKey;
      this.fx.notify({ type: 'list', peers });
    }
  }
}

// ---------------------------------------------------------------- event handlers (this = unit)

function linkOwner(u, local, remote) {
  if (local === u.discoveryId) return u.session && u.session.remote === remote ? 'member' : null;
  if (u.router && local === u.router.slotId) return u.router.probe?.owns(remote) ? 'probe' : 'router';
  if (u.grace.has(local)) return 'grace';
  return null;
}

const HANDLERS = {
  start(event, now) {
    if (this.mode !== 'new') throw new Error('started twice');
    this.mode = 'claiming';
    this.fx.claim(this.discoveryId);
    void now;
  },

  'claim-won'({ id }, now) {
    if (id === this.discoveryId) {
      if (this.held.has(id)) return;
      this.held.add(id);
      this.discoveryRetry = this.t.connectTimeout;
      this.fx.cancelTimer('discovery-retry');
      if (this.mode === 'claiming') this.search(now);
      return;
    }
    if (this.election.onClaimWon(id, now)) return;
    if (this.router?.probe?.onClaimWon(id, now)) {
      this.held.add(id);
      return;
    }
    // §6: a claim won after we stopped wanting it is released at once.
    if (!this.held.has(id)) this.fx.release(id);
  },

  'claim-taken'({ id }, now) {
    if (id === this.discoveryId) {
      // The same installation twice (two tabs), our own earlier connection not freed yet, or someone who took the ID
      // while we had lost it: say so and try again, backing off up to heldId (§3.1).
      this.fx.notify({ type: 'fault', reason: 'discovery-id-taken' });
      this.fx.setTimer('discovery-retry', now + this.discoveryRetry);
      this.discoveryRetry = Math.min(2 * this.discoveryRetry, Math.max(this.t.heldId, this.t.connectTimeout));
      return;
    }
    if (this.election.onClaimTaken(id, now)) return;
    this.router?.probe?.onClaimTaken(id, now);
  },

  'id-lost'({ id }, now) {
    if (!this.held.has(id)) return;
    this.held.delete(id);
    if (id === this.discoveryId) {
      // §3.1: the links opened from it went with it. A router goes on routing (its links are on the slot ID); anyone
      // else stops searching or its membership without marking a slot (nobody failed it), and searches again once it
      // holds the ID. Either way the ID is claimed again.
      if (this.mode !== 'router') {
        if (this.session) this.view.remove(this.view.routerDiscoveryID);
        this.endSession();
        this.election.halt();
        this.mode = 'claiming';
      }
      this.fx.claim(this.discoveryId);
    } else if (this.router && id === this.router.slotId) {
      // Our slot is gone: close its links so members search, and search ourselves after a jitter (§3.1).
      for (const remote of this.router.links.keys()) this.fx.close(id, remote);
      this.router.halt();
      this.view.entries = new Map(this.router.entries().map((e) => [e.discoveryID, e]));
      this.router = null;
      this.search(now, Math.floor(this.random() * this.t.jitter));
    } else if (this.grace.has(id)) {
      this.grace.onTimer('grace:' + id);
    }
  },

  'link-open'({ local, remote, incoming }, now) {
    if (incoming) {
      if (this.router && local === this.router.slotId) return this.router.onOpen(remote, now);
      if (this.grace.has(local)) return undefined; // it may still check in and be told `moved`
      // §8.8: links accepted on a Discovery ID (or anywhere else) are closed at once.
      this.fx.close(local, remote);
      return undefined;
    }
    const owner = linkOwner(this, local, remote);
    if (owner === 'member') this.session.onOpen(now);
    else if (owner === 'probe') this.router.probe.onOpen(now);
    else this.fx.close(local, remote); // a connect we no longer want
    return undefined;
  },

  'link-closed'({ local, remote }, now) {
    const owner = linkOwner(this, local, remote);
    if (owner === 'member') this.session.onClosed(now);
    else if (owner === 'probe') this.router.probe.onClosed(now);
    else if (owner === 'router') this.router.onClosed(remote, now);
  },

  'link-message'({ local, remote, data, size }, now) {
    const owner = linkOwner(this, local, remote);
    if (owner === null) return;
    const decoded = decode(data, size);
    if (owner === 'member') this.session.onMessage(decoded, now);
    else if (owner === 'probe') this.router.probe.onMessage(decoded, now);
    else if (owner === 'router') this.router.onMessage(remote, decoded, now);
    else this.grace.onMessage(local, remote, decoded);
  },

  timer({ key }, now) {
    if (typeof key !== 'string' || !this.fx.takeDue(key, now)) return;
    if (key === 'discovery-retry') {
      if (!this.held.has(this.discoveryId)) this.fx.claim(this.discoveryId);
    } else if (key === 'election' || key === 'claim') this.election.onTimer(key, now);
    else if (key === 'join' || key.startsWith('member-')) this.session?.onTimer(key, now);
    else if (key.startsWith('grace:')) this.grace.onTimer(key);
    else this.router?.onTimer(key, now);
  },

  'transport-id'({ id }, now) {
    if (!isValidId(id) || id === this.self.transportID) return;
    if (this.ids.classify(id).kind !== 'foreign') {
      this.log('ignoring a Transport ID that reads as an ID of this namespace (§2.4)');
      return;
    }
    this.self.transportID = id;
    // §5.2: a member checks in again on the same link when its Transport ID changed.
    if (this.session && this.session.stage !== 'connecting') this.session.checkin();
    this.router?.updateSelf(now);
  },

  stop() {
    if (this.router) {
      this.router.leave();
      this.router.halt();
      this.releaseId(this.router.slotId);
      this.router = null;
    }
    this.endSession();
    this.election.halt();
    this.grace.releaseAll();
    const claiming = !this.held.has(this.discoveryId); // its claim may still be in flight
    for (const id of [...this.held]) this.releaseId(id);
    if (claiming) this.fx.release(this.discoveryId);
    this.mode = 'stopped';
    this.fx.notify({ type: 'stopped' });
  },
};
