// A deterministic world for the contacts core: clients with their ContactNode, an in-memory signaling server
// (who holds which PeerJS ID), data links with a small latency and FIFO order, stores, timers on a virtual
// clock, and a stand-in for WebCrypto: keys named after their owner, signatures that only the owner's name
// can make (a keyed hash), checked by recomputing. The handshake logic (transcripts, roles, nonces) is the
// real one; only the curve arithmetic is replaced, which the vector tests check on real WebCrypto.
import { createHash } from 'node:crypto';
import { ContactNode } from '../../main/resources/io/meshkit/web/app/js/contacts/core/node.js';

const hash = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(typeof p === 'string' ? Buffer.from(p) : Buffer.from(p));
  return h.digest('hex');
};

/** A fake identity: a 65-byte "point" from the name, its real SHA-256 fingerprint. */
export function fakeIdentity(name) {
  const key = '04' + hash('x', name) + hash('y', name);
  return { name, key, fingerprint: hash(Buffer.from(key, 'hex')), secret: hash('secret', name) };
}

const signWith = (secret, bytes) => hash(secret, bytes) + hash(bytes, secret);

export class ContactWorld {
  constructor({ latency = 2, connectMillis = 40 } = {}) {
    this.now = 1_718_000_000_000;
    this.latency = latency;
    this.connectMillis = connectMillis;
    this.queue = [];
    this.seq = 0;
    this.clients = new Map();
    this.holders = new Map(); // PeerJS ID -> client
    this.links = new Map(); // `${client}:${link}` -> {client, link, peer: {client, link}}
    this.secrets = new Map(); // key -> secret (who may sign for it)
    this.mitm = false; // a relay in the middle: each side sees the relay's fingerprint for the other
    this.nextInbound = -1;
  }

  add(name, { transportId = `mesh-t-${name}-0000`, discoveryId = `mesh-n41c0c7ed3b598e44-${name}-uuid-0000`,
    contacts = [], queued = [], identity = fakeIdentity(name), timings = {} } = {}) {
    const discoveryUUID = discoveryId.slice('mesh-n41c0c7ed3b598e44-'.length);
    this.secrets.set(identity.key, identity.secret);
    const c = { name, identity, transportId, discoveryId, discoveryUUID, events: [], effects: [],
      store: { contacts: new Map(contacts.map((x) => [x.fingerprint, x])), messages: new Map() }, timers: new Map(),
      node: new ContactNode({ identity, name, discoveryUUID, transportId, contacts, queued, timings }) };
    for (const m of queued) c.store.messages.set(`${m.contact}:o:${m.seq}`, { ...m });
    this.clients.set(name, c);
    this.holders.set(transportId, c);
    this.holders.set(discoveryId, c);
    this.step(c, { type: 'start' });
    return c;
  }

  /** The client leaves the signaling server and every link (a crash: nothing is sent). */
  kill(name) {
    const c = this.clients.get(name);
    for (const [k, l] of [...this.links]) {
      if (l.client === c) {
        this.links.delete(k);
        if (l.peer) this.dropPeerSide(l.peer);
      }
    }
    for (const [id, h] of [...this.holders]) if (h === c) this.holders.delete(id);
    c.dead = true;
  }

  /** A client restarted from its store (same identity, new Transport ID). */
  restart(name, transportId) {
    const old = this.clients.get(name);
    const queued = [...old.store.messages.values()].filter((m) => m.outgoing && !m.delivered);
    return this.add(name, { transportId, discoveryId: old.discoveryId, contacts: [...old.store.contacts.values()], queued,
      identity: old.identity });
  }

  at(delay, client, event) {
    this.queue.push({ at: this.now + delay, seq: this.seq++, client, event });
  }

  step(c, event) {
    if (c.dead) return;
    const effects = c.node.step(event, this.now);
    for (const fx of effects) this.execute(c, fx);
  }

