// One rendezvous link (docs/PROTOCOL.md §13.2.5) as a pure state machine: the identity handshake of §13.1.3 over the
// link's own IDs and DTLS fingerprints, then one `note` each way. It meets only the contact whose namespace the link
// belongs to: another key, a proof that does not verify, a note that is not the contact's for us, or any other
// message is a failure, and nothing from such a link is believed. Signing and verifying are WebCrypto's
// (asynchronous): they are requests the owner answers.

import { Handshake } from '../../contacts/core/handshake.js';
import { ROLES } from '../../contacts/core/transcript.js';
import { TokenBucket } from '../../mesh/core/effects.js';
import * as wire from '../../contacts/core/wire.js';

const RATE = { capacity: 16, perMillis: 1 / 50 }; // per-link messages, as on contact links

export class Meeting {
  constructor({ link, label, contact, expected, myKey, incoming, local, remote, localFp, remoteFp, nonce, now, deadline }) {
    Object.assign(this, { link, label, contact, expected, incoming, local, remote, deadline });
    this.hs = new Handshake({ role: incoming ? ROLES.responder : ROLES.initiator, localId: local, remoteId: remote,
      localFp, remoteFp, myKey, nonce });
    this.rate = new TokenBucket(RATE.capacity, RATE.perMillis, now);
    this.stage = 'handshake'; // handshake | notes | done
    this.buffered = []; // the peer's note, sent while we still verify its proof
    this.noteOut = false;
    this.theirs = null; // the peer's note being verified
  }

  hello() {
    return this.hs.hello();
  }

  /**
   * A received message (already decoded). Returns `{send}`, `{prove}`, `{verify}`, `{verifyNote: note}`, `{fail,
   * imposter}` or `{}`.
   */
  onMessage(m, now) {
    if (this.stage === 'done') return {};
    if (!this.rate.take(now)) return this.fail('too many messages', false);
    if (this.stage === 'handshake') {
      if (this.hs.state === 'verifying' && m.type === 'note' && this.buffered.length === 0) {
        this.buffered.push(m);
        return {};
      }
      const r = this.hs.onMessage(m);
      if (r.fail) return this.fail(r.fail, this.hs.peerKey !== null && this.hs.peerKey !== this.expected);
      if (r.prove && r.prove.peerKey !== this.expected) return this.fail('another key', true);
      return r;
    }
    if (m.type !== 'note' || this.theirs !== null) return this.fail('expected one note', false);
    this.theirs = m;
    return { verifyNote: m };
  }

  /** Our handshake signature is ready. */
  onProved(signature) {
    if (this.stage !== 'handshake') return {};
    const r = this.hs.onProved(signature);
    if (!r) return {};
    return { send: r.send, next: r.next };
  }

  /** The peer's proof was checked: on success, our note is to be signed, and a note kept meanwhile verified. */
  onVerified(ok) {
    if (this.stage !== 'handshake') return {};
    const r = this.hs.onVerified(ok);
    if (r.fail) return this.fail(r.fail, false);
    this.stage = 'notes';
    const kept = this.buffered.shift();
    if (kept) this.theirs = kept;
    return { signNote: true, verifyNote: kept ?? null };
  }

  /** Our note, signed. */
  noteSigned(transportId, issued, signature) {
    if (this.noteOut) return null;
    this.noteOut = true;
    return wire.note(transportId, issued, signature);
  }

  /** The peer's note checked: met (with its Transport ID) or failed. */
  onNoteVerified(ok) {
    if (this.stage !== 'notes' || this.theirs === null) return {};
    if (!ok) return this.fail('the note is not the contact\'s for us', false);
    this.stage = 'done';
    return { met: this.theirs.transportID, issued: this.theirs.issued };
  }

  onInvalid(now) {
    if (this.stage === 'done') return {};
    if (!this.rate.take(now)) return this.fail('too many messages', false);
    return this.stage === 'handshake' ? this.fail('invalid message in the handshake', false) : {};
  }

  get done() {
    return this.stage === 'done';
  }

  fail(reason, imposter) {
    this.stage = 'done';
    return { fail: reason, imposter };
  }
}
