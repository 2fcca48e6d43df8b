// The router of one slot (docs/PROTOCOL.md §8): admission of the links accepted on the slot ID, check-in,
// snapshots, batched deltas, heartbeat and eviction, merges from higher slots, the designated successor,
// moving to a lower slot, and the clean exit.

import * as wire from './wire.js';
import { welcomeMessages, deltaMessages } from './split.js';
import { Registry } from './registry.js';
import { TokenBucket } from './effects.js';
import { LIMITS } from './settings.js';
import { Probe } from './probe.js';

export class RouterSession {
  constructor(unit, slot, now, seed) {
    this.u = unit;
    this.slot = slot;
    this.slotId = unit.ids.slotId(slot);
    this.version = 0;
    this.registry = new Registry(unit.selfEntry(now), now);
    this.links = new Map(); // remote ID -> {state, bucket, snapshots}
    this.lastBeat = now;
    // §8.1: a former member keeps its copy listed as provisional entries, so lists do not flap.
    const until = now + unit.t.recheckGrace;
    for (const e of seed) if (e.discoveryID !== unit.discoveryId) this.registry.addProvisional(e, until);
    this.registry.touched.clear(); // nobody to push to yet; snapshots carry them
    const { fx, t } = unit;
    fx.setTimer('router-heartbeat', now + t.heartbeat);
    this.scheduleRecheck(now);
    this.probe = slot > 1 ? new Probe(unit, this, now) : null;
  }

  get fx() {
    return this.u.fx;
  }

  // ------------------------------------------------------------ links and admission (§8.2)

  onOpen(remote, now) {
    const c = this.u.ids.classify(remote);
    let state = null;
    if (c.kind === 'discovery' && remote !== this.u.discoveryId) state = 'await-checkin';
    else if (c.kind === 'slot' && c.slot > this.slot) state = 'await-merge';
    if (state === null) return this.refuse(remote, 'wrong-namespace', now);
    // A new connection with the same pair replaced the old one: the peer must check in again.
    const rec = this.registry.get(remote);
    if (rec) rec.linked = false;
    const { capacity, perSecond } = LIMITS.linkRate;
    const budget = LIMITS.snapshotBudget;
    this.links.set(remote, { state, bucket: new TokenBucket(capacity, perSecond / 1000, now),
      snapshots: new TokenBucket(budget.capacity, 1 / budget.everyMillis, now) });
    this.fx.setTimer('admit:' + remote, now + this.u.t.admission);
    return undefined;
  }

  onClosed(remote, now) {
    const link = this.links.get(remote);
    if (!link) return;
    this.links.delete(remote);
    this.fx.cancelTimer('admit:' + remote);
    this.dropMember(remote, now); // §8.5: removed at once
  }

  refuse(remote, reason, now) {
    this.u.log(`refusing ${remote} on ${this.slotId}: ${reason}`);
    this.fx.send(this.slotId, remote, wire.refused(reason));
    this.fx.close(this.slotId, remote);
    this.fx.cancelTimer('admit:' + remote);
    this.links.delete(remote);
    this.dropMember(remote, now);
  }

  /**
   * The link of `remote` is gone (closed or refused): a checked-in member on it leaves the registry, also one whose
   * link was replaced by a new connection that has not checked in yet (§8.2). Entries waiting for their owner to check
   * in at a new slot after a move keep their recheck deadline.
   */
  dropMember(remote, now) {
    const rec = this.registry.get(remote);
    if (rec && rec.confirmed && rec.recheckUntil === null && this.registry.remove(remote)) this.schedulePush(now);
  }

  onMessage(remote, decoded, now) {
    const link = this.links.get(remote);
    if (!link) return undefined;
    if (!link.bucket.take(now)) return this.refuse(remote, 'too-many-messages', now);
    if (decoded.kind === 'too-large') return this.refuse(remote, 'too-large', now);
    const rec = this.registry.get(remote);
    if (rec && rec.linked) rec.lastHeard = now; // any message is a sign of life (§5.5)
    if (decoded.kind === 'unknown') return undefined;
    // §4.1, §4.3: an invalid message (a check-in with an invalid name too) is discarded; a link that never
    // sends a valid check-in is closed at the admission deadline.
    if (decoded.kind === 'invalid') return undefined;
    const m = decoded.message;
    if (link.state === 'await-merge' || link.state === 'merger') {
      if (m.type === 'merge') this.onMerge(remote, link, m, now);
      return undefined;
    }
    switch (m.type) {
      case 'checkin': return this.onCheckin(remote, link, m, now);
      case 'ping':
        if (link.state === 'member') this.fx.send(this.slotId, remote, wire.pong(this.version));
        return undefined;
      case 'resync':
        if (link.state === 'member' && link.snapshots.take(now)) this.sendSnapshot(remote);
        return undefined;
      default:
        return undefined;
    }
  }

  onTimer(key, now) {
    if (key.startsWith('admit:')) {
      const remote = key.slice('admit:'.length);
      const link = this.links.get(remote);
      if (link && (link.state === 'await-checkin' || link.state === 'await-merge')) this.refuse(remote, 'too-slow', now);
    } else if (key === 'router-push') {
      this.push();
    } else if (key === 'router-heartbeat') {
      this.heartbeat(now);
    } else if (key === 'router-recheck') {
      this.registry.expireRechecks(now);
      this.scheduleRecheck(now);
      this.schedulePush(now);
    } else if (key.startsWith('probe') && this.probe) {
      this.probe.onTimer(key, now);
    }
  }

  // ------------------------------------------------------------ check-in (§8.3) and merges (§8.5)

