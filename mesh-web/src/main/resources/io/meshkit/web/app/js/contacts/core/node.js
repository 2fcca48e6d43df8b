// Contacts and chat of one client (docs/PROTOCOL.md §13.1) as a pure state machine: `step(event, now)`
// returns effects. The identity handshake on every contact link, requests and their answers, the lists
// matched against the network's, pings, imposters, and chat with an outbox, acknowledgements and duplicate
// suppression. No clock, timers, network, storage, crypto or randomness of its own: nonces and message IDs
// come in with the events, signatures and fingerprints are requests the adapter answers (WebCrypto is
// asynchronous), and every change to keep is a `save-…` effect placed before whatever depends on it (an
// `ack` after the message is stored, `queued` after the message is stored).
//
// Links are numbered: outgoing ones by this core (1, 2, …), incoming ones by the adapter (−1, −2, …).

import { Effects, TokenBucket } from '../../mesh/core/effects.js';
import { isValidId } from '../../mesh/core/ids.js';
import { nameProblem } from '../../mesh/core/names.js';
import { contactTimings, CONTACT_LIMITS as L } from './settings.js';
import { Handshake } from './handshake.js';
import { Conversation } from './conversation.js';
import { ROLES } from './transcript.js';
import * as wire from './wire.js';

const PURPOSE = Object.freeze({ inbound: 'inbound', ping: 'ping', request: 'request' });

export class ContactNode {
  /**
   * @param {object} o
   * @param {{key: string, fingerprint: string}} o.identity our identity key (hex) and its fingerprint
   * @param {string} o.name our friendly name
   * @param {string} o.discoveryUUID ours
   * @param {string|null} o.transportId our current Transport ID; null while we have none (offline): the lists
   *   and the outbox work, nothing is connected until a `transport-id` event
   * @param {object[]} [o.contacts] the stored contacts
   * @param {object[]} [o.queued] stored outgoing messages not acknowledged yet (any order)
   * @param {object} [o.timings] overrides of CONTACT_DEFAULTS
   */
  constructor({ identity, name, discoveryUUID, transportId, contacts = [], queued = [], timings = {} }) {
    if (nameProblem(name)) throw new Error(nameProblem(name));
    if (transportId !== null && !isValidId(transportId)) throw new Error('invalid Transport ID');
    this.me = { key: identity.key, fingerprint: identity.fingerprint, name, discoveryUUID, transportId };
    this.t = contactTimings(timings);
    this.fx = new Effects();
    this.contacts = new Map();
    this.conversations = new Map();
    for (const c of contacts) this.remember(c);
    for (const m of [...queued].sort((a, b) => a.seq - b.seq)) {
      if (m.outgoing && this.conversations.has(m.contact)) this.conversations.get(m.contact).outbox.push(m);
    }
    this.links = new Map();
    this.network = [];
    this.nextLink = 1;
    this.nextRequest = 1;
    this.started = false;
    this.stopped = false;
    this.told = null;
  }

  remember(c) {
    this.contacts.set(c.fingerprint, c);
    if (!this.conversations.has(c.fingerprint)) this.conversations.set(c.fingerprint, new Conversation());
  }

  step(event, now) {
    if (typeof now !== 'number' || !Number.isFinite(now)) throw new Error('now must be a number');
    this.now = now;
    if (this.stopped) return this.fx.drain();
    const handler = HANDLERS[event?.type];
    if (!handler) throw new Error(`unknown event ${event?.type}`);
    handler.call(this, event);
    if (!this.stopped && this.started) {
      this.pump();
      this.tellLists();
    }
    return this.fx.drain();
  }

  // ------------------------------------------------------------------ effects

  send(link, message) {
    this.fx.notify({ type: 'send', link: link.id, message });
  }

  close(link) {
    this.fx.notify({ type: 'close', link: link.id });
  }

  notify(event) {
    this.fx.notify({ type: 'notify', event });
  }

  failed(command, reason) {
    this.notify({ event: 'error', command, reason });
  }

  save(c) {
    this.contacts.set(c.fingerprint, c);
    this.fx.notify({ type: 'save-contact', contact: c });
  }

  timer(key, delay) {
    this.fx.setTimer(key, this.now + delay);
  }

  // ------------------------------------------------------------------ links and the handshake

