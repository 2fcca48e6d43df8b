// The thin adapter between the contacts core (core/node.js) and the world: PeerJS data connections from and
// to the Transport ID (and the requests accepted on the Discovery ID), timers, the wall clock, WebCrypto
// (signatures, fingerprints) and IndexedDB. Events are stepped as they come; effects are carried out one at
// a time, in order, each storage write finished before the next effect: so an `ack` leaves only after its
// message is on disk, and `queued` is shown only once the message is.

import { ContactNode } from './core/node.js';
import { sha256Fingerprint } from './core/transcript.js';
import { fingerprint, importKey, verify } from './identity.js';
import { fromHex } from './core/bytes.js';
import { flushed, receivedSize } from '../mesh/peerjs-adapter.js';

const ACCEPTED_SERIALIZATIONS = new Set(['json', 'binary', 'binary-utf8']);
const CONTACT_LINK = Object.freeze({ reliable: true, serialization: 'json' }); // §13.1.2
const PEER_UNAVAILABLE = /^Could not connect to peer (.+)$/; // peerjs 1.5.5, on the server's EXPIRE

export class ContactRuntime {
  /**
   * @param {object} o
   * @param {import('./identity.js').Identity} o.identity
   * @param {import('./store.js').Store} o.store
   * @param {string} o.name our friendly name
   * @param {string} o.discoveryUUID
   * @param {string|null} o.transportId the Transport ID open now, or null (then `transportChanged` later)
   * @param {() => object} o.transportPeer the PeerJS Peer of the current Transport ID
   * @param {(event: object) => void} o.onEvent what the application sees
   * @param {object} [o.timings] overrides of the contact timings (tests)
   * @param {() => number} [o.clock]
   */
  static async start(o) {
    const contacts = await o.store.contacts();
    const queued = await o.store.queued();
    const node = new ContactNode({ identity: o.identity, name: o.name, discoveryUUID: o.discoveryUUID,
      transportId: o.transportId, contacts, queued, timings: o.timings ?? {} });
    const rt = new ContactRuntime(o, node);
    rt.dispatch({ type: 'start' });
    return rt;
  }

  constructor(o, node) {
    this.o = o;
    this.node = node;
    this.clock = o.clock ?? (() => Date.now());
    this.conns = new Map(); // link -> DataConnection
    this.timers = new Map();
    this.nextInbound = -1;
    this.chain = Promise.resolve();
    this.failed = false;
    this.watched = new WeakSet();
  }

  /** Steps the core with `event` now; its effects run after those of earlier events. */
  dispatch(event) {
    if (this.failed) return;
    let effects;
    try {
      effects = this.node.step(event, this.clock());
    } catch (e) {
      console.error('contacts core failed on', event.type, e); // our bug, never the remote's
      return;
    }
    this.chain = this.chain.then(() => this.run(effects));
  }

  async run(effects) {
    for (const fx of effects) {
      if (this.failed) return;
      try {
        await this.execute(fx);
      } catch (e) {
        if (fx.type.startsWith('save-') || fx.type === 'mark-delivered') {
          // Nothing unstored may be acknowledged or shown as queued: contacts and chat stop here.
          this.failed = true;
          this.emit({ event: 'fault', reason: 'storage', detail: String(e?.message ?? e) });
          this.stopLinks();
          return;
        }
        console.error('contact effect failed', fx.type, e);
      }
    }
  }

  emit(event) {
    try {
      this.o.onEvent(event);
    } catch (e) {
      console.error('contacts event handler failed', e);
    }
  }

  async execute(fx) {
    switch (fx.type) {
      case 'connect': return this.connect(fx);
      case 'send': return this.send(fx.link, fx.message);
      case 'close': return this.close(fx.link);
      case 'timer': return this.setTimer(fx.key, fx.at);
      case 'cancel-timer': return this.cancelTimer(fx.key);
      case 'prove': return this.prove(fx);
      case 'verify': return this.verifyProof(fx);
      case 'save-contact': return this.o.store.saveContact(fx.contact);
      case 'save-outgoing': return this.o.store.saveMessage(fx.message, fx.contact);
      case 'save-incoming': return this.o.store.saveMessage(fx.message, fx.contact);
      case 'mark-delivered': return this.o.store.markDelivered(fx.contact, fx.seq, fx.at);
      case 'notify': return this.emit(fx.event);
      default: throw new Error(`unknown effect ${fx.type}`);
    }
  }

  // ---------------------------------------------------------------- crypto (asynchronous, so answered by events)

  async prove({ link, peerKey, transcript }) {
    let fp;
    try {
      await importKey(peerKey); // refuses a key that is not a point on P-256 (§13.1.1)
      fp = await fingerprint(fromHex(peerKey, 65));
    } catch {
      this.dispatch({ type: 'proved', link, error: 'key is not a P-256 public key' });
      return;
    }
    const signature = await this.o.identity.sign(transcript);
    this.dispatch({ type: 'proved', link, signature, fingerprint: fp });
  }

