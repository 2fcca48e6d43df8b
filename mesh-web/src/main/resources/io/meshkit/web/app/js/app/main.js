// The browser app: the mesh client (discovery, election, registry, failover) and the contacts runtime
// (identity, contacts, chat) on one page, and the view. Starts after the checks a browser needs: a secure
// context (WebCrypto), IndexedDB, one tab per profile (they share one identity and one discovery UUID).

import { MeshClient } from '../mesh/mesh-client.js';
import { nameProblem } from '../mesh/core/names.js';
import { Store } from '../contacts/store.js';
import { Identity, safetyNumber } from '../contacts/identity.js';
import { ContactRuntime } from '../contacts/runtime.js';
import { RendezvousRuntime } from '../rendezvous/runtime.js';
import { textProblem } from '../contacts/core/wire.js';
import { loadConfig } from './config.js';
import { View } from './ui.js';

const PING_WAIT_MS = 25_000; // a ping not answered by then is reported (the contacts core keeps retrying)

class App {
  constructor() {
    this.events = []; // every event, for diagnostics (window.meshApp.events)
    this.store = null;
    this.identity = null;
    this.client = null;
    this.contacts = null;
    this.me = { name: null, fingerprint: null, key: null };
    this.mesh = { role: null, routerId: null, routerDiscoveryId: null, namespace: null, peers: [], off: null, fault: null,
      faults: new Map(), transportId: null, discoveryId: null, prefix: null };
    this.lists = { here: [], strangers: [], saved: [] };
    this.requests = new Map(); // request number -> {request, name, fingerprint, key, safety}
    this.asked = new Set(); // Discovery IDs we sent a request to, until it is answered
    this.pinging = new Map(); // fingerprint -> timer
    this.unread = new Map();
    this.chat = null; // {fingerprint, messages}
    this.rendezvous = null;
    this.rendezvousWaiting = null; // beacon prefixes come and go while rendezvous starts: [{changed} | {dropped}]
    this.special = {}; // fingerprint -> the rendezvous core's view (special, state, asking, asked)
    this.pausePrompts = new Map(); // fingerprint -> {contact, name, lastSeen}
    this.metAt = new Map(); // fingerprint -> when a meeting last found it
    this.view = new View({
      start: (name) => this.start(name),
      request: (id) => this.request(id),
      answer: (no, yes) => this.answer(no, yes),
      openChat: (fp) => this.openChat(fp),
      closeChat: () => this.closeChat(),
      send: (text) => this.send(text),
      ping: (fp) => this.ping(fp),
      showSafety: () => this.showSafety(),
      toggleVerified: () => this.toggleVerified(),
      makeSpecial: (fp) => this.rendezvous?.make(fp),
      declineSpecial: (fp) => this.rendezvous?.decline(fp),
      endSpecial: (fp) => this.rendezvous?.end(fp),
      pauseSpecial: (fp, paused) => {
        this.pausePrompts.delete(fp);
        this.rendezvous?.pause(fp, paused);
        this.redraw();
      },
      keepLooking: (fp) => {
        this.pausePrompts.delete(fp); // asked once per 30 days: the core remembers that it asked
        this.redraw();
      },
    });
  }

  log(event) {
    this.events.push({ at: Date.now(), ...event });
    if (this.events.length > 500) this.events.splice(0, this.events.length - 500);
  }

  routerName() {
    if (this.mesh.role === 'router') return 'you';
    const p = this.mesh.peers.find((x) => x.discoveryId === this.mesh.routerDiscoveryId);
    return p?.name ?? null;
  }

  contact(fp) {
    return [...this.lists.here, ...this.lists.saved].find((c) => c.fingerprint === fp) ?? null;
  }

  async boot() {
    if (!window.isSecureContext || !globalThis.crypto?.subtle) {
      this.view.problem('This page is not a secure context, so the browser withholds WebCrypto, which holds your '
        + 'identity key. Open it over HTTPS (or from localhost).');
      return;
    }
    if (typeof window.Peer !== 'function') {
      this.view.problem('The PeerJS client (vendor/peerjs-1.5.5.min.js) did not load.');
      return;
    }
    if (navigator.locks) {
      // One tab per profile: two would share the identity and the discovery UUID, and the second one's
      // Discovery ID would be refused as taken. The lock is held as long as this page lives.
      const got = await new Promise((resolve) => {
        navigator.locks.request('meshkit-app', { ifAvailable: true }, (lock) => {
          resolve(!!lock);
          return lock ? new Promise(() => {}) : undefined;
        });
      });
      if (!got) {
        this.view.problem('The app is already open in another tab of this browser. Use that one (close it to use this one).');
        return;
      }
    }
    navigator.serviceWorker?.register('sw.js').catch((e) => this.log({ event: 'service-worker', error: String(e) }));
    try {
      this.store = await Store.open();
      this.identity = await Identity.load(this.store);
    } catch (e) {
      this.view.problem(`Local storage is not usable (${e.message}). A private window may not keep IndexedDB.`);
      return;
    }
    this.me.fingerprint = this.identity.fingerprint;
    this.me.key = this.identity.key;
    const name = await this.store.get('name');
    if (typeof name === 'string' && !nameProblem(name)) await this.run(name);
    else this.view.askName();
  }

