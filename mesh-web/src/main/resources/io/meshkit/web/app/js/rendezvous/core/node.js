// Special contacts and rendezvous of one client as a pure state machine (docs/PROTOCOL.md §13.2): which contacts are
// special (Agreement), the state of each (§13.2.7: direct, seeking, note, paused), which rendezvous namespaces to hold
// now (Holdings: slots, skew, budget, back-off), and the meetings on the links the meeting units hand off (Meeting).
// It sits beside the contacts core: it hears that core's notifications and drives it with `contacts` effects.
//
// `step(event, now)` returns effects; `now` is the wall clock (Unix ms). No clock, timers, network, storage, crypto or
// randomness of its own: contributions and nonces come in with the events; the secret never enters this core (the
// adapter derives and stores it, and gives back only its check and phase); namespace names and priorities (HMACs
// under the secret) are asked for with `derive` and come back as `derived`; signatures are `prove`, `verify`,
// `sign-note` and `verify-note` requests the adapter answers.
//
// The prefix of the rendezvous IDs is the application's fixed one, or the current beacon prefix (§13.2.1): following a
// beacon, the adapter says `prefix-changed` when a new beacon's prefix is joined and `prefix-dropped` when an old one's
// overlap is over (§13.3.5); both contacts compute the same prefix from the same signed beacon, so they meet under it.

import { Effects } from '../../mesh/core/effects.js';
import { isValidId, isValidIdPart } from '../../mesh/core/ids.js';
import { decode } from '../../contacts/core/wire.js';
import { Agreement } from './agreement.js';
import { Holdings } from './holdings.js';
import { Meeting } from './meeting.js';
import { noteBytes } from './bytes.js';
import { eligible, level, nextWindowChange, windowSlots } from './schedule.js';
import { rendezvousTimings, RENDEZVOUS_LIMITS as L } from './settings.js';

const LOOKING = new Set(['seeking', 'note']);

export class RendezvousNode {
  /**
   * @param {object} o
   * @param {string} o.myKey our identity key (hex)
   * @param {string} o.prefix the application's ID prefix, or the current beacon prefix
   * @param {object[]} [o.specials] stored: {fingerprint, key, check, phase, since, lastSeen, paused, pauseAskedAt}
   * @param {object} [o.timings] overrides of RENDEZVOUS_DEFAULTS
   */
  constructor({ myKey, prefix, specials = [], timings = {} }) {
    if (!isValidIdPart(prefix)) throw new Error('invalid prefix');
    this.myKey = myKey;
    this.prefix = prefix;
    this.t = rendezvousTimings(timings);
    this.fx = new Effects();
    this.specials = new Map(); // fp -> {stored, state, directSince}
    for (const s of specials) this.specials.set(s.fingerprint, { stored: { ...s }, state: 'direct', directSince: -1 });
    this.contacts = new Map(); // fp -> view, as the contacts core last listed them
    this.meetings = new Map(); // link -> Meeting
    this.derived = new Map(); // `${fp}:${slot}` -> {ns, priority}, or null while asked
    this.agreement = new Agreement(this);
    this.holdings = new Holdings(this.t.budget, this.fx, prefix);
    this.transportId = null;
    this.started = false;
    this.stopped = false;
    this.windowAt = -1;
  }

  step(event, now) {
    if (typeof now !== 'number' || !Number.isFinite(now)) throw new Error('now must be a number');
    this.now = now;
    if (this.stopped) return this.fx.drain();
    const handler = HANDLERS[event?.type];
    if (!handler) throw new Error(`unknown event ${event?.type}`);
    handler.call(this, event);
    if (this.started && !this.stopped) this.reconcile();
    return this.fx.drain();
  }

  // ------------------------------------------------------------------ effects

  tell(event) { this.fx.notify({ type: 'notify', event }); }
  toContacts(event) { this.fx.notify({ type: 'contacts', event }); }
  failed(command, reason) { this.tell({ event: 'error', command, reason }); }

  save(c) {
    this.fx.notify({ type: 'save-special', special: { ...c.stored } });
  }