  onOpened(e) {
    let l = this.links.get(e.link);
    if (e.inbound) {
      if (l || !(e.link < 0)) throw new Error('incoming links have fresh negative numbers');
      if (this.links.size >= L.links) {
        this.fx.notify({ type: 'close', link: e.link });
        return;
      }
      l = this.newLink(e.link, e.local, e.remote, true, PURPOSE.inbound, null);
    } else if (!l || l.phase !== 'connecting') {
      return; // we gave up on it meanwhile
    }
    if (this.me.transportId === null) {
      this.drop(l); // we could not say where we are (accepted, presence): not now
      return;
    }
    if (!e.reliable || !isFingerprint(e.localFp) || !isFingerprint(e.remoteFp)) {
      const why = e.reliable ? 'no SHA-256 DTLS fingerprint in the SDP' : 'the link is not reliable';
      this.notify({ event: 'handshake-failed', peer: l.remote, reason: why });
      this.drop(l);
      return;
    }
    l.hs = new Handshake({ role: l.inbound ? ROLES.responder : ROLES.initiator, localId: l.local, remoteId: l.remote,
      localFp: e.localFp, remoteFp: e.remoteFp, myKey: this.me.key, nonce: e.nonce });
    l.phase = 'handshake';
    l.openedAt = this.now;
    this.fx.cancelTimer(`connect:${l.id}`);
    this.send(l, l.hs.hello());
    this.timer(`hs:${l.id}`, this.t.handshakeTimeout);
  }

  newLink(id, local, remote, inbound, purpose, expected) {
    const l = { id, local, remote, inbound, purpose, expected, phase: 'connecting', hs: null, peerKey: null,
      peerFp: null, openedAt: this.now, buffered: [], requestNo: 0, requestName: null,
      rate: new TokenBucket(L.linkRate.capacity, L.linkRate.perSecond / 1000, this.now) };
    this.links.set(id, l);
    return l;
  }

  onReceived({ link, data, size }) {
    const l = this.links.get(link);
    if (!l) return;
    if (!l.rate.take(this.now)) {
      this.drop(l); // a link that floods is closed (§13.1.2)
      return;
    }
    const d = wire.decode(data, size);
    if (!d.message) return; // invalid: discarded; unknown type: ignored
    const m = d.message;
    if (l.phase === 'handshake') {
      if (l.hs.state === 'verifying' && m.type !== 'hello' && m.type !== 'proof') {
        // Sent by the peer after it verified our proof, while we still verify its: kept until we know.
        if (l.buffered.length >= L.bufferedBeforeAuth) this.drop(l);
        else l.buffered.push(m);
        return;
      }
      this.handshakeStep(l, l.hs.onMessage(m));
      return;
    }
    this.onMessage(l, m);
  }

  handshakeStep(l, r) {
    if (r.fail) return this.handshakeFailed(l, r.fail);
    if (r.prove) return this.fx.notify({ type: 'prove', link: l.id, peerKey: r.prove.peerKey, transcript: r.prove.transcript });
    if (r.verify) {
      return this.fx.notify({ type: 'verify', link: l.id, peerKey: r.verify.peerKey, transcript: r.verify.transcript,
        signature: r.verify.signature });
    }
    return undefined;
  }

  onProved({ link, signature, fingerprint, error }) {
    const l = this.links.get(link);
    if (!l || l.phase !== 'handshake') return;
    if (error) {
      this.handshakeFailed(l, error);
      return;
    }
    l.peerKey = l.hs.peerKey;
    l.peerFp = fingerprint;
    const r = l.hs.onProved(signature);
    if (!r) return;
    this.send(l, r.send);
    this.handshakeStep(l, r.next);
  }

  onVerified({ link, ok }) {
    const l = this.links.get(link);
    if (!l || l.phase !== 'handshake') return;
    const r = l.hs.onVerified(ok);
    if (r.fail) {
      this.handshakeFailed(l, r.fail);
      return;
    }
    this.authenticated(l);
    const buffered = l.buffered;
    l.buffered = [];
    for (const m of buffered) if (this.links.get(l.id) === l) this.onMessage(l, m);
  }