  /** The welcome form: a valid name starts the app (and is kept). */
  async start(raw) {
    const name = String(raw ?? '').trim();
    const problem = nameProblem(name);
    if (problem) {
      this.view.askName(problem.replace(/^name/, 'The name'));
      return;
    }
    await this.store.put('name', name);
    await this.run(name);
  }

  async run(name) {
    this.me.name = name;
    this.view.showLists();
    this.redraw();
    let config;
    try {
      config = await loadConfig();
    } catch (e) {
      this.view.problem(`Cannot read the app's configuration (${e.message}).`);
      return;
    }
    this.config = config;
    this.client = new MeshClient({ Peer: window.Peer, signaling: config.signaling, iceServers: config.iceServers,
      stunUrls: config.stunUrls, ipEchoUrl: config.ipEchoUrl, prefix: config.prefix, beacon: config.beacon, name,
      onContactLink: (conn, local) => (this.contacts ? this.contacts.accept(conn, local) : conn.close()),
      onEvent: (e) => this.onMesh(e) });
    // Closing the tab is a clean exit: a router hands over to its successor (§8.7) instead of vanishing.
    window.addEventListener('pagehide', () => this.stop());
    await this.client.prepare();
    await this.startContacts();
    // With a beacon, rendezvous starts under the first beacon's prefix (onMesh: beacon-prefix).
    if (!config.beacon) await this.startRendezvous(config.prefix);
    // Back from the back-forward cache, the page's client was stopped: start again from scratch.
    window.addEventListener('pageshow', (e) => {
      if (e.persisted) window.location.reload();
    });
    this.client.start();
  }

  stop() {
    this.rendezvous?.stop();
    this.contacts?.stop();
    this.client?.stop();
  }

  // ---------------------------------------------------------------- mesh events

  onMesh(e) {
    this.log(e);
    const m = this.mesh;
    switch (e.event) {
      case 'ready':
        Object.assign(m, { namespace: e.namespace, discoveryId: e.discoveryId, prefix: e.prefix ?? null, off: null });
        for (const [reason, f] of [...m.faults]) if (!f.sticky) m.faults.delete(reason);
        break;
      case 'discovery-off':
        Object.assign(m, { off: e.reason, namespace: null, role: null, routerId: null, peers: [] });
        this.contacts?.network([]);
        break;
      case 'role':
        Object.assign(m, { role: e.role, routerId: e.routerId, routerDiscoveryId: e.routerDiscoveryId });
        break;
      case 'network':
        m.peers = e.peers;
        this.contacts?.network(e.peers);
        break;
      case 'transport':
        m.transportId = e.transportId;
        this.contacts?.transportChanged(e.transportId);
        this.rendezvous?.transportChanged(e.transportId);
        break;
      case 'beacon-prefix':
        this.beaconPrefix(e.prefix);
        break;
      case 'beacon-prefix-left':
        if (this.rendezvous) this.rendezvous.prefixDropped(e.prefix);
        else this.rendezvousWaiting?.push({ dropped: e.prefix });
        break;
      case 'fault':
        m.faults.set(e.reason, { message: e.message ?? e.reason, sticky: !!e.sticky });
        break;
      case 'fault-cleared':
        m.faults.delete(e.reason);
        break;
      default:
        break;
    }
    m.fault = m.faults.values().next().value?.message ?? null;
    this.view.drawStatus(this);
  }

  /** Contacts and chat start with the stored lists and outbox, before (or without) a Transport ID. */
  async startContacts() {
    this.contacts = await ContactRuntime.start({ identity: this.identity, store: this.store, name: this.me.name,
      discoveryUUID: this.client.discoveryUUID, transportId: this.mesh.transportId,
      transportPeer: () => this.client.transport, onEvent: (e) => this.onContacts(e) });
    if (this.mesh.transportId) this.contacts.transportChanged(this.mesh.transportId);
    this.contacts.network(this.mesh.peers);
  }

