// One side of the identity handshake on one contact link (docs/PROTOCOL.md §13.1.3), a pure state machine.
// Signing and verifying are WebCrypto's and asynchronous, so they are requests the owner carries out and
// answers (`proved`, `verified`); meanwhile the state says what may come next.
//
//   await-hello --hello--> proving --proved--> await-proof --proof--> verifying --verified--> done
//                          (a proof arriving while proving is kept and verified once ours is sent)

import { fromHex, toHex } from './bytes.js';
import { CONTACT_LIMITS as L } from './settings.js';
import { ROLES, transcript } from './transcript.js';
import * as wire from './wire.js';

export class Handshake {
  /**
   * @param {object} o
   * @param {'initiator'|'responder'} o.role initiator = the side that opened the link
   * @param {string} o.localId our PeerJS ID on this link
   * @param {string} o.remoteId the peer's
   * @param {Uint8Array} o.localFp our DTLS certificate's SHA-256 fingerprint (our SDP)
   * @param {Uint8Array} o.remoteFp the peer's (its SDP)
   * @param {string} o.myKey our identity key, hex of the raw point
   * @param {Uint8Array} o.nonce 32 fresh random bytes
   */
  constructor({ role, localId, remoteId, localFp, remoteFp, myKey, nonce }) {
    if (!(nonce instanceof Uint8Array) || nonce.length !== L.nonceBytes) throw new Error('nonce must be 32 bytes');
    this.role = role;
    this.localId = localId;
    this.remoteId = remoteId;
    this.localFp = localFp;
    this.remoteFp = remoteFp;
    this.myKey = myKey;
    this.nonce = nonce;
    this.state = 'await-hello';
    this.peerKey = null; // hex, from the peer's hello
    this.keptProof = null;
  }

  hello() {
    return wire.hello(this.myKey, toHex(this.nonce));
  }

  /** The transcript as the side with `role` signs it. */
  transcriptFor(role, peerNonce) {
    const me = fromHex(this.myKey, L.keyBytes);
    const peer = fromHex(this.peerKey, L.keyBytes);
    const initiator = this.role === ROLES.initiator;
    return transcript(role, {
      initiatorId: initiator ? this.localId : this.remoteId,
      responderId: initiator ? this.remoteId : this.localId,
      initiatorFp: initiator ? this.localFp : this.remoteFp,
      responderFp: initiator ? this.remoteFp : this.localFp,
      initiatorKey: initiator ? me : peer,
      responderKey: initiator ? peer : me,
      initiatorNonce: initiator ? this.nonce : peerNonce,
      responderNonce: initiator ? peerNonce : this.nonce,
    });
  }

  get peerRole() {
    return this.role === ROLES.initiator ? ROLES.responder : ROLES.initiator;
  }

  /**
   * A message received during the handshake. Returns one of
   * `{prove: {peerKey, transcript}}` (sign our transcript, after checking the peer's key),
   * `{verify: {peerKey, transcript, signature}}`, `{wait: true}`, `{fail: reason}`.
   */
  onMessage(m) {
    switch (this.state) {
      case 'await-hello': {
        if (m.type !== 'hello') return this.fail('expected hello');
        this.peerKey = m.key;
        if (m.key === this.myKey) return this.fail('the peer presented our own key');
        const peerNonce = fromHex(m.nonce, L.nonceBytes);
        this.mine = this.transcriptFor(this.role, peerNonce);
        this.theirs = this.transcriptFor(this.peerRole, peerNonce);
        this.state = 'proving';
        return { prove: { peerKey: this.peerKey, transcript: this.mine } };
      }
      case 'proving':
        if (m.type !== 'proof' || this.keptProof !== null) return this.fail('expected proof');
        this.keptProof = m.signature;
        return { wait: true };
      case 'await-proof':
        if (m.type !== 'proof') return this.fail('expected proof');
        return this.verify(m.signature);
      default:
        return this.fail(`unexpected ${m.type} during the handshake`);
    }
  }

  /** Our signature is ready: the proof to send, and what to do next (`verify`, or wait). */
  onProved(signature) {
    if (this.state !== 'proving') return null;
    this.state = 'await-proof';
    const send = wire.proof(signature);
    if (this.keptProof === null) return { send, next: { wait: true } };
    const kept = this.keptProof;
    this.keptProof = null;
    return { send, next: this.verify(kept) };
  }

  verify(signature) {
    this.state = 'verifying';
    return { verify: { peerKey: this.peerKey, transcript: this.theirs, signature } };
  }

  /** The peer's proof was checked. */
  onVerified(ok) {
    if (this.state !== 'verifying') return { fail: 'not verifying' };
    if (!ok) return this.fail('proof does not verify');
    this.state = 'done';
    return { authenticated: true };
  }

  fail(reason) {
    this.state = 'failed';
    return { fail: reason };
  }
}