  setState(c, state) {
    if (c.state === state) return;
    c.state = state;
    this.tell({ event: 'rendezvous-state', contact: c.stored.fingerprint, state });
  }

  connected(fp) {
    return this.contacts.get(fp)?.connected === true;
  }

  // ------------------------------------------------------------------ direct contact

  /** Asks the contacts core to reach `c` at its Transport ID; an up link or a failure answers. */
  tryDirect(c) {
    const fp = c.stored.fingerprint;
    if (this.connected(fp)) {
      this.setState(c, 'direct');
      return;
    }
    c.directSince = this.now;
    this.toContacts({ type: 'ping', contact: fp });
    this.fx.setTimer(`direct:${fp}`, this.now + this.t.directTimeout);
  }

  directFailed(c) {
    c.directSince = -1;
    const fp = c.stored.fingerprint;
    if (this.connected(fp)) return; // a try begun before the link that is up now: the contact is here
    if (c.state === 'direct') this.setState(c, 'seeking');
    if (LOOKING.has(c.state)) this.fx.setTimer(`retry:${fp}`, this.now + this.t.directRetry);
  }

  onContactUp(fp) {
    this.agreement.onConnected(fp);
    const c = this.specials.get(fp);
    if (!c) return;
    c.directSince = -1;
    this.fx.cancelTimer(`direct:${fp}`);
    c.stored.lastSeen = this.now;
    this.save(c);
    if (c.state !== 'paused') this.setState(c, 'direct');
  }

  onLists({ here = [], saved = [] }) {
    const all = new Map();
    for (const v of [...here, ...saved]) all.set(v.fingerprint, v);
    for (const v of all.values()) {
      const was = this.connected(v.fingerprint);
      this.contacts.set(v.fingerprint, v);
      if (!this.started) continue;
      if (v.connected && !was) this.onContactUp(v.fingerprint);
      else if (!v.connected && was) {
        const c = this.specials.get(v.fingerprint);
        if (c && c.state === 'direct') this.tryDirect(c); // gone, or lost its Transport ID: one try tells which
      }
    }
    for (const fp of [...this.contacts.keys()]) if (!all.has(fp)) this.contacts.delete(fp);
  }

  // ------------------------------------------------------------------ special or not

  onAgreed({ contact, key, check, phase, reply }) {
    const old = this.specials.get(contact);
    if (old) this.holdings.removeContact(contact); // a new secret: the old namespaces are of no use
    this.forgetDerived(contact);
    const c = { stored: { fingerprint: contact, key, check, phase, since: this.now, lastSeen: this.now, paused: false,
      pauseAskedAt: 0 }, state: 'direct', directSince: -1 };
    this.specials.set(contact, c);
    if (reply) this.agreement.send(contact, reply);
    this.tell({ event: 'special-changed', contact, special: true, reason: 'agreed' });
    if (!this.connected(contact)) this.tryDirect(c);
  }

  ended(fp, reason) {
    if (this.specials.delete(fp)) {
      this.holdings.removeContact(fp);
      this.forgetDerived(fp);
      this.fx.notify({ type: 'delete-special', contact: fp });
    }
    this.tell({ event: 'special-changed', contact: fp, special: false, reason });
  }

  forgetDerived(fp) {
    for (const k of [...this.derived.keys()]) if (k.startsWith(`${fp}:`)) this.derived.delete(k);
  }

  pause(fp, paused) {
    const c = this.specials.get(fp);
    if (!c) return this.failed(paused ? 'pause' : 'resume', 'not a special contact');
    // Asked or not, the user decided: not asked again for another pause period.
    c.stored.paused = paused;
    c.stored.pauseAskedAt = this.now;
    this.save(c);
    if (paused) {
      this.setState(c, 'paused');
      this.holdings.removeContact(fp);
    } else if (c.state === 'paused') {
      this.setState(c, 'direct');
      this.tryDirect(c);
    }
    return undefined;
  }

  // ------------------------------------------------------------------ meetings

