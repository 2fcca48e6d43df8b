package io.meshkit.mesh.contacts;

import static io.meshkit.mesh.identity.IdentityVectors.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.identity.HandshakeTranscript.Role;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.identity.IdentityVectors;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private static final String I = IdentityVectors.INITIATOR_ID;
  private static final String R = IdentityVectors.RESPONDER_ID;
  private final byte[] fpI = bytes(IdentityVectors.INITIATOR_DTLS);
  private final byte[] fpR = bytes(IdentityVectors.RESPONDER_DTLS);
  private final Identity alice = IdentityVectors.initiator();
  private final Identity bob = IdentityVectors.responder();

  private Handshake initiator(Identity who, byte[] local, byte[] remote, String nonce) {
    return new Handshake(who, Role.INITIATOR, I, R, local, remote, bytes(nonce));
  }

  private Handshake responder(Identity who, byte[] local, byte[] remote, String nonce) {
    return new Handshake(who, Role.RESPONDER, R, I, local, remote, bytes(nonce));
  }

  /** Runs both sides to the end; returns {initiator's outcome, responder's outcome}. */
  private static Handshake.Outcome[] run(Handshake i, Handshake r) {
    Handshake.Outcome ri = i.onMessage(r.hello());
    Handshake.Outcome rr = r.onMessage(i.hello());
    ContactMessage proofI = ((Handshake.Outcome.Continue) ri).reply().orElseThrow();
    ContactMessage proofR = ((Handshake.Outcome.Continue) rr).reply().orElseThrow();
    return new Handshake.Outcome[] {i.onMessage(proofR), r.onMessage(proofI)};
  }

  @Test
  void shouldAuthenticateBothSidesAndSignTheSpecTranscript() {
    Handshake i = initiator(alice, fpI, fpR, IdentityVectors.INITIATOR_NONCE);
    Handshake r = responder(bob, fpR, fpI, IdentityVectors.RESPONDER_NONCE);
    Handshake.Outcome ri = i.onMessage(r.hello());
    ContactMessage.Proof proof = (ContactMessage.Proof) ((Handshake.Outcome.Continue) ri).reply().orElseThrow();
    assertThat(HexFormat.of().formatHex(proof.signature())).isEqualTo(IdentityVectors.INITIATOR_SIGNATURE);
    Handshake.Outcome rr = r.onMessage(i.hello());
    ContactMessage.Proof proofR = (ContactMessage.Proof) ((Handshake.Outcome.Continue) rr).reply().orElseThrow();
    assertThat(HexFormat.of().formatHex(proofR.signature())).isEqualTo(IdentityVectors.RESPONDER_SIGNATURE);
    assertThat(i.onMessage(proofR)).isEqualTo(new Handshake.Outcome.Authenticated(bob.publicKey()));
    assertThat(r.onMessage(proof)).isEqualTo(new Handshake.Outcome.Authenticated(alice.publicKey()));
  }

  @Test
  void shouldRefuseAProofReplayedFromAnEarlierConnection() {
    // An eavesdropper recorded Bob's proof on an earlier connection, and now answers Alice with Bob's key.
    Handshake earlierI = initiator(alice, fpI, fpR, IdentityVectors.INITIATOR_NONCE);
    Handshake earlierR = responder(bob, fpR, fpI, IdentityVectors.RESPONDER_NONCE);
    earlierI.onMessage(earlierR.hello());
    ContactMessage recorded = ((Handshake.Outcome.Continue) earlierR.onMessage(earlierI.hello())).reply()
        .orElseThrow();

    byte[] freshNonce = new byte[32];
    freshNonce[0] = 1;
    Handshake i = new Handshake(alice, Role.INITIATOR, I, R, fpI, fpR, freshNonce);
    i.onMessage(new ContactMessage.Hello(bob.publicKey(), bytes(IdentityVectors.RESPONDER_NONCE)));
    Handshake.Outcome o = i.onMessage(recorded);
    assertThat(o).isInstanceOf(Handshake.Outcome.Failed.class);
    assertThat(((Handshake.Outcome.Failed) o).reason()).isEqualTo("proof does not verify");
  }

  @Test
  void shouldRefuseAProofByAnotherKeyThanTheOnePresented() {
    Identity mallory = Identity.of(BigInteger.valueOf(424242));
    Handshake i = initiator(alice, fpI, fpR, IdentityVectors.INITIATOR_NONCE);
    // Mallory presents Bob's key but can only sign with her own.
    Handshake m = responder(mallory, fpR, fpI, IdentityVectors.RESPONDER_NONCE);
    i.onMessage(new ContactMessage.Hello(bob.publicKey(), bytes(IdentityVectors.RESPONDER_NONCE)));
    ContactMessage forged = ((Handshake.Outcome.Continue) m.onMessage(i.hello())).reply().orElseThrow();
    Handshake.Outcome o = i.onMessage(forged);
    assertThat(o).isEqualTo(new Handshake.Outcome.Failed("proof does not verify", bob.publicKey()));
  }

  @Test
  void shouldFailOnBothSidesWhenARelaySwappedTheCertificates() {
    // A signaling server in the middle: each side's remote fingerprint is the relay's, not the other side's.
    byte[] relayTowardsAlice = bytes(IdentityVectors.INITIATOR_NONCE);
    byte[] relayTowardsBob = bytes(IdentityVectors.RESPONDER_NONCE);
    Handshake i = initiator(alice, fpI, relayTowardsAlice, IdentityVectors.INITIATOR_NONCE);
    Handshake r = responder(bob, fpR, relayTowardsBob, IdentityVectors.RESPONDER_NONCE);
    Handshake.Outcome[] outcomes = run(i, r);
    assertThat(outcomes[0]).isInstanceOf(Handshake.Outcome.Failed.class);
    assertThat(outcomes[1]).isInstanceOf(Handshake.Outcome.Failed.class);
  }

  @Test
  void shouldFailWhenFingerprintsAreSwappedBetweenTheRoles() {
    Handshake i = initiator(alice, fpI, fpR, IdentityVectors.INITIATOR_NONCE);
    Handshake r = responder(bob, fpI, fpR, IdentityVectors.RESPONDER_NONCE); // Bob's view with local and remote swapped
    Handshake.Outcome[] outcomes = run(i, r);
    assertThat(outcomes[0]).isInstanceOf(Handshake.Outcome.Failed.class);
    assertThat(outcomes[1]).isInstanceOf(Handshake.Outcome.Failed.class);
  }

  @Test
  void shouldRefuseOurOwnKeyAndAnythingBeforeHello() {
    Handshake i = initiator(alice, fpI, fpR, IdentityVectors.INITIATOR_NONCE);
    assertThat(i.onMessage(new ContactMessage.Hello(alice.publicKey(), new byte[32])))
        .isInstanceOf(Handshake.Outcome.Failed.class);
    Handshake j = initiator(alice, fpI, fpR, IdentityVectors.INITIATOR_NONCE);
    assertThat(j.onMessage(new ContactMessage.Request("bob"))).isInstanceOf(Handshake.Outcome.Failed.class);
    Handshake k = initiator(alice, fpI, fpR, IdentityVectors.INITIATOR_NONCE);
    k.onMessage(new ContactMessage.Hello(bob.publicKey(), new byte[32]));
    assertThat(k.onMessage(new ContactMessage.Hello(bob.publicKey(), new byte[32])))
        .isInstanceOf(Handshake.Outcome.Failed.class);
  }
}