  handshakeFailed(l, reason) {
    if (l.purpose === PURPOSE.ping && l.peerFp && l.peerFp !== l.expected) {
      this.imposter(l, 'wrong key');
    } else {
      // The contact's key with a proof that does not verify over our transcript: a relay in the middle, or a
      // broken peer. Reported, never blacklisted: the Transport ID may well be the contact's, behind the relay.
      this.notify({ event: 'handshake-failed', peer: l.remote, reason });
    }
    this.drop(l);
  }

  authenticated(l) {
    const fp = l.peerFp;
    this.notify({ event: 'authenticated', fingerprint: fp, peer: l.remote, initiator: !l.inbound,
      handshakeMillis: this.now - l.openedAt });
    if (l.purpose === PURPOSE.ping && fp !== l.expected) {
      this.imposter(l, 'wrong key');
      this.drop(l);
      return;
    }
    let known = this.contacts.get(fp);
    if (known) {
      if (known.blacklist.includes(l.remote)) {
        known = { ...known, blacklist: known.blacklist.filter((id) => id !== l.remote) }; // it is the contact after all
      }
      this.send(l, wire.withAddress('presence', this.me));
      if (l.purpose === PURPOSE.request) this.notify({ event: 'request-answered', discoveryId: l.remote, outcome: 'already-contact' });
      this.becomeContact(l, { ...known, lastSeen: this.now });
    } else if (l.purpose === PURPOSE.request) {
      this.send(l, wire.request(this.me.name));
      l.phase = 'request-sent';
      this.timer(`req:${l.id}`, this.t.requestTimeout + this.t.handshakeTimeout);
    } else {
      l.phase = 'await-request';
      this.timer(`hs:${l.id}`, this.t.handshakeTimeout);
    }
  }

  onMessage(l, m) {
    switch (l.phase) {
      case 'await-request':
        if (m.type === 'request') this.onRequest(l, m);
        return;
      case 'await-confirm':
        if (m.type === 'confirm') this.addContact(l, this.newContact(l, m));
        return;
      case 'request-sent':
        if (m.type === 'accepted') {
          const c = this.newContact(l, m);
          this.send(l, wire.withAddress('confirm', this.me));
          this.notify({ event: 'request-answered', discoveryId: l.remote, outcome: 'accepted' });
          this.addContact(l, c);
        } else if (m.type === 'rejected') {
          this.notify({ event: 'request-answered', discoveryId: l.remote, outcome: 'rejected' });
          l.phase = 'closing';
          this.drop(l);
        }
        return;
      case 'contact':
        this.onContactMessage(l, m);
        return;
      default:
        return; // prompt, closing: nothing to say meanwhile
    }
  }

  newContact(l, m) {
    return { fingerprint: l.peerFp, key: l.peerKey, name: m.friendlyname, transportId: m.transportID,
      discoveryUuid: m.discoveryUUID, lastSeen: this.now, verified: false, blacklist: [], nextSeq: 1,
      lastReceivedSeq: 0, added: this.now };
  }

  onRequest(l, m) {
    const pending = [...this.links.values()].filter((x) => x.phase === 'prompt').length;
    if (pending >= L.pendingRequests || this.contacts.size >= L.contacts) {
      this.reject(l);
      return;
    }
    l.requestName = m.friendlyname;
    l.requestNo = this.nextRequest++;
    l.phase = 'prompt';
    this.fx.cancelTimer(`hs:${l.id}`);
    this.notify({ event: 'request', request: l.requestNo, name: m.friendlyname, fingerprint: l.peerFp, key: l.peerKey });
    this.timer(`req:${l.id}`, this.t.requestTimeout);
  }

  onAnswer({ request, accept }) {
    const l = [...this.links.values()].find((x) => x.phase === 'prompt' && x.requestNo === request);
    if (!l) {
      this.failed(accept ? 'accept' : 'reject', 'no such request waiting');
      return;
    }
    this.notify({ event: 'request-closed', request, outcome: accept ? 'accepted' : 'rejected' });
    this.fx.cancelTimer(`req:${l.id}`);
    if (accept) {
      this.send(l, wire.withAddress('accepted', this.me));
      l.phase = 'await-confirm';
      this.timer(`hs:${l.id}`, this.t.handshakeTimeout);
    } else {
      this.reject(l);
    }
  }