  onMeetingOpened(o) {
    const fp = this.holdings.contactOf(o.label);
    const c = fp === null ? null : this.specials.get(fp);
    const fpOk = (x) => x instanceof Uint8Array && x.length === 32;
    if (!c || !o.reliable || !fpOk(o.localFp) || !fpOk(o.remoteFp) || this.meetings.size >= L.maxMeetings
        || this.meetings.has(o.link)) {
      this.fx.notify({ type: 'meeting-close', link: o.link });
      // A link our contact's client would never open (unreliable, no DTLS fingerprints) is refused; having no room
      // (or no longer holding the namespace) says nothing about the peer.
      const usable = o.reliable && fpOk(o.localFp) && fpOk(o.remoteFp);
      this.verdict(o, c && !usable ? 'refused' : 'unproven');
      return;
    }
    const m = new Meeting({ link: o.link, label: o.label, contact: fp, expected: c.stored.key, myKey: this.myKey,
      incoming: o.incoming, local: o.local, remote: o.remote, localFp: o.localFp, remoteFp: o.remoteFp, nonce: o.nonce,
      now: this.now, deadline: this.now + this.t.meetingTimeout });
    this.meetings.set(o.link, m);
    this.holdings.meetingStarted(o.label);
    this.fx.notify({ type: 'meeting-send', link: m.link, message: m.hello() });
    this.fx.setTimer(`meeting:${m.link}`, m.deadline);
  }

  outcome(m, r) {
    if (!r) return;
    if (r.fail) {
      this.tell({ event: 'rendezvous-imposter', contact: m.contact, peer: m.remote, reason: r.fail, imposter: r.imposter });
      this.endMeeting(m);
      this.verdict(m, 'refused');
      return;
    }
    if (r.send) this.fx.notify({ type: 'meeting-send', link: m.link, message: r.send });
    if (r.next) this.outcome(m, r.next);
    if (r.prove) this.fx.notify({ type: 'prove', link: m.link, peerKey: r.prove.peerKey, transcript: r.prove.transcript });
    if (r.verify) {
      this.fx.notify({ type: 'verify', link: m.link, peerKey: r.verify.peerKey, transcript: r.verify.transcript,
        signature: r.verify.signature });
    }
    if (r.signNote) {
      const issued = this.now;
      this.fx.notify({ type: 'sign-note', link: m.link, transportId: this.transportId, issued,
        bytes: noteBytes(this.myKey, m.expected, this.transportId, issued) });
    }
    if (r.verifyNote) {
      const n = r.verifyNote;
      this.fx.notify({ type: 'verify-note', link: m.link, key: m.expected, signature: n.signature,
        bytes: noteBytes(m.expected, this.myKey, n.transportID, n.issued) });
    }
    if (r.met) this.onMet(m, r.met);
  }

  /** Tells the meeting unit how the meeting on (local, remote) ended (§13.2.4: only a refusal shuns a slot). */
  verdict(m, verdict) {
    this.fx.notify({ type: 'meeting-ended', label: m.label, local: m.local, remote: m.remote, verdict });
  }

  onMet(m, theirTransportId) {
    this.verdict(m, 'met'); // the unit searches again only if we still hold the namespace a meeting timeout later
    const c = this.specials.get(m.contact);
    if (!c) return;
    c.stored.lastSeen = this.now;
    this.save(c);
    this.toContacts({ type: 'relocated', contact: m.contact, transportId: theirTransportId });
    this.tell({ event: 'rendezvous-met', contact: m.contact, transportId: theirTransportId, initiator: !m.incoming,
      prefix: this.holdings.prefixOf(m.label) });
    if (c.state !== 'paused') this.setState(c, 'direct');
    this.fx.cancelTimer(`retry:${m.contact}`);
    // The pair's namespaces go; this link's after a grace (which closes it), so that our note is not cut off.
    this.holdings.met(m.label, this.now, this.t.closeGrace);
  }

  endMeeting(m) {
    if (!this.meetings.delete(m.link)) return;
    this.fx.cancelTimer(`meeting:${m.link}`);
    this.fx.notify({ type: 'meeting-close', link: m.link });
    this.holdings.meetingEnded(m.label);
  }

  // ------------------------------------------------------------------ which namespaces to hold

