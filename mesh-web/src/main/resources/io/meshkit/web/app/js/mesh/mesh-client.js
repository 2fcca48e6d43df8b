// The browser mesh client: discovery → namespace → a namespace unit on PeerJS per prefix held, plus the Transport ID.
// With a fixed prefix that is one unit. Following a beacon (docs/PROTOCOL.md §13.3.5) it is the current beacon's
// prefix, plus the previous one's during a rotation's overlap: the list shown is the union of both by discovery UUID,
// the role the newest unit's that has one. Every signaling connection presents the beacon of its ID's prefix (§13.3.4).
// What the application sees are events: ready, discovery-off, role, network (the list), transport, fault,
// fault-cleared, stopped; following a beacon also beacon-prefix (a new beacon's prefix is joined) and
// beacon-prefix-left (an old one's overlap is over), which the rendezvous part follows.

import { NamespaceUnit } from './core/unit.js';
import { namespaceOf } from './core/namespace.js';
import { nameProblem } from './core/names.js';
import { isValidDiscoveryUuid, isValidIdPart, transportId } from './core/ids.js';
import { sfc32 } from './core/prng.js';
import { PeerJsAdapter } from './peerjs-adapter.js';
import { discoverPublicIp } from './discovery.js';
import { BeaconDriver } from './beacon-driver.js';

const UUID_KEY = 'mesh.discoveryUUID';
const RECHECK_MS = 5 * 60_000; // §2.5: discover the address again periodically (the reference: 5 minutes)

/** A seeded generator for the core, seeded from the platform's CSPRNG. */
export function platformRandom() {
  const w = crypto.getRandomValues(new Uint32Array(4));
  return sfc32(w[0], w[1], w[2], w[3]);
}

/** The discovery UUID of this installation (§2.1: generated once and stored). */
export function storedDiscoveryUuid(storage) {
  let uuid = null;
  try {
    uuid = storage?.getItem(UUID_KEY) ?? null;
  } catch {
    uuid = null;
  }
  if (!isValidDiscoveryUuid(uuid)) {
    uuid = crypto.randomUUID();
    try {
      storage?.setItem(UUID_KEY, uuid);
    } catch {
      // private mode: a new UUID per session
    }
  }
  return uuid;
}

export class MeshClient {
  /**
   * @param {object} o
   * @param {Function} o.Peer PeerJS constructor
   * @param {{host:string, port:number, path?:string, key?:string, secure?:boolean}} o.signaling
   * @param {object[]} [o.iceServers] for data connections
   * @param {string[]} [o.stunUrls] for discovery
   * @param {string} [o.ipEchoUrl] HTTP IP echo fallback
   * @param {string} [o.prefix] the fixed prefix (unused with a beacon)
   * @param {{url: string, keys: Array<object|string>}} [o.beacon] follow the beacon at `url`, verified with `keys`
   * @param {string} o.name friendly name
   * @param {object} [o.timings] overrides of the protocol timings
   * @param {Storage} [o.storage] where the discovery UUID is kept
   * @param {(event: object) => void} o.onEvent
   * @param {Function} [o.discover] public address discovery (default: discoverPublicIp)
   * @param {number} [o.recheckMillis] how often the address is discovered again
   * @param {(conn: object, localId: string) => void} [o.onContactLink] takes the data connections accepted on the
   *   Transport ID and on the Discovery ID (contact links, §13.1.2); without it they are closed
   * @param {object} [o.beaconDriver] options for the BeaconDriver (fetch, clock, random: for tests)
   */
  constructor(o) {
    this.o = { prefix: 'mesh', iceServers: [], stunUrls: [], ipEchoUrl: null, timings: {}, discover: discoverPublicIp,
      recheckMillis: RECHECK_MS, beacon: null, ...o };
    this.onEvent = o.onEvent ?? (() => {});
    this.peerOptions = { host: o.signaling.host, port: o.signaling.port, path: o.signaling.path ?? '/',
      key: o.signaling.key ?? 'peerjs', secure: !!o.signaling.secure, config: { iceServers: this.o.iceServers }, debug: 0 };
    this.state = { role: null, routerId: null, peers: [], namespace: null, transportId: null, discoveryId: null };
    this.units = new Map(); // prefix -> {prefix, ns, unit, adapter, role, peers}, oldest first
    this.held = this.o.beacon ? [] : [this.o.prefix]; // the prefixes held, oldest first
    this.beacons = new Map(); // prefix -> beacon text, for the prefixes held and the Transport ID's
    this.found = null; // the last discovery result
    this.faults = new Map(); // reason -> message, each reported once
    this.syncs = 0;
    this.transport = null;
    this.transportPrefix = null;
    this.stopped = false;
    this.recheck = null;
  }