  /**
   * Special contacts (docs/PROTOCOL.md §13.2): meeting namespaces on their own signaling connections, under `prefix`:
   * the application's fixed one, or the first beacon's. The beacon prefixes after it are followed (§13.3.5): both
   * contacts get the same signed beacon in a period, so they compute the same rendezvous IDs under it.
   */
  async startRendezvous(prefix) {
    this.rendezvousWaiting = [];
    const rt = await RendezvousRuntime.start({ identity: this.identity, store: this.store, prefix, Peer: window.Peer,
      peerOptionsFor: (p) => this.client.peerOptionsFor(p), toContacts: (e) => this.contacts?.dispatch(e),
      onEvent: (e) => this.onRendezvous(e) });
    this.rendezvous = rt;
    for (const w of this.rendezvousWaiting) {
      if (w.changed) rt.prefixChanged(w.changed);
      else rt.prefixDropped(w.dropped);
    }
    this.rendezvousWaiting = null;
    rt.fromContacts({ event: 'contacts', ...this.lists });
    if (this.mesh.transportId) rt.transportChanged(this.mesh.transportId);
    this.redraw(); // the special-contact controls show from now on
  }

  /** A new beacon prefix: the first one starts rendezvous, the later ones move its namespaces (the old stay a while). */
  beaconPrefix(prefix) {
    if (this.rendezvous) this.rendezvous.prefixChanged(prefix);
    else if (this.rendezvousWaiting) this.rendezvousWaiting.push({ changed: prefix });
    else {
      this.startRendezvous(prefix).catch((e) => {
        console.error(e);
        this.rendezvousWaiting = null;
        this.view.notice(`Special contacts could not start (${e.message})`);
      });
    }
  }

  onRendezvous(e) {
    this.log(e);
    const name = (fp) => this.contact(fp)?.name ?? 'A contact';
    switch (e.event) {
      case 'special-requested':
        this.view.notice(`${e.name} asks to become special contacts`);
        break;
      case 'special-changed': {
        const said = { agreed: 'is now a special contact', refused: 'stays an ordinary contact',
          declined: 'said no to being special contacts', 'no-answer': 'did not answer the special-contact request',
          ended: 'is no longer a special contact', 'ended-by-contact': 'ended being special contacts',
          mismatch: 'is no longer a special contact (the two sides disagreed)' }[e.reason] ?? e.reason;
        this.view.notice(`${name(e.contact)} ${said}`);
        if (!e.special) this.pausePrompts.delete(e.contact);
        break;
      }
      case 'rendezvous-met':
        this.metAt.set(e.contact, Date.now());
        this.view.notice(`Found ${name(e.contact)} again through rendezvous`);
        break;
      case 'rendezvous-imposter':
        if (e.imposter) this.view.notice(`Someone else waited where ${name(e.contact)} was looked for: ignored`);
        break;
      case 'pause-suggested':
        this.pausePrompts.set(e.contact, { contact: e.contact, name: e.name || name(e.contact), lastSeen: e.lastSeen });
        break;
      case 'error':
        this.view.notice(e.reason);
        break;
      default:
        break;
    }
    this.special = this.rendezvous?.view() ?? {};
    this.redraw();
  }

  // ---------------------------------------------------------------- contacts events

  onContacts(e) {
    this.log(e);
    this.rendezvous?.fromContacts(e);
    switch (e.event) {
      case 'contacts':
        this.lists = { here: e.here, strangers: e.strangers, saved: e.saved };
        for (const c of [...e.here, ...e.saved]) if (c.connected) this.pinged(c.fingerprint);
        break;
      case 'request':
        this.requests.set(e.request, { ...e, safety: null });
        safetyNumber(this.identity.key, e.key).then((n) => {
          const r = this.requests.get(e.request);
          if (r) {
            r.safety = n;
            this.view.drawRequests(this);
          }
        });
        this.view.notice(`${e.name} wants to become your contact`);
        break;
      case 'request-closed':
        this.requests.delete(e.request);
        if (e.outcome === 'timeout') this.view.notice('A request waited too long and was rejected');
        break;
      case 'request-answered': {
        this.asked.delete(e.discoveryId);
        const who = this.mesh.peers.find((p) => p.discoveryId === e.discoveryId)?.name ?? 'The peer';
        const said = { accepted: 'accepted: you are contacts now', rejected: 'said no', failed: 'could not be reached',
          'already-contact': 'is already your contact' }[e.outcome] ?? e.outcome;
        this.view.notice(`${who} ${said}`);
        break;
      }
      case 'contact-added':
        this.view.notice(`${e.contact.name} is now a contact`);
        break;
      case 'received':
        if (this.chat?.fingerprint === e.contact) this.chat.messages.push({ outgoing: false, ...e, delivered: null });
        else this.unread.set(e.contact, (this.unread.get(e.contact) ?? 0) + 1);
        break;
      case 'queued':
        if (this.chat?.fingerprint === e.contact) this.chat.messages.push({ outgoing: true, ...e, delivered: null });
        break;
      case 'delivered':
        if (this.chat?.fingerprint === e.contact) {
          const m = this.chat.messages.find((x) => x.outgoing && x.seq === e.seq && x.id === e.id);
          if (m) m.delivered = Date.now();
        }
        break;
      case 'imposter':
        this.pinged(e.contact);
        this.view.notice(`Someone else answered at ${this.contact(e.contact)?.name ?? 'a contact'}'s address: blocked`);
        break;
      case 'handshake-failed':
        this.view.notice(`A connection failed its identity check (${e.reason})`);
        break;
      case 'error':
        if (e.command === 'send') this.view.chatProblem(e.reason);
        else this.view.notice(e.reason);
        break;
      case 'fault':
        this.view.problem(`Contacts and chat stopped: the browser's storage failed (${e.detail}).`);
        return;
      default:
        break;
    }
    this.redraw();
  }