  /** After every step: the 30-day prompt, then the namespaces to hold now, then the next window timer. */
  reconcile() {
    const wall = this.now;
    const slots = windowSlots(wall, this.t.skew);
    const wants = [];
    const fits = this.prefix.length <= L.maxPrefix;
    for (const c of this.specials.values()) {
      if (!LOOKING.has(c.state) || !fits) continue;
      const unseen = Math.max(0, wall - c.stored.lastSeen);
      this.askToPause(c, unseen);
      const lvl = level(unseen);
      for (const slot of slots) {
        if (!eligible(c.stored.phase, slot, lvl)) continue;
        const key = `${c.stored.fingerprint}:${slot}`;
        const d = this.derived.get(key);
        if (d === undefined) {
          this.derived.set(key, null);
          this.fx.notify({ type: 'derive', contact: c.stored.fingerprint, slot });
        } else if (d !== null) {
          wants.push({ contact: c.stored.fingerprint, slot, ns: d.ns, priority: d.priority });
        }
      }
    }
    for (const k of [...this.derived.keys()]) if (Number(k.slice(k.indexOf(':') + 1)) < slots[0]) this.derived.delete(k);
    this.holdings.hold(wants);
    const next = nextWindowChange(wall, this.t.skew);
    if (this.windowAt !== next) {
      this.windowAt = next;
      this.fx.setTimer('window', next);
    }
  }

  askToPause(c, unseen) {
    const asked = c.stored.pauseAskedAt;
    if (unseen > this.t.pauseAfter && (asked === 0 || this.now - asked > this.t.pauseAfter)) {
      c.stored.pauseAskedAt = this.now;
      this.save(c);
      this.tell({ event: 'pause-suggested', contact: c.stored.fingerprint, name: this.contacts.get(c.stored.fingerprint)?.name ?? '',
        lastSeen: c.stored.lastSeen });
    }
  }

  // ------------------------------------------------------------------ what the application may ask

  /** fp -> {state, since, lastSeen, paused, asking, asked} of every special contact and offer under way. */
  view() {
    const out = {};
    for (const [fp, c] of this.specials) {
      out[fp] = { special: true, state: c.state, lastSeen: c.stored.lastSeen, paused: c.stored.paused };
    }
    for (const fp of this.contacts.keys()) {
      if (out[fp]) continue;
      if (this.agreement.asking(fp)) out[fp] = { special: false, asking: true };
      else if (this.agreement.asked(fp)) out[fp] = { special: false, asked: true };
    }
    return out;
  }

  namespaces() {
    return this.holdings.namespaces();
  }
}

const HEX32 = /^[0-9a-f]{64}$/;

