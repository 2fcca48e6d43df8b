// The thin adapter of the rendezvous core (core/node.js): it runs the meeting units (one PeerJsAdapter each, on
// their own signaling connections) for the namespaces the core holds, takes the links they hand off and feeds them to
// the core, does the core's crypto (HKDF, HMACs, signatures: WebCrypto, asynchronous, answered by events), keeps the
// secrets in IndexedDB as non-extractable CryptoKeys, runs the timers and passes messages to and from the contacts
// runtime. Events are stepped as they come; effects run one at a time, in order, so a secret is stored before the
// `special-accept` that depends on it leaves.
//
// Following a beacon, the application says when a new beacon prefix is joined (`prefixChanged`) and when an old one's
// overlap is over (`prefixDropped`); each meeting unit runs under the prefix the core joined its namespace with, and its
// Peers present that prefix's beacon (`peerOptionsFor`, §13.3.4).

import { RendezvousNode } from './core/node.js';
import { deriveSecretBytes, secretKey, checkOf, phaseOf, namespaceOf } from './crypto.js';
import { slotLabel } from '../mesh/rendezvous.js';
import { MeetingUnit } from '../mesh/core/meeting.js';
import { PeerJsAdapter, flushed, receivedSize } from '../mesh/peerjs-adapter.js';
import { platformRandom } from '../mesh/mesh-client.js';
import { sha256Fingerprint } from '../contacts/core/transcript.js';
import { fingerprint, importKey, verify } from '../contacts/identity.js';
import { fromHex, toHex } from '../contacts/core/bytes.js';

const random32 = () => toHex(crypto.getRandomValues(new Uint8Array(32)));

export class RendezvousRuntime {
  /**
   * @param {object} o
   * @param {import('../contacts/identity.js').Identity} o.identity
   * @param {import('../contacts/store.js').Store} o.store
   * @param {string} o.prefix the application's ID prefix, or the current beacon prefix
   * @param {Function} o.Peer the PeerJS constructor
   * @param {(prefix: string) => object} o.peerOptionsFor the options of a meeting unit's Peers for IDs of `prefix`
   * @param {(event: object) => void} o.toContacts an event for the contacts core (ping, special-send, relocated)
   * @param {(event: object) => void} o.onEvent what the application sees
   * @param {object} [o.timings] rendezvous timings (tests)
   * @param {object} [o.meshTimings] the election's timings inside meeting namespaces (tests)
   * @param {() => number} [o.clock]
   */
  static async start(o) {
    const stored = await o.store.specials();
    const rt = new RendezvousRuntime(o, stored);
    return rt;
  }

  constructor(o, stored) {
    this.o = o;
    this.clock = o.clock ?? (() => Date.now());
    this.secrets = new Map(stored.map((s) => [s.fingerprint, s.secret]));
    this.records = new Map(stored.map((s) => [s.fingerprint, s]));
    this.node = new RendezvousNode({ myKey: o.identity.key, prefix: o.prefix, timings: o.timings ?? {},
      specials: stored.map(({ secret, ...rest }) => rest) });
    this.units = new Map(); // label -> {unit, adapter}
    this.links = new Map(); // link -> {conn, label}
    this.nextLink = 1;
    this.timers = new Map();
    this.chain = Promise.resolve();
    this.started = false;
  }

  dispatch(event) {
    let effects;
    try {
      effects = this.node.step(event, this.clock());
    } catch (e) {
      console.error('rendezvous core failed on', event.type, e); // our bug, never the remote's
      return;
    }
    this.chain = this.chain.then(() => this.run(effects));
  }

  async run(effects) {
    for (const fx of effects) {
      try {
        await this.execute(fx);
      } catch (e) {
        console.error('rendezvous effect failed', fx.type, e);
        if (fx.type === 'agree') this.emit({ event: 'error', command: 'special', reason: `could not store the secret: ${e.message}` });
      }
    }
  }

