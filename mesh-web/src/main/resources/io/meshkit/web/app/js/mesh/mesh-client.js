// The browser mesh client: discovery → namespace → one namespace unit on PeerJS, plus the Transport ID.
// What the application sees are events: ready, discovery-off, role, network (the list), fault, stopped.

import { NamespaceUnit } from './core/unit.js';
import { namespaceOf } from './core/namespace.js';
import { nameProblem } from './core/names.js';
import { isValidDiscoveryUuid, isValidIdPart, transportId } from './core/ids.js';
import { sfc32 } from './core/prng.js';
import { PeerJsAdapter } from './peerjs-adapter.js';
import { discoverPublicIp } from './discovery.js';

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
   * @param {string} [o.prefix]
   * @param {string} o.name friendly name
   * @param {object} [o.timings] overrides of the protocol timings
   * @param {Storage} [o.storage] where the discovery UUID is kept
   * @param {(event: object) => void} o.onEvent
   * @param {Function} [o.discover] public address discovery (default: discoverPublicIp)
   * @param {number} [o.recheckMillis] how often the address is discovered again
   * @param {(conn: object, localId: string) => void} [o.onContactLink] takes the data connections accepted on the
   *   Transport ID and on the Discovery ID (contact links, §13.1.2); without it they are closed
   */
  constructor(o) {
    this.o = { prefix: 'mesh', iceServers: [], stunUrls: [], ipEchoUrl: null, timings: {}, discover: discoverPublicIp,
      recheckMillis: RECHECK_MS, ...o };
    this.onEvent = o.onEvent ?? (() => {});
    this.peerOptions = { host: o.signaling.host, port: o.signaling.port, path: o.signaling.path ?? '/',
      key: o.signaling.key ?? 'peerjs', secure: !!o.signaling.secure, config: { iceServers: this.o.iceServers }, debug: 0 };
    this.state = { role: null, routerId: null, peers: [], namespace: null, transportId: null, discoveryId: null };
    this.unit = null;
    this.adapter = null;
    this.transport = null;
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
    if (!isValidIdPart(this.o.prefix)) {
      this.emit({ event: 'fault', reason: 'invalid-prefix' });
      return;
    }
    this.prepare();
    this.startTransport(0);
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

  /** Back online or on another network: a lost Transport ID is registered again at once, the address checked. */
  networkChanged() {
    if (this.stopped) return;
    if (this.transportRetry) {
      clearTimeout(this.transportRetry);
      this.transportRetry = null;
      this.startTransport(0);
    }
    // A unit that is neither router nor member may be stuck on a claim the outage swallowed: start it afresh.
    if (this.unit && this.state.role === null) {
      this.leaveNamespace();
      this.emitRole(null, null, null);
    }
    this.joinNetwork();
  }

  /** The Transport ID (§2.4): one Peer for `{prefix}-{uuid}`, registered again with back-off when lost. */
  startTransport(attempt) {
    if (this.stopped) return;
    const id = transportId(this.o.prefix, crypto.randomUUID());
    const peer = new this.o.Peer(id, this.peerOptions);
    this.transport = peer;
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
      this.adapter?.dispatch({ type: 'transport-id', id });
      this.emit({ event: 'transport', transportId: id });
    });
    peer.on('disconnected', retry);
    peer.on('error', (e) => {
      if (['unavailable-id', 'network', 'server-error', 'socket-error', 'socket-closed'].includes(e?.type)) retry();
    });
    // Contact links (§13.1.2) arrive here; without a contacts part none are served.
    peer.on('connection', (c) => (this.o.onContactLink ? this.o.onContactLink(c, id) : c.close()));
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
    if (found.off) {
      if (this.unit) this.leaveNamespace();
      if (this.offReason !== found.off) this.emit({ event: 'discovery-off', reason: found.off });
      this.offReason = found.off;
      return;
    }
    this.offReason = null;
    const ns = await namespaceOf(this.o.prefix, found.ip);
    if (this.stopped || ns === this.state.namespace) return;
    if (this.unit) this.leaveNamespace(); // §2.5: a new network: leave the old namespace cleanly
    this.state.namespace = ns;
    this.unit = new NamespaceUnit({ prefix: this.o.prefix, ns, discoveryUUID: this.discoveryUUID, name: this.o.name,
      transportID: this.state.transportId ?? undefined, timings: this.o.timings, random: platformRandom() });
    this.state.discoveryId = this.unit.discoveryId;
    const unit = this.unit;
    this.adapter = new PeerJsAdapter({ Peer: this.o.Peer, peerOptions: this.peerOptions,
      notify: (fx) => this.onNotify(unit, fx), onContactLink: this.o.onContactLink ?? null }).attach(unit);
    this.emit({ event: 'ready', transportId: this.state.transportId, discoveryId: unit.discoveryId, namespace: ns,
      publicIp: found.ip, ipSource: found.source });
    this.adapter.dispatch({ type: 'start' });
  }

  leaveNamespace() {
    const adapter = this.adapter;
    this.unit = null;
    this.adapter = null;
    this.state.namespace = null;
    adapter.dispatch({ type: 'stop' });
  }

  onNotify(unit, fx) {
    if (unit !== this.unit && fx.type !== 'stopped') return;
    switch (fx.type) {
      case 'role':
        this.emitRole(fx.role, fx.routerId, fx.routerDiscoveryId ?? null);
        break;
      case 'list':
        this.state.peers = fx.peers.map((e) => ({ discoveryId: e.discoveryID, name: e.friendlyName,
          uuid: e.discoveryUUID, transportId: e.transportID ?? null }));
        this.emit({ event: 'network', peers: this.state.peers });
        break;
      case 'fault':
        this.emit({ event: 'fault', reason: fx.reason });
        break;
      case 'log':
        this.emit({ event: 'log', text: fx.text });
        break;
      default:
        break;
    }
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
    clearInterval(this.recheck);
    clearTimeout(this.transportRetry);
    globalThis.removeEventListener?.('online', this.onNetworkChange);
    globalThis.navigator?.connection?.removeEventListener?.('change', this.onNetworkChange);
    if (this.adapter) this.leaveNamespace();
    const transport = this.transport;
    setTimeout(() => transport?.destroy(), 200);
    this.emit({ event: 'stopped' });
  }
}