  redraw() {
    this.special = this.rendezvous?.view() ?? {};
    this.view.drawStatus(this);
    this.view.drawLists(this);
    this.view.drawRequests(this);
    if (this.chat) {
      const c = this.contact(this.chat.fingerprint);
      this.view.drawChatState(c);
      if (c) this.view.drawSpecial(c, this.rendezvous ? this.special[c.fingerprint] : null, this.metAt.get(c.fingerprint),
        this.rendezvous !== null);
      this.view.drawMessages(this.chat.messages);
    }
    const c = this.safety && this.contact(this.safety.fingerprint);
    if (c && this.view.safetyOpen()) this.view.showSafety(c, this.safety.number, this.me.fingerprint);
  }

  // ---------------------------------------------------------------- what the user does

  request(discoveryId) {
    if (!this.contacts) return;
    this.asked.add(discoveryId);
    this.contacts.request(discoveryId);
    this.redraw();
  }

  answer(no, yes) {
    this.contacts?.answer(no, yes);
  }

  ping(fp) {
    if (!this.contacts) return;
    clearTimeout(this.pinging.get(fp));
    this.pinging.set(fp, setTimeout(() => {
      this.pinging.delete(fp);
      this.view.notice(`${this.contact(fp)?.name ?? 'The contact'} did not answer; trying again later`);
      this.redraw();
    }, PING_WAIT_MS));
    this.contacts.ping(fp);
    this.redraw();
  }

  pinged(fp) {
    if (!this.pinging.has(fp)) return;
    clearTimeout(this.pinging.get(fp));
    this.pinging.delete(fp);
  }

  async openChat(fp) {
    const c = this.contact(fp);
    if (!c) return;
    this.chat = { fingerprint: fp, messages: [] };
    this.unread.delete(fp);
    this.view.openChat(c);
    const history = await this.store.history(fp);
    if (this.chat?.fingerprint !== fp) return;
    // Events that came while the history was read are in it or after it: keep each message once.
    const seen = new Set(history.map((m) => `${m.outgoing}:${m.seq}`));
    this.chat.messages = [...history, ...this.chat.messages.filter((m) => !seen.has(`${m.outgoing}:${m.seq}`))];
    this.redraw();
  }

  closeChat() {
    const fp = this.chat?.fingerprint;
    this.chat = null;
    this.view.closeChat(fp);
    this.redraw();
  }

  send(raw) {
    if (!this.chat || !this.contacts) return;
    const text = String(raw ?? '').replace(/\r\n?/g, '\n');
    if (text.trim() === '') return;
    const problem = textProblem(text);
    if (problem) {
      this.view.chatProblem(problem.replace(/^text/, 'The message'));
      return;
    }
    this.view.chatProblem('');
    this.view.clearComposer();
    this.contacts.sendText(this.chat.fingerprint, text);
  }

  async showSafety() {
    const c = this.chat && this.contact(this.chat.fingerprint);
    if (!c) return;
    this.safety = { fingerprint: c.fingerprint, number: null };
    this.view.showSafety(c, null, this.me.fingerprint);
    const n = await safetyNumber(this.identity.key, c.key);
    if (this.safety?.fingerprint !== c.fingerprint) return;
    this.safety.number = n;
    this.redraw();
  }

  toggleVerified() {
    const c = this.chat && this.contact(this.chat.fingerprint);
    if (c && this.contacts) this.contacts.setVerified(c.fingerprint, !c.verified); // the lists event redraws
  }
}

const app = new App();
window.meshApp = app; // for diagnostics and the browser tests
app.boot().catch((e) => {
  console.error(e);
  app.view.problem(`Unexpected error: ${e.message}`);
});