  emit(event) {
    try {
      this.onEvent(event);
    } catch (e) {
      console.error('mesh event handler failed', e);
    }
  }

  /** A fault, once until it is cleared or says something else; `sticky` ones are cleared by the client itself. */
  fault(reason, message, sticky = false) {
    if (this.faults.get(reason) === message) return;
    this.faults.set(reason, message);
    this.emit({ event: 'fault', reason, message, sticky });
  }

  clearFault(reason) {
    if (!this.faults.delete(reason)) return;
    this.emit({ event: 'fault-cleared', reason });
  }

  async start() {
    // §2.2: WebCrypto (the namespace HMAC) and crypto.randomUUID exist only in a secure context (HTTPS, localhost).
    if (globalThis.isSecureContext === false || !globalThis.crypto?.subtle
        || typeof globalThis.crypto.randomUUID !== 'function') {
      this.emit({ event: 'fault', reason: 'insecure-context',
        message: 'this page is not a secure context (HTTPS or localhost): it cannot compute its network namespace' });
      return;
    }
    const problem = nameProblem(this.o.name);
    if (problem) {
      this.emit({ event: 'fault', reason: 'invalid-name', message: problem });
      return;
    }
    if (!this.o.beacon && !isValidIdPart(this.o.prefix)) {
      this.emit({ event: 'fault', reason: 'invalid-prefix' });
      return;
    }
    this.prepare();
    if (this.o.beacon) this.followBeacon();
    else this.startTransport(0);
    // §2.5: discover again when the platform reports a network change (back online, another connection type).
    this.onNetworkChange = () => this.networkChanged();
    globalThis.addEventListener?.('online', this.onNetworkChange);
    globalThis.navigator?.connection?.addEventListener?.('change', this.onNetworkChange);
    await this.joinNetwork();
    if (!this.stopped) this.recheck = setInterval(() => this.joinNetwork(), this.o.recheckMillis);
  }

  /** Reads (or makes) the stored discovery UUID; `start` does it too. */
  prepare() {
    this.discoveryUUID ??= storedDiscoveryUuid(this.o.storage ?? globalThis.localStorage);
  }

  /** §13.3.5: the prefixes come and go with the beacon; nothing is joined before the first one. */
  followBeacon() {
    this.beaconDriver = new BeaconDriver({ url: this.o.beacon.url, keys: this.o.beacon.keys, random: platformRandom(),
      ...this.o.beaconDriver,
      listener: {
        join: (b) => {
          this.beacons.set(b.prefix, b.text);
          this.held = [...this.held.filter((p) => p !== b.prefix), b.prefix];
          this.forgetBeacons();
          if (this.transport === null && !this.transportRetry) this.startTransport(0);
          this.sync();
          this.emit({ event: 'beacon-prefix', prefix: b.prefix, period: b.period, index: b.index });
        },
        leave: (prefix) => {
          this.held = this.held.filter((p) => p !== prefix);
          this.forgetBeacons();
          this.sync();
          this.emit({ event: 'beacon-prefix-left', prefix });
        },
        fault: (reason, detail) => this.fault(reason, reason === 'beacon-unreachable' || reason === 'beacon-missing'
          ? `the beacon could not be had: ${detail}` : `the beacon could not be verified: ${detail}`, true),
        recovered: (reason) => this.clearFault(reason),
      } });
    this.beaconDriver.start();
  }

  /** Keeps the beacons of the prefixes held and of the Transport ID. */
  forgetBeacons() {
    for (const p of [...this.beacons.keys()]) {
      if (!this.held.includes(p) && p !== this.transportPrefix) this.beacons.delete(p);
    }
  }