  emit(event) {
    try {
      this.o.onEvent(event);
    } catch (e) {
      console.error('rendezvous event handler failed', e);
    }
  }

  async execute(fx) {
    switch (fx.type) {
      case 'notify': return this.emit(fx.event);
      case 'contacts': return this.o.toContacts(fx.event);
      case 'timer': return this.setTimer(fx.key, fx.at);
      case 'cancel-timer': return this.cancelTimer(fx.key);
      case 'agree': return this.agree(fx);
      case 'save-special': return this.saveSpecial(fx.special);
      case 'delete-special': return this.deleteSpecial(fx.contact);
      case 'derive': return this.derive(fx);
      case 'join': return this.join(fx);
      case 'leave': return this.leave(fx.label);
      case 'meeting-ended':
        return this.units.get(fx.label)?.adapter.dispatch({ type: 'meeting-ended', local: fx.local, remote: fx.remote,
          verdict: fx.verdict });
      case 'meeting-send': {
        const conn = this.links.get(fx.link)?.conn;
        if (conn?.open) conn.send(fx.message);
        return undefined;
      }
      case 'meeting-close': return this.closeLink(fx.link);
      case 'prove': return this.prove(fx);
      case 'verify':
        return this.dispatch({ type: 'verified', link: fx.link, ok: await verify(fx.peerKey, fx.transcript, fx.signature) });
      case 'sign-note':
        return this.dispatch({ type: 'note-signed', link: fx.link, transportId: fx.transportId, issued: fx.issued,
          signature: await this.o.identity.sign(fx.bytes) });
      case 'verify-note':
        return this.dispatch({ type: 'note-verified', link: fx.link, ok: await verify(fx.key, fx.bytes, fx.signature) });
      default: throw new Error(`unknown effect ${fx.type}`);
    }
  }

  // ---------------------------------------------------------------- the secret: derived, stored, never shown

  async agree({ contact, key, mine, theirs, reply }) {
    const bytes = await deriveSecretBytes(this.o.identity.key, mine, key, theirs);
    const secret = await secretKey(bytes);
    bytes.fill(0);
    const check = await checkOf(secret);
    const phase = await phaseOf(secret);
    const now = this.clock();
    const record = { fingerprint: contact, key, secret, check, phase, since: now, lastSeen: now, paused: false,
      pauseAskedAt: 0 };
    await this.o.store.saveSpecial(record); // stored before the accept leaves or the user is told (§13.2.6)
    this.secrets.set(contact, secret);
    this.records.set(contact, record);
    this.dispatch({ type: 'agreed', contact, key, check, phase, reply });
  }

  async saveSpecial(s) {
    const old = this.records.get(s.fingerprint);
    if (!old) return;
    const record = { ...old, lastSeen: s.lastSeen, paused: s.paused, pauseAskedAt: s.pauseAskedAt };
    this.records.set(s.fingerprint, record);
    await this.o.store.saveSpecial(record);
  }

  async deleteSpecial(fp) {
    this.secrets.delete(fp);
    this.records.delete(fp);
    await this.o.store.deleteSpecial(fp);
  }

  async derive({ contact, slot }) {
    const secret = this.secrets.get(contact);
    if (!secret) return;
    const { ns, priority } = await namespaceOf(secret, slotLabel(slot));
    this.dispatch({ type: 'derived', contact, slot, ns, priority });
  }

  // ---------------------------------------------------------------- meeting namespaces and their links

  join({ label, prefix, ns }) {
    if (this.units.has(label)) return;
    // A fresh UUID per namespace joined: the server cannot link our rendezvous IDs to each other (§13.2.1).
    const unit = new MeetingUnit({ prefix, ns, uuid: crypto.randomUUID(), timings: this.o.meshTimings,
      random: platformRandom() });
    const adapter = new PeerJsAdapter({ Peer: this.o.Peer, peerOptions: this.o.peerOptionsFor(prefix), notify: () => {},
      onHandOff: (conn, local, remote, incoming) => this.handedOff(label, conn, local, remote, incoming) }).attach(unit);
    this.units.set(label, { unit, adapter });
    adapter.dispatch({ type: 'start' });
  }