  /** `rejected`, and the requester closes; we close after handshakeTimeout if it does not (§13.1.4). */
  reject(l) {
    this.send(l, wire.rejected());
    l.phase = 'closing';
    this.timer(`hs:${l.id}`, this.t.handshakeTimeout);
  }

  onRequestContact({ discoveryId }) {
    if (!isValidId(discoveryId)) {
      this.failed('request', 'not a valid PeerJS ID');
      return;
    }
    if ([...this.links.values()].some((l) => l.purpose === PURPOSE.request && l.remote === discoveryId
      && ['connecting', 'handshake', 'request-sent'].includes(l.phase))) {
      this.failed('request', 'a request to this peer is already under way');
      return;
    }
    if (this.contacts.size >= L.contacts) {
      this.failed('request', 'the contact list is full');
      return;
    }
    if (this.me.transportId === null) {
      this.failed('request', 'not connected to the signaling server');
      return;
    }
    this.connect(PURPOSE.request, discoveryId, null);
  }

  addContact(l, fresh) {
    // Two requests crossing each other add the same contact twice: its counters must survive the second.
    const old = this.contacts.get(fresh.fingerprint);
    const c = old ? { ...old, name: fresh.name, transportId: fresh.transportId, discoveryUuid: fresh.discoveryUuid,
      lastSeen: this.now } : fresh;
    this.remember(c);
    this.becomeContact(l, c);
    this.notify({ event: 'contact-added', contact: this.view(this.contacts.get(c.fingerprint), null) });
  }

  /** The link is now an authenticated link to contact `c` (stored here). */
  becomeContact(l, c) {
    this.save(c);
    l.phase = 'contact';
    this.fx.cancelTimer(`hs:${l.id}`);
    this.fx.cancelTimer(`req:${l.id}`);
    const v = this.conversations.get(c.fingerprint);
    if (v.connecting === l.id) v.connecting = 0;
    v.retryDelay = 0;
    v.pingWanted = false;
    v.links.push(l.id);
    if (v.links.length === 1) this.resend(c.fingerprint, v);
  }

  onContactMessage(l, m) {
    const fp = l.peerFp;
    const c = this.contacts.get(fp);
    switch (m.type) {
      case 'presence':
      case 'confirm':
        this.save({ ...c, name: m.friendlyname, transportId: m.transportID, discoveryUuid: m.discoveryUUID,
          lastSeen: this.now });
        return;
      case 'request':
        // It asks again: it lost us (a new install with the same key). Agree at once, count its messages from 1.
        this.save({ ...c, lastReceivedSeq: 0 });
        this.send(l, wire.withAddress('accepted', this.me));
        return;
      case 'message': {
        if (m.seq > c.lastReceivedSeq) {
          const updated = { ...c, lastReceivedSeq: m.seq, lastSeen: this.now };
          const msg = { contact: fp, outgoing: false, id: m.id, seq: m.seq, sent: m.sent, text: m.text, at: this.now };
          this.contacts.set(fp, updated);
          this.fx.notify({ type: 'save-incoming', message: msg, contact: updated });
          this.send(l, wire.ack(m.id, m.seq));
          this.notify({ event: 'received', contact: fp, name: updated.name, id: m.id, seq: m.seq, sent: m.sent,
            text: m.text });
        } else {
          this.send(l, wire.ack(m.id, m.seq)); // a resend whose ack was lost: acknowledged again, not shown
        }
        return;
      }
      case 'ack':
        this.onAck(fp, m);
        return;
      default:
        // Special contacts (§13.2.6) are the rendezvous core's: passed on, only from an authenticated contact.
        if (wire.SPECIAL_TYPES.includes(m.type)) this.notify({ event: 'special', contact: fp, message: m });
        return;
    }
  }

  // ------------------------------------------------------------------ chat

  onSend({ contact, text, id }) {
    const c = this.contactOrFail('send', contact);
    if (!c) return;
    const problem = wire.textProblem(text);
    if (problem) {
      this.failed('send', problem);
      return;
    }
    if (!wire.isMessageId(id)) throw new Error('the adapter must give every message an ID');
    const v = this.conversations.get(c.fingerprint);
    if (v.outbox.length >= L.outbox) {
      this.failed('send', `the outbox for this contact is full (${L.outbox} messages)`);
      return;
    }
    const m = { contact: c.fingerprint, outgoing: true, id, seq: c.nextSeq, sent: this.now, text };
    const updated = { ...c, nextSeq: c.nextSeq + 1 };
    this.contacts.set(c.fingerprint, updated);
    this.fx.notify({ type: 'save-outgoing', message: m, contact: updated });
    this.notify({ event: 'queued', contact: c.fingerprint, id, seq: m.seq, sent: m.sent, text });
    v.outbox.push(m);
    if (v.links.length > 0) this.sendMore(c.fingerprint, v);
  }