const HANDLERS = {
  start({ transportId }) {
    if (this.started) return;
    this.started = true;
    this.transportId = isValidId(transportId) ? transportId : null;
    if (this.specials.size > 0 && this.prefix.length > L.maxPrefix) {
      this.failed('rendezvous', `the prefix is longer than ${L.maxPrefix} characters: rendezvous IDs would not fit`);
    }
    // Our Transport ID is new since the last run: every special contact not reachable directly needs a note.
    for (const c of this.specials.values()) {
      if (c.stored.paused) this.setState(c, 'paused');
      else this.tryDirect(c);
    }
  },
  stop() {
    for (const m of this.meetings.values()) this.fx.notify({ type: 'meeting-close', link: m.link });
    this.meetings.clear();
    for (const label of Object.keys(this.holdings.namespaces())) this.holdings.leave(label);
    this.stopped = true;
  },
  'transport-id'({ id }) {
    if (!isValidId(id) || id === this.transportId) return;
    const first = this.transportId === null;
    this.transportId = id;
    if (first) return;
    for (const c of this.specials.values()) {
      if (c.state === 'paused') continue;
      // A connected contact learns it from presence (§13.1.4); the others get a note.
      this.setState(c, this.connected(c.stored.fingerprint) ? 'direct' : 'note');
    }
  },
  /** A beacon of a later period with another prefix: new namespaces join under it, the old ones stay a while. */
  'prefix-changed'({ prefix }) {
    if (!isValidIdPart(prefix)) throw new Error('invalid prefix');
    if (prefix === this.prefix) return;
    this.prefix = prefix;
    this.holdings.prefixChanged(prefix);
  },
  /** The overlap of an old prefix is over: its namespaces are left (a meeting under way first finishes). */
  'prefix-dropped'({ prefix }) {
    this.holdings.prefixDropped(prefix);
  },
  /** A notification of the contacts core. */
  contacts({ event }) {
    if (event.event === 'contacts') this.onLists(event);
    else if (event.event === 'unreachable' || event.event === 'imposter') {
      const c = this.specials.get(event.contact);
      if (c && this.started && (c.directSince >= 0 || c.state === 'direct')) this.directFailed(c);
    } else if (event.event === 'special' && this.started) {
      this.agreement.onMessage(event.contact, event.message);
    }
  },
  make({ contact, contribution }) {
    if (!HEX32.test(contribution ?? '')) throw new Error('the adapter gives 32 random bytes');
    if (this.specials.size >= L.maxSpecial && !this.specials.has(contact)) {
      this.failed('special', `at most ${L.maxSpecial} special contacts`);
    } else {
      this.agreement.make(contact, contribution);
    }
  },
  decline({ contact }) { this.agreement.decline(contact); },
  end({ contact }) { this.agreement.end(contact); },
  pause({ contact, paused }) { this.pause(contact, !!paused); },
  agreed(e) { this.onAgreed(e); },
  derived({ contact, slot, ns, priority }) {
    const key = `${contact}:${slot}`;
    if (this.derived.get(key) === null) this.derived.set(key, { ns, priority });
  },
  'meeting-opened'(o) { this.onMeetingOpened(o); },
  'meeting-received'({ link, data, size }) {
    const m = this.meetings.get(link);
    if (!m) return;
    const d = decode(data, size);
    if (d.message) this.outcome(m, m.onMessage(d.message, this.now));
    else if (d.invalid) this.outcome(m, m.onInvalid(this.now));
  },
  'meeting-closed'({ link }) {
    const m = this.meetings.get(link);
    if (!m) return;
    this.meetings.delete(link);
    this.fx.cancelTimer(`meeting:${link}`);
    this.holdings.meetingEnded(m.label);
    if (!m.done) this.verdict(m, 'unproven');
  },
  proved({ link, signature, fingerprint, error }) {
    const m = this.meetings.get(link);
    if (!m) return;
    if (error || fingerprint !== m.contact) this.outcome(m, m.fail(error ?? 'another key', !error));
    else this.outcome(m, m.onProved(signature));
  },
  verified({ link, ok }) {
    const m = this.meetings.get(link);
    if (m) this.outcome(m, m.onVerified(ok));
  },
  'note-signed'({ link, transportId, issued, signature }) {
    const m = this.meetings.get(link);
    const note = m?.noteSigned(transportId, issued, signature);
    if (note) this.fx.notify({ type: 'meeting-send', link, message: note });
  },
  'note-verified'({ link, ok }) {
    const m = this.meetings.get(link);
    if (m) this.outcome(m, m.onNoteVerified(ok));
  },
  timer({ key }) {
    if (typeof key !== 'string' || !this.fx.takeDue(key, this.now)) return;
    const i = key.indexOf(':');
    const [kind, arg] = i < 0 ? [key, ''] : [key.slice(0, i), key.slice(i + 1)];
    const c = this.specials.get(arg);
    switch (kind) {
      case 'window':
        this.windowAt = -1; // reconcile() runs after every step
        return;
      case 'meeting': {
        const m = this.meetings.get(Number(arg));
        if (m && this.now >= m.deadline) {
          if (!m.done) this.verdict(m, 'unproven');
          this.endMeeting(m);
        }
        return;
      }
      case 'leave':
        this.holdings.leaveDue(arg);
        return;
      case 'direct':
        if (c && c.directSince >= 0 && this.now - c.directSince >= this.t.directTimeout) this.directFailed(c);
        return;
      case 'retry':
        if (c && LOOKING.has(c.state) && c.directSince < 0) this.tryDirect(c);
        return;
      case 'offer':
        this.agreement.onTimer(arg);
        return;
      default:
    }
  },
};