  /** The options of a Peer for an ID of `prefix`: with a beacon, its `key` carries it (§13.3.4). */
  peerOptionsFor(prefix) {
    const beacon = this.beacons.get(prefix);
    return beacon ? { ...this.peerOptions, key: `${this.peerOptions.key}&beacon=${beacon}` } : this.peerOptions;
  }

  /** Back online or on another network: a lost Transport ID is registered again at once, the address checked. */
  networkChanged() {
    if (this.stopped) return;
    if (this.transportRetry) {
      clearTimeout(this.transportRetry);
      this.transportRetry = null;
      this.startTransport(0);
    }
    // Units that are neither router nor member may be stuck on a claim the outage swallowed: start them afresh.
    if (this.units.size > 0 && this.state.role === null) {
      for (const prefix of [...this.units.keys()]) this.leaveUnit(prefix);
    }
    this.joinNetwork();
  }

  /** The Transport ID (§2.4): one Peer for `{prefix}-{uuid}`, registered again with back-off when lost. */
  startTransport(attempt) {
    if (this.stopped) return;
    const prefix = this.held.at(-1);
    if (prefix === undefined) {
      this.transport = null; // no beacon yet: the next one starts it
      return;
    }
    const id = transportId(prefix, crypto.randomUUID());
    const peer = new this.o.Peer(id, this.peerOptionsFor(prefix));
    this.transport = peer;
    this.transportPrefix = prefix;
    const retry = () => {
      if (this.stopped || this.transport !== peer || this.transportRetry) return;
      peer.destroy();
      if (this.state.transportId !== null) {
        this.state.transportId = null;
        this.emit({ event: 'transport', transportId: null }); // contacts wait for the next one
      }
      this.transportRetry = setTimeout(() => {
        this.transportRetry = null;
        this.startTransport(attempt + 1);
      }, Math.min(500 * 2 ** attempt, 30_000));
    };
    peer.on('open', () => {
      attempt = 0;
      this.state.transportId = id;
      this.clearFault('signaling-refused');
      for (const h of this.units.values()) h.adapter.dispatch({ type: 'transport-id', id });
      this.emit({ event: 'transport', transportId: id });
    });
    peer.on('disconnected', retry);
    peer.on('error', (e) => {
      if (e?.type === 'server-error') this.refused(e);
      if (['unavailable-id', 'network', 'server-error', 'socket-error', 'socket-closed'].includes(e?.type)) retry();
    });
    // Contact links (§13.1.2) arrive here; without a contacts part none are served.
    peer.on('connection', (c) => (this.o.onContactLink ? this.o.onContactLink(c, id) : c.close()));
  }

  /** The signaling server refused an ID (an ERROR: a wrong key, no or a bad beacon under --require-beacon). */
  refused(e) {
    this.fault('signaling-refused', `the signaling server refused this client: ${e?.message ?? 'ERROR'}`, true);
  }

  async joinNetwork() {
    if (this.joining) return; // a slow discovery is not started twice
    this.joining = true;
    let found;
    try {
      found = await this.o.discover({ stunUrls: this.o.stunUrls, ipEchoUrl: this.o.ipEchoUrl });
    } finally {
      this.joining = false;
    }
    if (this.stopped) return;
    this.found = found;
    if (found.off) {
      for (const prefix of [...this.units.keys()]) this.leaveUnit(prefix);
      if (this.offReason !== found.off) this.emit({ event: 'discovery-off', reason: found.off });
      this.offReason = found.off;
      return;
    }
    this.offReason = null;
    await this.sync();
  }

  /**
   * Makes the units those of the prefixes held at the discovered address: a unit whose prefix is no longer held or
   * whose namespace moved (§2.5: a new network) is left cleanly; the missing ones are joined, oldest first.
   */
  async sync() {
    const seq = ++this.syncs;
    const found = this.found;
    if (!found || found.off || this.stopped) return;
    const wanted = [...this.held];
    const spaces = await Promise.all(wanted.map((p) => namespaceOf(p, found.ip)));
    if (this.stopped || seq !== this.syncs) return; // a later sync does the work
    for (const [prefix, h] of [...this.units]) {
      const i = wanted.indexOf(prefix);
      if (i < 0 || spaces[i] !== h.ns) this.leaveUnit(prefix);
    }
    wanted.forEach((prefix, i) => {
      if (!this.units.has(prefix)) this.joinUnit(prefix, spaces[i], found);
    });
  }