  /** A new current link: everything not acknowledged goes out again on it, in order. */
  resend(fp, v) {
    v.sentUpTo = v.outbox.length === 0 ? 0 : v.outbox[0].seq - 1;
    v.progressAt = this.now;
    this.sendMore(fp, v);
  }

  sendMore(fp, v) {
    const link = this.links.get(v.current());
    if (!link) return;
    let inFlight = v.inFlight();
    for (const m of v.outbox) {
      if (inFlight >= L.sendWindow) break;
      if (m.seq > v.sentUpTo) {
        if (inFlight === 0) v.progressAt = this.now;
        this.send(link, wire.chat(m));
        v.sentUpTo = m.seq;
        inFlight++;
      }
    }
    if (inFlight > 0 && !this.fx.hasTimer(`ack:${fp}`)) this.timer(`ack:${fp}`, this.t.ackTimeout);
  }

  onAck(fp, a) {
    const v = this.conversations.get(fp);
    const i = v.outbox.findIndex((m) => m.seq === a.seq && m.id === a.id);
    if (i < 0) return; // a second ack of a resent message: already delivered
    v.outbox.splice(i, 1);
    v.progressAt = this.now;
    this.fx.notify({ type: 'mark-delivered', contact: fp, id: a.id, seq: a.seq, at: this.now });
    this.notify({ event: 'delivered', contact: fp, id: a.id, seq: a.seq });
    this.sendMore(fp, v);
  }

  // ------------------------------------------------------------------ reaching contacts

  /** Contacts seen recently are pinged (at start, and when our Transport ID changed) to learn where we are. */
  announce() {
    for (const c of this.contacts.values()) {
      if (c.lastSeen >= this.now - this.t.announceWithin) this.conversations.get(c.fingerprint).pingWanted = true;
    }
  }

  /** Starts the connects that are due (a bounded number at once). */
  pump() {
    if (this.me.transportId === null) return; // every contact link is opened from our Transport ID
    let connecting = [...this.links.values()].filter((l) => l.phase === 'connecting'
      || (l.purpose !== PURPOSE.inbound && l.phase === 'handshake')).length;
    for (const c of this.contacts.values()) {
      const v = this.conversations.get(c.fingerprint);
      if (v.links.length > 0 || v.connecting !== 0) continue;
      const wanted = v.pingWanted || v.outbox.length > 0 || this.listed(c) !== null;
      const target = this.target(c);
      if (!wanted || target === null) {
        v.pingWanted = false;
        continue;
      }
      if (v.retryAt > this.now) continue;
      if (connecting >= L.connecting) return;
      v.pingWanted = false;
      v.connecting = this.connect(PURPOSE.ping, target, c.fingerprint);
      connecting++;
    }
  }

  connect(purpose, remote, expected) {
    const id = this.nextLink++;
    this.newLink(id, this.me.transportId, remote, false, purpose, expected);
    this.fx.notify({ type: 'connect', link: id, local: this.me.transportId, remote });
    this.timer(`connect:${id}`, this.t.connectTimeout);
    return id;
  }

  /** Where to reach `c`: its Transport ID listed on this network, else its last one; never a blacklisted one. */
  target(c) {
    const m = this.listed(c);
    if (m?.transportId) return m.transportId;
    return c.transportId && !c.blacklist.includes(c.transportId) ? c.transportId : null;
  }

  /** The network entry with `c`'s discovery UUID, unless its Transport ID is blacklisted for `c`. */
  listed(c) {
    if (!c.discoveryUuid) return null;
    return this.network.find((m) => m.uuid === c.discoveryUuid && !c.blacklist.includes(m.transportId)) ?? null;
  }

  /** Closes a link and forgets it. */
  drop(l) {
    this.close(l);
    this.gone(l);
  }

