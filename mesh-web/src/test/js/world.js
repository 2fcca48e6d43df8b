// A deterministic world for the namespace unit: a virtual clock and event queue, an in-memory signaling
// server that grants each ID to one holder (ID-TAKEN to the others), keeps a silently dead client's IDs
// for `aliveTimeout` and frees them at once on a clean close, and data links with latency, FIFO order
// and ICE reporting a silent loss after 5 s. Messages are JSON round-tripped and measured, so a message
// above 16,000 bytes is caught. Same seed, same run.
import { NamespaceUnit } from '../../main/resources/io/meshkit/web/app/js/mesh/core/unit.js';
import { seeded } from '../../main/resources/io/meshkit/web/app/js/mesh/core/prng.js';

export const PREFIX = 'mesh';
export const NS = 'n41c0c7ed3b598e44';
export const uuidOf = (name) => Buffer.from(`${name}`).toString('hex').padEnd(8, '0').slice(0, 27) + '-0000-4000-8000';
export const discoveryIdOf = (name) => `${PREFIX}-${NS}-${uuidOf(name)}`;

/** A binary heap of events ordered by (at, seq): same time, insertion order. */
class EventQueue {
  constructor() {
    this.items = [];
  }

  get length() {
    return this.items.length;
  }

  static before(a, b) {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  push(e) {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!EventQueue.before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  peek() {
    return this.items[0];
  }

  pop() {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && EventQueue.before(h[l], h[m])) m = l;
        if (r < h.length && EventQueue.before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

export class World {
  constructor({ seed = 1, timings = {}, aliveTimeout = 90_000, iceDelay = 5_000 } = {}) {
    this.random = seeded(seed);
    this.timings = timings;
    this.aliveTimeout = aliveTimeout;
    this.iceDelay = iceDelay;
    this.now = 1_718_000_000_000;
    this.queue = new EventQueue();
    this.seq = 0;
    this.holders = new Map(); // ID -> {node, until (Infinity while alive)}
    this.nodes = new Map();
    this.oversized = [];
    this.sent = [];
  }

  latency() {
    return 5 + Math.floor(this.random() * 25);
  }

  at(time, fn) {
    this.queue.push({ at: time, seq: this.seq++, fn });
  }

  /** Runs events until `time` (absolute) or until the queue is empty. */
  runUntil(time) {
    while (this.queue.length > 0 && this.queue.peek().at <= time) {
      const e = this.queue.pop();
      this.now = Math.max(this.now, e.at);
      e.fn();
    }
    this.now = Math.max(this.now, time);
  }

  runFor(ms) {
    this.runUntil(this.now + ms);
  }

  /** Runs until `condition()` holds (checked after each event), up to `ms`; returns the time it took or -1. */
  runUntilTrue(condition, ms) {
    const start = this.now;
    const end = this.now + ms;
    if (condition()) return 0;
    while (this.queue.length > 0 && this.queue.peek().at <= end) {
      const e = this.queue.pop();
      this.now = Math.max(this.now, e.at);
      e.fn();
      if (condition()) return this.now - start;
    }
    this.now = end;
    return condition() ? this.now - start : -1;
  }

  // ---------------------------------------------------------------- nodes

  /** `make(random)` builds another kind of unit (a meeting unit) instead of a network one. */
  add(name, { timings = this.timings, uuid = uuidOf(name), start = true, delay = 0, make = null } = {}) {
    const random = seeded(Math.floor(this.random() * 2 ** 31));
    const node = {
      name,
      alive: true,
      unit: make ? make(random) : new NamespaceUnit({ prefix: PREFIX, ns: NS, discoveryUUID: uuid, name,
        transportID: `${PREFIX}-t-${name}`, timings, random }),
      handoffs: [],
      timers: new Map(),
      ends: new Map(), // `${local}|${remote}` -> link end
      role: null,
      routerId: null,
      list: [],
      faults: [],
      logs: [],
      stopped: false,
    };
    node.discoveryId = node.unit.discoveryId;
    this.nodes.set(name, node);
    if (start) this.at(this.now + delay, () => this.step(node, { type: 'start' }));
    return node;
  }

  node(name) {
    return this.nodes.get(name);
  }

  step(node, event) {
    if (!node.alive) return;
    const effects = node.unit.step(event, this.now);
    for (const fx of effects) this.apply(node, fx);
  }

  /** Clean exit: the unit leaves, then the process closes its sockets. */
  stop(name) {
    const node = this.node(name);
    this.step(node, { type: 'stop' });
    this.at(this.now + 50, () => this.crash(name));
  }

  /** The process is gone with its sockets closed (SIGKILL): IDs free at once, peers see links close. */
  crash(name) {
    const node = this.node(name);
    node.alive = false;
    for (const [id, h] of this.holders) if (h.node === node) this.holders.delete(id);
    for (const end of [...node.ends.values()]) this.dropLink(end, this.latency());
  }

  /** Silent loss (network down): IDs stay held for alive_timeout, peers' ICE reports after iceDelay. */
  vanish(name) {
    const node = this.node(name);
    node.alive = false;
    for (const h of this.holders.values()) if (h.node === node) h.until = this.now + this.aliveTimeout;
    for (const end of [...node.ends.values()]) this.dropLink(end, this.iceDelay);
  }

  holderOf(id) {
    const h = this.holders.get(id);
    if (!h) return null;
    if (h.until <= this.now) {
      this.holders.delete(id);
      return null;
    }
    return h;
  }

  // ---------------------------------------------------------------- effects

  apply(node, fx) {
    switch (fx.type) {
      case 'claim':
        return this.at(this.now + 1 + Math.floor(this.random() * 40), () => {
          if (!node.alive) return;
          const h = this.holderOf(fx.id);
          if (h && h.node !== node) return this.step(node, { type: 'claim-taken', id: fx.id });
          this.holders.set(fx.id, { node, until: Infinity });
          return this.step(node, { type: 'claim-won', id: fx.id });
        });
      case 'release': {
        const h = this.holders.get(fx.id);
        if (h && h.node === node) this.holders.delete(fx.id);
        for (const end of [...node.ends.values()]) if (end.local === fx.id) this.dropLink(end, this.latency(), true);
        return undefined;
      }
      case 'connect':
        return this.connect(node, fx.local, fx.remote);
      case 'send': {
        const end = node.ends.get(`${fx.local}|${fx.remote}`);
        const text = JSON.stringify(fx.message);
        const size = Buffer.byteLength(text);
        this.sent.push({ from: node.name, type: fx.message.type, size });
        if (size > 16_000) this.oversized.push({ from: node.name, type: fx.message.type, size });
        if (!end || !end.open) return undefined;
        const other = end.other;
        const when = Math.max(this.now + this.latency(), end.lastDelivery + 1);
        end.lastDelivery = when;
        return this.at(when, () => {
          // Sent while open: delivered even if the link closed since (the close comes after, in order),
          // unless a newer link with the same pair replaced it.
          const current = other.node.ends.get(`${other.local}|${other.remote}`);
          if (current !== undefined && current !== other) return;
          this.step(other.node, { type: 'link-message', local: other.local, remote: other.remote, data: JSON.parse(text), size });
        });
      }
      case 'close': {
        const end = node.ends.get(`${fx.local}|${fx.remote}`);
        if (end) this.dropLink(end, this.latency(), true);
        return undefined;
      }
      case 'timer':
        node.timers.set(fx.key, fx.at);
        return this.at(fx.at, () => {
          if (node.timers.get(fx.key) !== fx.at) return;
          node.timers.delete(fx.key);
          this.step(node, { type: 'timer', key: fx.key });
        });
      case 'cancel-timer':
        node.timers.delete(fx.key);
        return undefined;
      case 'role':
        node.role = fx.role;
        node.routerId = fx.routerId;
        return undefined;
      case 'list':
        node.list = fx.peers;
        return undefined;
      case 'fault':
        node.faults.push(fx.reason);
        return undefined;
      case 'log':
        node.logs.push(fx.text);
        return undefined;
      case 'stopped':
        node.stopped = true;
        return undefined;
      case 'hand-off':
        node.handoffs.push({ local: fx.local, remote: fx.remote, incoming: fx.incoming, at: this.now });
        return undefined;
      default:
        throw new Error(`unknown effect ${fx.type}`);
    }
  }

  connect(node, local, remote) {
    const lh = this.holderOf(local);
    if (!lh || lh.node !== node) return; // the server relays offers only from the holder of `local`
    const d = this.latency() * 2;
    this.at(this.now + d, () => {
      if (!node.alive) return;
      const h = this.holderOf(remote);
      if (!h) {
        // EXPIRE from the server: the opener's link fails.
        return this.step(node, { type: 'link-closed', local, remote });
      }
      if (!h.node.alive) return undefined; // offer to a dead holder: never answered
      const a = { node, local, remote, open: true, lastDelivery: 0 };
      const b = { node: h.node, local: remote, remote: local, open: true, lastDelivery: 0 };
      a.other = b;
      b.other = a;
      // At most one link per (local, remote): a new one replaces the old silently.
      for (const end of [a, b]) {
        const old = end.node.ends.get(`${end.local}|${end.remote}`);
        if (old) this.dropLink(old, this.latency(), true, old.other.node !== end.other.node);
        end.node.ends.set(`${end.local}|${end.remote}`, end);
      }
      this.step(h.node, { type: 'link-open', local: b.local, remote: b.remote, incoming: true });
      return this.step(node, { type: 'link-open', local, remote, incoming: false });
    });
  }

  /**
   * Removes a link; the other end (and this one, unless `byUs`) is told after `delay`, unless a newer
   * link with the same pair replaced it meanwhile (as the adapter does).
   */
  dropLink(end, delay, byUs = false, notifyOther = true) {
    for (const e of [end, end.other]) {
      if (e.node.ends.get(`${e.local}|${e.remote}`) === e) e.node.ends.delete(`${e.local}|${e.remote}`);
      e.open = false;
    }
    const after = Math.max(end.lastDelivery, end.other.lastDelivery) + 1;
    const tell = (e) => this.at(Math.max(this.now + delay, after), () => {
      if (e.node.ends.has(`${e.local}|${e.remote}`)) return;
      this.step(e.node, { type: 'link-closed', local: e.local, remote: e.remote });
    });
    if (notifyOther) tell(end.other);
    if (!byUs) tell(end);
  }

  // ---------------------------------------------------------------- what tests check

  live(names) {
    return (names ?? [...this.nodes.keys()]).map((n) => this.node(n)).filter((n) => n.alive && !n.stopped);
  }

  /** Exactly one router; everyone else its member; everyone lists exactly the others. */
  converged(names) {
    const group = this.live(names);
    const routers = group.filter((n) => n.role === 'router');
    if (routers.length !== 1) return false;
    const routerId = routers[0].routerId;
    const all = group.map((n) => n.discoveryId).sort();
    return group.every((n) => n.routerId === routerId && (n === routers[0] || n.role === 'member')
        && JSON.stringify(n.list.map((e) => e.discoveryID)) === JSON.stringify(all.filter((id) => id !== n.discoveryId)));
  }

  describe() {
    return this.live().map((n) => `${n.name}: ${n.role} ${n.routerId} [${n.list.map((e) => e.friendlyName)}]`).join('\n');
  }
}
