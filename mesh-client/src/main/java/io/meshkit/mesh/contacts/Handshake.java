package io.meshkit.mesh.contacts;

import io.meshkit.mesh.identity.HandshakeTranscript;
import io.meshkit.mesh.identity.HandshakeTranscript.Role;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.identity.IdentityKey;
import java.util.Optional;

/**
 * One side of the identity handshake on one contact link (docs/PROTOCOL.md §13.1.2), a pure state machine: send
 * {@link #hello()} when the link opens; feed every message received until {@link #onMessage} says
 * {@link Outcome.Authenticated} or {@link Outcome.Failed}. Nothing but {@code hello} and {@code proof} may come before
 * it is done.
 *
 * <p>What makes the proof worth something: the transcript holds both DTLS certificate fingerprints of this very
 * connection as each side saw them in its SDP, both PeerJS IDs and both fresh nonces. A signature from an earlier
 * connection fails (other nonces); a signaling server that swapped certificates to relay the connection fails (the two
 * sides saw different fingerprints, so each verifies the other's signature over different bytes).
 */
public final class Handshake {

  /** What a received message did. */
  public sealed interface Outcome {
    /** Send {@code reply} (if present) and go on waiting. */
    record Continue(Optional<ContactMessage> reply) implements Outcome {}

    /** The peer proved it holds the private key of {@code peer}. */
    record Authenticated(IdentityKey peer) implements Outcome {}

    /**
     * The handshake failed; close the link. {@code peer} is the key the peer presented (null before its hello):
     * a proof that does not verify under it shows either an impostor or a relay in the middle.
     */
    record Failed(String reason, IdentityKey peer) implements Outcome {}
  }

  private enum State { AWAIT_HELLO, AWAIT_PROOF, DONE }

  private final Identity me;
  private final Role role;
  private final String localId;
  private final String remoteId;
  private final byte[] localFingerprint;
  private final byte[] remoteFingerprint;
  private final byte[] nonce;
  private State state = State.AWAIT_HELLO;
  private HandshakeTranscript transcript;
  private IdentityKey peer;

  /**
   * @param role              {@link Role#INITIATOR} on the side that opened the data connection
   * @param localFingerprint  SHA-256 fingerprint of our DTLS certificate, from our local SDP
   * @param remoteFingerprint the peer's, from the remote SDP
   * @param nonce             32 fresh random bytes (from the caller's random source)
   */
  public Handshake(Identity me, Role role, String localId, String remoteId, byte[] localFingerprint,
                   byte[] remoteFingerprint, byte[] nonce) {
    if (nonce.length != HandshakeTranscript.NONCE_BYTES
        || localFingerprint.length != HandshakeTranscript.FINGERPRINT_BYTES
        || remoteFingerprint.length != HandshakeTranscript.FINGERPRINT_BYTES) {
      throw new IllegalArgumentException("nonce and fingerprints must be 32 bytes");
    }
    this.me = me;
    this.role = role;
    this.localId = localId;
    this.remoteId = remoteId;
    this.localFingerprint = localFingerprint.clone();
    this.remoteFingerprint = remoteFingerprint.clone();
    this.nonce = nonce.clone();
  }

  /** Our first message. */
  public ContactMessage.Hello hello() {
    return new ContactMessage.Hello(me.publicKey(), nonce);
  }

  /** The key the peer presented in its hello, if it sent one. */
  public Optional<IdentityKey> peerKey() {
    return Optional.ofNullable(peer);
  }

  /** Feeds one received message. After {@code Authenticated} or {@code Failed} this must not be called again. */
  public Outcome onMessage(ContactMessage m) {
    if (state == State.DONE) {
      throw new IllegalStateException("handshake already over");
    }
    if (state == State.AWAIT_HELLO) {
      if (!(m instanceof ContactMessage.Hello h)) {
        return fail("expected hello");
      }
      if (h.key().equals(me.publicKey())) {
        peer = h.key();
        return fail("the peer presented our own key");
      }
      peer = h.key();
      boolean initiator = role == Role.INITIATOR;
      transcript = new HandshakeTranscript(
          initiator ? localId : remoteId, initiator ? remoteId : localId,
          initiator ? localFingerprint : remoteFingerprint, initiator ? remoteFingerprint : localFingerprint,
          initiator ? me.publicKey() : peer, initiator ? peer : me.publicKey(),
          initiator ? nonce : h.nonce(), initiator ? h.nonce() : nonce);
      state = State.AWAIT_PROOF;
      return new Outcome.Continue(Optional.of(new ContactMessage.Proof(me.sign(transcript.toSign(role)))));
    }
    if (!(m instanceof ContactMessage.Proof p)) {
      return fail("expected proof");
    }
    Role peerRole = role == Role.INITIATOR ? Role.RESPONDER : Role.INITIATOR;
    if (!peer.verify(transcript.toSign(peerRole), p.signature())) {
      return fail("proof does not verify");
    }
    state = State.DONE;
    return new Outcome.Authenticated(peer);
  }

  private Outcome fail(String reason) {
    state = State.DONE;
    return new Outcome.Failed(reason, peer);
  }
}