  /** A link ended (closed, failed, refused): forget it and let its contact and request know. */
  gone(l) {
    if (this.links.get(l.id) !== l) return;
    this.links.delete(l.id);
    for (const k of ['connect', 'hs', 'req']) this.fx.cancelTimer(`${k}:${l.id}`);
    if (l.phase === 'prompt') this.notify({ event: 'request-closed', request: l.requestNo, outcome: 'gone' });
    if (l.purpose === PURPOSE.request && ['connecting', 'handshake', 'request-sent'].includes(l.phase)) {
      this.notify({ event: 'request-answered', discoveryId: l.remote, outcome: 'failed' });
    }
    if (l.purpose === PURPOSE.ping) {
      const v = this.conversations.get(l.expected);
      if (v && v.connecting === l.id) {
        v.connecting = 0;
        this.backOff(l.expected, v);
      }
      // A ping that never authenticated: the contact is not at that Transport ID (§13.2.7 seeks it then).
      if (l.phase !== 'contact' && v) this.notify({ event: 'unreachable', contact: l.expected, transportId: l.remote });
    }
    if (l.phase === 'contact') {
      const fp = l.peerFp;
      const v = this.conversations.get(fp);
      const wasCurrent = v.current() === l.id;
      v.links = v.links.filter((id) => id !== l.id);
      if (wasCurrent && v.links.length > 0) this.resend(fp, v);
      else if (v.links.length === 0) v.retryAt = this.now; // reconnect at once if there is something to deliver
    }
  }

  backOff(fp, v) {
    v.retryDelay = v.retryDelay === 0 ? this.t.retryMin : Math.min(this.t.retryMax, v.retryDelay * 2);
    v.retryAt = this.now + v.retryDelay;
    this.timer(`retry:${fp}`, v.retryDelay);
  }

  imposter(l, reason) {
    const c = this.contacts.get(l.expected);
    if (!c) return;
    const blacklist = [...c.blacklist.filter((id) => id !== l.remote), l.remote].slice(-L.blacklist);
    this.save({ ...c, blacklist });
    this.notify({ event: 'imposter', contact: c.fingerprint, transportId: l.remote, reason });
  }

  // ------------------------------------------------------------------ timers

  onTimer({ key }) {
    if (typeof key !== 'string' || !this.fx.takeDue(key, this.now)) return;
    const [kind, arg] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const l = this.links.get(Number(arg));
    switch (kind) {
      case 'connect':
        if (l && l.phase === 'connecting') this.drop(l);
        return;
      case 'hs':
        if (l && l.phase === 'closing') this.drop(l);
        else if (l && ['handshake', 'await-request', 'await-confirm'].includes(l.phase)) {
          if (l.purpose !== PURPOSE.ping) this.notify({ event: 'handshake-failed', peer: l.remote, reason: 'timed out' });
          this.drop(l);
        }
        return;
      case 'req':
        if (l && l.phase === 'prompt') {
          this.notify({ event: 'request-closed', request: l.requestNo, outcome: 'timeout' });
          this.reject(l);
        } else if (l && l.phase === 'request-sent') {
          this.drop(l);
        }
        return;
      case 'ack': {
        const v = this.conversations.get(arg);
        if (!v || v.inFlight() === 0 || !this.links.has(v.current())) return;
        if (this.now - v.progressAt >= this.t.ackTimeout) {
          this.drop(this.links.get(v.current())); // acknowledgements stopped: the link is dead
        } else {
          this.fx.setTimer(key, v.progressAt + this.t.ackTimeout);
        }
        return;
      }
      default:
        return; // retry: pump() runs after every step
    }
  }

  // ------------------------------------------------------------------ what the application sees

  contactOrFail(command, fingerprint) {
    const c = typeof fingerprint === 'string' ? this.contacts.get(fingerprint) : undefined;
    if (!c) this.failed(command, 'no such contact');
    return c ?? null;
  }

  view(c, here) {
    const v = this.conversations.get(c.fingerprint);
    return { fingerprint: c.fingerprint, key: c.key, name: c.name,
      transportId: here?.transportId ?? c.transportId, discoveryId: here?.discoveryId ?? null, lastSeen: c.lastSeen,
      verified: c.verified, connected: (v?.links.length ?? 0) > 0, queued: v?.outbox.length ?? 0 };
  }