  leave(label) {
    const h = this.units.get(label);
    if (!h) return;
    this.units.delete(label);
    h.adapter.dispatch({ type: 'stop' });
    for (const [link, l] of this.links) if (l.label === label) this.closeLink(link);
  }

  handedOff(label, conn, local, remote, incoming) {
    if (!this.units.has(label)) {
      conn.close();
      return;
    }
    const link = this.nextLink++;
    this.links.set(link, { conn, label });
    const pc = conn.peerConnection;
    const lost = () => {
      if (this.links.get(link)?.conn !== conn) return;
      this.links.delete(link);
      conn.close();
      this.dispatch({ type: 'meeting-closed', link });
    };
    conn.on('data', (data) => {
      if (this.links.get(link)?.conn === conn) this.dispatch({ type: 'meeting-received', link, data, size: receivedSize(data) });
    });
    conn.on('close', lost);
    conn.on('error', lost);
    pc?.addEventListener('iceconnectionstatechange', () => {
      if (['disconnected', 'failed', 'closed'].includes(pc.iceConnectionState)) lost();
    });
    this.dispatch({ type: 'meeting-opened', link, label, local, remote, incoming, reliable: conn.reliable === true,
      localFp: sha256Fingerprint(pc?.localDescription?.sdp), remoteFp: sha256Fingerprint(pc?.remoteDescription?.sdp),
      nonce: crypto.getRandomValues(new Uint8Array(32)) });
  }

  closeLink(link) {
    const l = this.links.get(link);
    if (!l) return;
    this.links.delete(link);
    flushed([l.conn]).then(() => l.conn.close()); // our note must leave before the channel closes
  }

  async prove({ link, peerKey, transcript }) {
    let fp;
    try {
      await importKey(peerKey);
      fp = await fingerprint(fromHex(peerKey, 65));
    } catch {
      this.dispatch({ type: 'proved', link, error: 'key is not a P-256 public key' });
      return;
    }
    this.dispatch({ type: 'proved', link, signature: await this.o.identity.sign(transcript), fingerprint: fp });
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

  // ---------------------------------------------------------------- what the application tells and asks

  /** Starts once the Transport ID is known (notes name it). */
  transportChanged(id) {
    if (id === null) return;
    if (!this.started) {
      this.started = true;
      this.dispatch({ type: 'start', transportId: id });
    } else {
      this.dispatch({ type: 'transport-id', id });
    }
  }

  /** A notification of the contacts core: lists, unreachable, imposter, special messages. */
  fromContacts(event) {
    if (['contacts', 'unreachable', 'imposter', 'special'].includes(event.event)) this.dispatch({ type: 'contacts', event });
  }

  /** A new beacon prefix (§13.3.5): new rendezvous namespaces join under it, the old ones stay for the overlap. */
  prefixChanged(prefix) { this.dispatch({ type: 'prefix-changed', prefix }); }
  /** The overlap of an old beacon prefix is over: its rendezvous namespaces are left once their meetings are. */
  prefixDropped(prefix) { this.dispatch({ type: 'prefix-dropped', prefix }); }

  make(contact) { this.dispatch({ type: 'make', contact, contribution: random32() }); }
  decline(contact) { this.dispatch({ type: 'decline', contact }); }
  end(contact) { this.dispatch({ type: 'end', contact }); }
  pause(contact, paused) { this.dispatch({ type: 'pause', contact, paused }); }

  view() { return this.node.view(); }
  namespaces() { return this.node.namespaces(); }

  stop() {
    this.dispatch({ type: 'stop' });
    this.chain = this.chain.then(() => {
      for (const label of [...this.units.keys()]) this.leave(label);
      for (const key of [...this.timers.keys()]) this.cancelTimer(key);
    });
  }
}
