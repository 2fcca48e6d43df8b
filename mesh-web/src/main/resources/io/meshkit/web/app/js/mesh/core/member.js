// The member side of one router slot (docs/PROTOCOL.md §7): connect from our Discovery ID to the slot,
// check in, assemble the welcome, then follow deltas, ping, notice loss, follow `moved` and `leaving`.
// One session per link; a new slot is a new session.

import * as wire from './wire.js';
import { SnapshotAssembly } from './snapshot.js';
import { LIMITS } from './settings.js';

export class MemberSession {
  /**
   * @param origin 'search' (from the election), 'moved' (following our router) or 'merge' (our own
   *   router merged into a lower one); decides what a failure leads to.
   */
  constructor(unit, slot, origin, now, hops = 0) {
    this.u = unit;
    this.slot = slot;
    this.origin = origin;
    this.hops = hops;
    this.remote = unit.ids.slotId(slot);
    this.stage = 'connecting'; // -> 'checking-in' -> 'joined'
    this.started = now;
    this.lastHeard = now;
    this.assembly = new SnapshotAssembly();
    this.resyncAt = null;
    unit.fx.connect(unit.discoveryId, this.remote);
    unit.fx.setTimer('join', now + unit.election.rto);
  }

  get joined() {
    return this.stage === 'joined';
  }

  checkin() {
    const s = this.u.self;
    this.u.fx.send(this.u.discoveryId, this.remote, wire.checkin({ discoveryID: this.u.discoveryId,
      friendlyname: s.name, discoveryUUID: s.discoveryUUID, transportID: s.transportID }));
  }

  send(message) {
    this.u.fx.send(this.u.discoveryId, this.remote, message);
  }

  /** Stops the session's timers and closes its link. */
  end() {
    for (const key of ['join', 'member-ping', 'member-ttl']) this.u.fx.cancelTimer(key);
    this.u.fx.close(this.u.discoveryId, this.remote);
  }

  onOpen() {
    if (this.stage !== 'connecting') return;
    this.stage = 'checking-in';
    this.checkin();
    // §6.1, §7.1: one connect timeout covers the connect and the complete welcome (the 'join' timer set at the connect).
  }

  onClosed(now) {
    this.u.fx.close(this.u.discoveryId, this.remote);
    if (this.joined) this.u.memberLost(this, now);
    else this.u.joinFailed(this, false, now);
  }

  onTimer(key, now) {
    const { fx, t } = this.u;
    if (key === 'join' && !this.joined) {
      this.end();
      this.u.joinFailed(this, true, now);
    } else if (key === 'member-ping' && this.joined) {
      // §7.4: a member pings its router every heartbeat, as the design documents have it.
      this.send(wire.ping());
      fx.setTimer('member-ping', now + t.heartbeat);
    } else if (key === 'member-ttl' && this.joined) {
      if (now - this.lastHeard >= t.ttl) {
        this.end();
        this.u.memberLost(this, now);
      } else {
        fx.setTimer('member-ttl', this.lastHeard + t.ttl);
      }
    }
  }

  onMessage(decoded, now) {
    this.lastHeard = now; // any message is a sign of life (§5.5)
    if (decoded.kind === 'too-large') {
      this.u.log(`closing the link to ${this.remote}: a message above ${LIMITS.maxReceiveBytes} bytes`);
      this.end();
      if (this.joined) this.u.memberLost(this, now);
      else this.u.joinFailed(this, false, now);
      return;
    }
    if (decoded.kind !== 'message') return;
    const m = decoded.message;
    switch (m.type) {
      case 'welcome': return this.onWelcome(m, now);
      case 'delta': return this.onDelta(m, now);
      case 'ping':
        this.send(wire.pong());
        return this.checkVersion(m.version, now);
      case 'pong': return this.checkVersion(m.version, now);
      case 'moved': return this.onMoved(m.routerID, now);
      case 'leaving':
        if (!this.joined) return this.onClosed(now);
        this.end();
        return this.u.routerLeaving(this, m.successor, now);
      case 'refused':
        this.u.log(`${this.remote} refused us: ${m.reason}`);
        if (!this.joined) return this.onClosed(now); // treated like the close that follows (§5.10)
        // §7.4: the membership ends, but that router is alive: the slot is marked unanswered, not vanished.
        this.end();
        return this.u.memberLost(this, now, 'unanswered');
      default:
        return undefined; // checkin, resync, merge: not for members
    }
  }

  onWelcome(m, now) {
    const snapshot = this.assembly.add(m);
    if (snapshot === null) return;
    if (snapshot.invalid) {
      this.u.log(`ignoring a snapshot from ${this.remote}: ${snapshot.invalid}`);
      return;
    }
    if (!this.joined) {
      if (snapshot.slot !== this.slot) return this.redirect(snapshot.slot, now);
      this.u.view.replace(snapshot);
      this.stage = 'joined';
      this.u.fx.cancelTimer('join');
      this.u.fx.setTimer('member-ping', now + this.u.t.heartbeat);
      this.u.fx.setTimer('member-ttl', now + this.u.t.ttl);
      this.resyncAt = null;
      return this.u.memberJoined(this, now);
    }
    this.u.view.replace(snapshot);
    this.resyncAt = null;
    return undefined;
  }

  onDelta(m, now) {
    if (!this.joined || this.assembly.inProgress) return; // §7.2: MAY be ignored during an assembly
    const v = this.u.view.version;
    if (m.version <= v) return; // stale
    if (m.version > v + 1) return this.resync(now); // a gap
    this.u.view.apply(m);
    return undefined;
  }

  /** A router's ping/pong version above ours means a delta was lost (§7.3). */
  checkVersion(version, now) {
    if (this.joined && version !== undefined && version > this.u.view.version) this.resync(now);
  }

  resync(now) {
    // One request per snapshot-budget refill: the router ignores requests over budget (§8.2).
    if (this.resyncAt !== null && now - this.resyncAt < LIMITS.snapshotBudget.everyMillis) return;
    this.resyncAt = now;
    this.send(wire.resync());
  }

  /** §7.5 (and §6 while joining): follow only to a slot ID of our own namespace. */
  onMoved(routerID, now) {
    const slot = this.u.ids.slotOf(routerID);
    if (slot === 0 || slot === this.slot) return;
    this.redirect(slot, now);
  }

  redirect(slot, now) {
    this.end();
    this.u.redirect(this, slot, now);
  }
}