  /** The lists the design draws: on this network (contacts here, strangers), saved contacts. */
  lists() {
    const byUuid = new Map();
    for (const c of this.contacts.values()) if (c.discoveryUuid) byUuid.set(c.discoveryUuid, c);
    const here = [];
    const strangers = [];
    const present = new Set();
    for (const m of this.network) {
      const c = byUuid.get(m.uuid);
      if (c && !c.blacklist.includes(m.transportId) && !present.has(c.fingerprint)) {
        present.add(c.fingerprint);
        here.push(this.view(c, m));
      } else {
        strangers.push(m);
      }
    }
    const saved = [...this.contacts.values()].filter((c) => !present.has(c.fingerprint)).map((c) => this.view(c, null));
    return { here, strangers, saved };
  }

  tellLists() {
    const lists = this.lists();
    const key = JSON.stringify(lists);
    if (key !== this.told) {
      this.told = key;
      this.notify({ event: 'contacts', ...lists });
    }
  }

  /** Requests waiting for the user. */
  pendingRequests() {
    return [...this.links.values()].filter((l) => l.phase === 'prompt')
      .map((l) => ({ request: l.requestNo, name: l.requestName, fingerprint: l.peerFp, key: l.peerKey }));
  }
}

function isFingerprint(fp) {
  return fp instanceof Uint8Array && fp.length === L.fingerprintBytes;
}

const HANDLERS = {
  start() {
    if (this.started) return;
    this.started = true;
    this.announce();
  },
  stop() {
    for (const l of this.links.values()) this.close(l);
    this.links.clear();
    this.stopped = true;
  },
  opened(e) { this.onOpened(e); },
  'connect-failed'({ link }) {
    const l = this.links.get(link);
    if (l) this.gone(l);
  },
  closed({ link }) {
    const l = this.links.get(link);
    if (l) this.gone(l);
  },
  received(e) { this.onReceived(e); },
  proved(e) { this.onProved(e); },
  verified(e) { this.onVerified(e); },
  timer(e) { this.onTimer(e); },
  network({ peers }) {
    const before = new Map([...this.contacts.values()].map((c) => [c.fingerprint, this.target(c)]));
    this.network = Array.isArray(peers) ? peers : [];
    for (const c of this.contacts.values()) {
      const after = this.target(c);
      if (after !== null && after !== before.get(c.fingerprint)) {
        const v = this.conversations.get(c.fingerprint);
        v.retryAt = this.now; // listed somewhere new: try there at once, whatever the back-off was
        v.retryDelay = 0;
      }
    }
  },
  'transport-id'({ id }) {
    if (id === null) {
      this.me.transportId = null; // lost: nothing is connected until we have one again (then we announce it)
      return;
    }
    if (!isValidId(id) || id === this.me.transportId) return;
    this.me.transportId = id;
    for (const l of this.links.values()) if (l.phase === 'contact') this.send(l, wire.withAddress('presence', this.me));
    this.announce();
  },
  request(e) { this.onRequestContact(e); },
  answer(e) { this.onAnswer(e); },
  ping({ contact }) {
    const c = this.contactOrFail('ping', contact);
    if (!c) return;
    const v = this.conversations.get(c.fingerprint);
    v.pingWanted = true;
    v.retryAt = this.now;
    if (this.target(c) === null) this.failed('ping', 'no Transport ID known for this contact');
  },
  send(e) { this.onSend(e); },
  /** The rendezvous core sends a special-contact message on the contact's current link (it checked there is one). */
  'special-send'({ contact, message }) {
    const v = this.conversations.get(contact);
    const link = v ? this.links.get(v.current()) : undefined;
    if (link) this.send(link, message);
  },
  /** A meeting told the contact's current Transport ID (§13.2.5): reach it there, off the blacklist. */
  relocated({ contact, transportId }) {
    const c = this.contacts.get(contact);
    if (!c || !isValidId(transportId)) return;
    this.save({ ...c, transportId, blacklist: c.blacklist.filter((id) => id !== transportId) });
    const v = this.conversations.get(contact);
    v.pingWanted = true;
    v.retryAt = this.now;
    v.retryDelay = 0;
  },
  verify({ contact, verified }) {
    const c = this.contactOrFail('verify', contact);
    if (c) this.save({ ...c, verified: !!verified });
  },
};