  onCheckin(remote, link, m, now) {
    const { ids, t } = this.u;
    if (m.discoveryID !== remote) return this.refuse(remote, 'wrong-link', now);
    if (!ids.isDiscoveryId(m.discoveryID) || m.discoveryID === this.u.discoveryId) {
      return this.refuse(remote, 'wrong-namespace', now);
    }
    if (this.registry.size >= t.maxMembers && !this.registry.has(remote)) return this.refuse(remote, 'full', now);
    // §8.2 snapshot budget: over budget, a check-in is ignored (not applied, not answered).
    if (!link.snapshots.take(now)) return undefined;
    const previous = this.registry.get(remote);
    const uuid = m.discoveryUUID ?? m.discoveryID.slice(ids.base.length);
    this.registry.confirm({ discoveryID: remote, friendlyName: m.friendlyname, lastSeen: now, discoveryUUID: uuid,
      transportID: m.transportID ?? previous?.entry.transportID }, now);
    link.state = 'member';
    this.fx.cancelTimer('admit:' + remote);
    this.sendSnapshot(remote);
    this.schedulePush(now);
    return undefined;
  }

  onMerge(remote, link, m, now) {
    const { ids, t } = this.u;
    const k = ids.slotOf(remote);
    // Only from a higher slot of this namespace, naming itself: a peer can only merge as the slot it holds (§8.5).
    if (k <= this.slot || m.slot !== k) return this.refuse(remote, 'wrong-link', now);
    // §8.5: the first merge of a link is answered with the snapshot; later parts of a split merge only add.
    const first = link.state === 'await-merge';
    link.state = 'merger';
    this.fx.cancelTimer('admit:' + remote);
    const until = now + t.recheckGrace;
    for (const e of m.entries) {
      if (this.registry.size >= t.maxMembers) break;
      if (!ids.isDiscoveryId(e.discoveryID) || e.discoveryID === this.u.discoveryId) continue;
      this.registry.addProvisional(e, until);
    }
    this.scheduleRecheck(now);
    this.schedulePush(now);
    if (first) this.sendSnapshot(remote);
  }

  sendSnapshot(remote) {
    const head = { slot: this.slot, routerDiscoveryID: this.u.discoveryId, version: this.version,
      successor: this.registry.successor() };
    for (const w of welcomeMessages(head, this.registry.entries())) this.fx.send(this.slotId, remote, w);
  }

  // ------------------------------------------------------------ pushes, heartbeat, rechecks (§8.4, §8.5)

  schedulePush(now) {
    if (this.registry.dirty && !this.fx.hasTimer('router-push')) this.fx.setTimer('router-push', now + this.u.t.pushDelay);
  }

  push() {
    if (!this.registry.dirty) return;
    const change = this.registry.takeChange();
    const deltas = deltaMessages(this.version + 1, change.upserts, change.removed, change.successor);
    this.version += deltas.length;
    for (const r of this.registry.linked()) {
      for (const d of deltas) this.fx.send(this.slotId, r.entry.discoveryID, d);
    }
  }

  heartbeat(now) {
    const { t } = this.u;
    for (const r of [...this.registry.linked()]) {
      const id = r.entry.discoveryID;
      if (now - r.lastHeard >= t.ttl) {
        this.u.log(`evicting ${id}: silent for ${now - r.lastHeard} ms`);
        this.registry.remove(id);
        this.links.delete(id);
        this.fx.close(this.slotId, id);
      } else if (r.lastHeard <= this.lastBeat) {
        this.fx.send(this.slotId, id, wire.ping(this.version));
      }
    }
    this.lastBeat = now;
    this.fx.setTimer('router-heartbeat', now + t.heartbeat);
    this.schedulePush(now);
  }

  scheduleRecheck(now) {
    const next = this.registry.expireRechecks(now);
    if (next === null) this.fx.cancelTimer('router-recheck');
    else this.fx.setTimer('router-recheck', next);
  }

  updateSelf(now) {
    this.registry.updateSelf(this.u.selfEntry(now));
    this.schedulePush(now);
  }

  // ------------------------------------------------------------ moving, merging away, leaving (§8.7, §9)

  /** The probe won lower slot `j`: members are told to move there; this slot is kept for releaseGrace. */
  moveTo(j, now) {
    const target = this.u.ids.slotId(j);
    this.notifyMoved(target);
    this.u.grace.add(this.slotId, target, now);
    for (const remote of this.links.keys()) this.fx.cancelTimer('admit:' + remote);
    this.links = new Map();
    const until = now + this.u.t.recheckGrace;
    for (const r of this.registry.members()) {
      r.linked = false;
      r.recheckUntil = until; // they check in at the new slot within recheckGrace, or leave
    }
    this.slot = j;
    this.slotId = target;
    this.scheduleRecheck(now);
    this.schedulePush(now);
    if (j === 1 && this.probe) {
      this.probe.halt();
      this.probe = null;
    }
  }

  notifyMoved(target) {
    for (const r of this.registry.linked()) this.fx.send(this.slotId, r.entry.discoveryID, wire.moved(target));
  }

  /** §8.7: `leaving(successor)` to every checked-in member. The unit releases the IDs after this. */
  leave() {
    const successor = this.registry.successor();
    for (const r of this.registry.linked()) this.fx.send(this.slotId, r.entry.discoveryID, wire.leaving(successor));
  }

  /** Stops timers and the probe; links on the slot are closed by releasing it (or by the grace period). */
  halt() {
    const { fx } = this;
    for (const key of ['router-heartbeat', 'router-push', 'router-recheck']) fx.cancelTimer(key);
    for (const remote of this.links.keys()) fx.cancelTimer('admit:' + remote);
    if (this.probe) this.probe.halt();
  }

  /** Everyone listed, for the view of a router that stops routing. */
  entries() {
    return this.registry.entries();
  }
}