  joinUnit(prefix, ns, found) {
    const unit = new NamespaceUnit({ prefix, ns, discoveryUUID: this.discoveryUUID, name: this.o.name,
      transportID: this.state.transportId ?? undefined, timings: this.o.timings, random: platformRandom() });
    const h = { prefix, ns, unit, adapter: null, role: null, peers: null };
    h.adapter = new PeerJsAdapter({ Peer: this.o.Peer, peerOptions: this.peerOptionsFor(prefix),
      notify: (fx) => this.onNotify(h, fx), onContactLink: this.o.onContactLink ?? null }).attach(unit);
    this.units.set(prefix, h);
    if (this.held.at(-1) === prefix) {
      this.state.namespace = ns;
      this.state.discoveryId = unit.discoveryId;
      this.emit({ event: 'ready', transportId: this.state.transportId, discoveryId: unit.discoveryId, namespace: ns,
        publicIp: found.ip, ipSource: found.source, prefix });
    }
    h.adapter.dispatch({ type: 'start' });
  }

  leaveUnit(prefix) {
    const h = this.units.get(prefix);
    if (!h) return;
    this.units.delete(prefix);
    if (this.state.namespace === h.ns) this.state.namespace = null;
    h.adapter.dispatch({ type: 'stop' });
    this.showRole();
    if (h.peers !== null) this.showList();
  }

  onNotify(h, fx) {
    if (this.units.get(h.prefix) !== h) return;
    switch (fx.type) {
      case 'role':
        h.role = fx.role === null ? null : { role: fx.role, routerId: fx.routerId, routerDiscoveryId: fx.routerDiscoveryId ?? null };
        if (fx.role !== null) this.clearFault('signaling-refused'); // the server took this unit's IDs
        this.showRole();
        break;
      case 'list':
        h.peers = fx.peers.map((e) => ({ discoveryId: e.discoveryID, name: e.friendlyName,
          uuid: e.discoveryUUID, transportId: e.transportID ?? null }));
        this.showList();
        break;
      case 'fault':
        if (fx.reason === 'signaling-refused') this.refused({ message: fx.message });
        else this.emit({ event: 'fault', reason: fx.reason });
        break;
      case 'log':
        this.emit({ event: 'log', text: fx.text });
        break;
      default:
        break;
    }
  }

  /** The role of the newest unit that has one (a unit just joined is still searching while the old one serves). */
  showRole() {
    const newest = [...this.units.values()].reverse().find((h) => h.role !== null)?.role ?? null;
    const [role, routerId, routerDiscoveryId] = newest ? [newest.role, newest.routerId, newest.routerDiscoveryId]
      : [null, null, null];
    if (role === this.state.role && routerId === this.state.routerId) return;
    this.emitRole(role, routerId, routerDiscoveryId);
  }

  /** The union of the units' lists by discovery UUID, the newest unit's entry first. */
  showList() {
    const byUuid = new Map();
    for (const h of [...this.units.values()].reverse()) {
      for (const p of h.peers ?? []) if (p.uuid !== this.discoveryUUID && !byUuid.has(p.uuid)) byUuid.set(p.uuid, p);
    }
    this.state.peers = [...byUuid.values()].sort((a, b) => (a.discoveryId < b.discoveryId ? -1 : 1));
    this.emit({ event: 'network', peers: this.state.peers });
  }

  emitRole(role, routerId, routerDiscoveryId) {
    this.state.role = role;
    this.state.routerId = routerId;
    this.emit({ event: 'role', role, routerId, routerDiscoveryId });
  }

  /** Leaves cleanly (a router hands over to its successor) and releases every ID. */
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.beaconDriver?.stop();
    clearInterval(this.recheck);
    clearTimeout(this.transportRetry);
    globalThis.removeEventListener?.('online', this.onNetworkChange);
    globalThis.navigator?.connection?.removeEventListener?.('change', this.onNetworkChange);
    for (const prefix of [...this.units.keys()]) this.leaveUnit(prefix);
    const transport = this.transport;
    setTimeout(() => transport?.destroy(), 200);
    this.emit({ event: 'stopped' });
  }
}