  execute(c, fx) {
    c.effects.push(fx);
    switch (fx.type) {
      case 'connect': return this.connect(c, fx);
      case 'send': {
        const l = this.links.get(`${c.name}:${fx.link}`);
        if (l?.peer) {
          const data = JSON.parse(JSON.stringify(fx.message));
          this.at(this.latency, l.peer.client, { type: 'received', link: l.peer.link, data,
            size: Buffer.byteLength(JSON.stringify(fx.message)) });
        }
        return undefined;
      }
      case 'close': {
        const l = this.links.get(`${c.name}:${fx.link}`);
        if (!l) return undefined;
        this.links.delete(`${c.name}:${fx.link}`);
        if (l.peer) this.at(this.latency + 1, l.peer.client, { type: 'closed', link: l.peer.link, from: 'peer' });
        if (l.peer) this.links.delete(`${l.peer.client.name}:${l.peer.link}`);
        return undefined;
      }
      case 'timer':
        c.timers.set(fx.key, fx.at);
        this.queue.push({ at: fx.at, seq: this.seq++, client: c, event: { type: 'timer', key: fx.key }, timer: fx.at });
        return undefined;
      case 'cancel-timer':
        c.timers.delete(fx.key);
        return undefined;
      case 'prove': {
        const secret = this.secrets.get(c.identity.key);
        const valid = fx.peerKey.startsWith('04') && !fx.peerKey.endsWith('dead');
        this.at(1, c, valid ? { type: 'proved', link: fx.link, signature: signWith(secret, fx.transcript),
          fingerprint: hash(Buffer.from(fx.peerKey, 'hex')) } : { type: 'proved', link: fx.link, error: 'not on the curve' });
        return undefined;
      }
      case 'verify': {
        const secret = this.secrets.get(fx.peerKey);
        this.at(1, c, { type: 'verified', link: fx.link, ok: !!secret && signWith(secret, fx.transcript) === fx.signature });
        return undefined;
      }
      case 'save-contact': c.store.contacts.set(fx.contact.fingerprint, fx.contact); return undefined;
      case 'save-outgoing':
      case 'save-incoming':
        c.store.contacts.set(fx.contact.fingerprint, fx.contact);
        c.store.messages.set(`${fx.message.contact}:${fx.message.outgoing ? 'o' : 'i'}:${fx.message.seq}`, { ...fx.message });
        return undefined;
      case 'mark-delivered': {
        const m = c.store.messages.get(`${fx.contact}:o:${fx.seq}`);
        if (m) m.delivered = fx.at;
        return undefined;
      }
      case 'notify': c.events.push(fx.event); return undefined;
      default: throw new Error(`unknown effect ${fx.type}`);
    }
  }

  connect(c, { link, local, remote }) {
    const target = this.holders.get(remote);
    const me = this.holders.get(local);
    if (!target || me !== c) {
      this.at(5_000, c, { type: 'connect-failed', link }); // the server's EXPIRE for an unknown ID
      return;
    }
    const inbound = this.nextInbound--;
    const a = { client: c, link };
    const b = { client: target, link: inbound };
    this.links.set(`${c.name}:${link}`, { ...a, peer: b });
    this.links.set(`${target.name}:${inbound}`, { ...b, peer: a });
    const fpA = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + c.name.length) & 0xff);
    const fpB = Uint8Array.from({ length: 32 }, (_, i) => (i * 11 + target.name.length + 1) & 0xff);
    const relay = Uint8Array.from({ length: 32 }, () => 0xee);
    const nonce = (n) => Uint8Array.from({ length: 32 }, (_, i) => (n * 31 + i * 13 + this.seq) & 0xff);
    this.at(this.connectMillis, target, { type: 'opened', link: inbound, inbound: true, local: remote, remote: local,
      reliable: true, localFp: fpB, remoteFp: this.mitm ? relay : fpA, nonce: nonce(1) });
    this.at(this.connectMillis, c, { type: 'opened', link, inbound: false, local, remote, reliable: true,
      localFp: fpA, remoteFp: this.mitm ? relay : fpB, nonce: nonce(2) });
  }

  dropPeerSide(side) {
    this.links.delete(`${side.client.name}:${side.link}`);
    this.at(5_000, side.client, { type: 'closed', link: side.link }); // ICE notices after about 5 s
  }

  /** Runs until `ms` of virtual time have passed (or `until()` holds). */
  run(ms, until = () => false) {
    const end = this.now + ms;
    while (!until()) {
      this.queue.sort((x, y) => x.at - y.at || x.seq - y.seq);
      const next = this.queue[0];
      if (!next || next.at > end) break;
      this.queue.shift();
      this.now = Math.max(this.now, next.at);
      if (next.timer !== undefined && next.client.timers.get(next.event.key) !== next.timer) continue;
      if (next.timer !== undefined) next.client.timers.delete(next.event.key);
      this.step(next.client, next.event);
    }
    if (!until()) this.now = Math.max(this.now, end);
    return until();
  }

  /** A command from the client's user, now. */
  command(name, event) {
    this.step(this.clients.get(name), event);
  }

  events(name, kind) {
    return this.clients.get(name).events.filter((e) => e.event === kind);
  }

  lists(name) {
    return this.clients.get(name).node.lists();
  }
}