  async verifyProof({ link, peerKey, transcript, signature }) {
    this.dispatch({ type: 'verified', link, ok: await verify(peerKey, transcript, signature) });
  }

  // ---------------------------------------------------------------- links

  /** Watches a Transport ID's Peer for the failures PeerJS reports there (an offer to an unknown ID). */
  watch(peer) {
    if (!peer || this.watched.has(peer)) return;
    this.watched.add(peer);
    peer.on('error', (err) => {
      if (err?.type !== 'peer-unavailable') return;
      const m = PEER_UNAVAILABLE.exec(String(err.message ?? ''));
      if (!m) return;
      for (const [link, conn] of this.conns) {
        if (conn.peer === m[1] && !conn.open && conn.provider === peer) this.lost(link, conn, 'connect-failed');
      }
    });
  }

  connect({ link, local, remote }) {
    const peer = this.o.transportPeer();
    if (!peer || peer.id !== local || !peer.open || peer.disconnected) {
      queueMicrotask(() => this.dispatch({ type: 'connect-failed', link }));
      return;
    }
    this.watch(peer);
    const conn = peer.connect(remote, CONTACT_LINK);
    if (!conn) {
      queueMicrotask(() => this.dispatch({ type: 'connect-failed', link }));
      return;
    }
    this.conns.set(link, conn);
    conn.on('open', () => this.opened(link, conn, false, local));
    conn.on('close', () => this.lost(link, conn, conn.meshOpened ? 'closed' : 'connect-failed'));
    conn.on('error', () => this.lost(link, conn, conn.meshOpened ? 'closed' : 'connect-failed'));
  }

  /** A connection accepted on our Transport ID or Discovery ID. */
  accept(conn, localId) {
    if (this.failed || !ACCEPTED_SERIALIZATIONS.has(conn.serialization)) {
      conn.close();
      return;
    }
    const link = this.nextInbound--;
    this.conns.set(link, conn);
    conn.on('open', () => this.opened(link, conn, true, localId));
    conn.on('close', () => this.lost(link, conn, 'closed'));
    conn.on('error', () => this.lost(link, conn, 'closed'));
  }

  opened(link, conn, inbound, local) {
    if (this.conns.get(link) !== conn || conn.meshOpened) return;
    conn.meshOpened = true;
    const pc = conn.peerConnection;
    conn.on('data', (data) => {
      if (this.conns.get(link) === conn) this.dispatch({ type: 'received', link, data, size: receivedSize(data) });
    });
    if (pc) {
      // PeerJS closes only on ICE `failed`; `disconnected` means the peer is gone too (as for mesh links).
      pc.addEventListener('iceconnectionstatechange', () => {
        const s = pc.iceConnectionState;
        if (s === 'disconnected' || s === 'failed' || s === 'closed') this.lost(link, conn, 'closed');
      });
    }
    this.dispatch({ type: 'opened', link, inbound, local, remote: conn.peer, reliable: conn.reliable === true,
      localFp: sha256Fingerprint(pc?.localDescription?.sdp), remoteFp: sha256Fingerprint(pc?.remoteDescription?.sdp),
      nonce: crypto.getRandomValues(new Uint8Array(32)) });
  }

  lost(link, conn, type) {
    if (this.conns.get(link) !== conn) return;
    this.conns.delete(link);
    conn.close();
    this.dispatch({ type, link });
  }

  send(link, message) {
    const conn = this.conns.get(link);
    if (conn?.open) conn.send(message);
  }

  close(link) {
    const conn = this.conns.get(link);
    if (!conn) return;
    this.conns.delete(link);
    // A `rejected` or an `ack` sent just before must still reach the peer.
    flushed([conn]).then(() => conn.close());
  }

  stopLinks() {
    for (const conn of this.conns.values()) conn.close();
    this.conns.clear();
    for (const key of [...this.timers.keys()]) this.cancelTimer(key);
  }

  // ---------------------------------------------------------------- timers

  setTimer(key, at) {
    this.cancelTimer(key);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.dispatch({ type: 'timer', key });
    }, Math.max(0, at - this.clock())));
  }

  cancelTimer(key) {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  // ---------------------------------------------------------------- what the application asks

  request(discoveryId) { this.dispatch({ type: 'request', discoveryId }); }
  answer(request, accept) { this.dispatch({ type: 'answer', request, accept }); }
  ping(contact) { this.dispatch({ type: 'ping', contact }); }
  sendText(contact, text) { this.dispatch({ type: 'send', contact, text, id: crypto.randomUUID() }); }
  setVerified(contact, verified) { this.dispatch({ type: 'verify', contact, verified }); }
  network(peers) { this.dispatch({ type: 'network', peers }); }
  transportChanged(id) { this.dispatch({ type: 'transport-id', id }); }

  stop() {
    this.dispatch({ type: 'stop' });
    this.chain = this.chain.then(() => this.stopLinks());
  }
}
