package io.meshkit.mesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.contacts.ContactMessage;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.identity.IdentityKey;
import io.meshkit.mesh.identity.IdentityVectors;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The shared secret, its check and the note of docs/PROTOCOL.md §13.2.5–§13.2.6, on the identity vectors' keys
 * (§13.1.9). The secret, the check and the note bytes were computed independently (Python's hmac/hashlib, RFC 5869
 * written out) before this implementation checked them; the note signature is the reference client's deterministic
 * one (RFC 6979) and was verified with Python's {@code cryptography}.
 */
class SpecialSecretTest {
  static final byte[] INITIATOR_CONTRIBUTION = HexFormat.of().parseHex(IdentityVectors.INITIATOR_NONCE);
  static final byte[] RESPONDER_CONTRIBUTION = HexFormat.of().parseHex(IdentityVectors.RESPONDER_NONCE);
  static final String SECRET = "7131745856e605acb7aad9a2aa9adf837b4f6a53a9a84f33f3dd322ddc9bae61";
  static final String CHECK = "0b80b24a0581fb6f6ed691bfeb23ea69";
  static final String NOTE_TRANSPORT_ID = "mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d";
  static final long NOTE_ISSUED = 1_718_030_100_000L;
  static final String NOTE_BYTES_SHA256 = "79d40f4f97b6a4423c4ee939d48f435b03cfaf2e4ed5fbcec7a303db610c49f0";
  /** The reference client's RFC 6979 signature of the vector note (verified with Python's cryptography). */
  static final String NOTE_SIGNATURE = "5c8636e10ee9f565043b52af26fc4ae0e9897d011cfeeef5acfde6ee52c1a595"
      + "229eb7195e9586fc81caf55e9e5a32df8c58ae47ace6fdfce899ae8b695f99b4";
  /**
   * The same note signed by the browser app with WebCrypto (a random ECDSA nonce, so it differs from the one above;
   * mesh-web's rendezvous-vectors.test.js made it and checks it too): what the app signs, this client accepts.
   */
  static final String NOTE_SIGNATURE_WEBCRYPTO = "75d7d403e9e6cc36b0c186ec5c9189ebb2c74e0d29c720f310846b7b59ae10d2"
      + "f4405b47bdb45807822534a8ecad0959dec9e0d17f36c1a578817558c31f2225";

  private final Identity initiator = IdentityVectors.initiator();
  private final Identity responder = IdentityVectors.responder();

  @Test
  void shouldDeriveTheSameSecretOnBothSidesAsTheVectorSays() {
    byte[] a = SpecialSecret.derive(initiator.publicKey(), INITIATOR_CONTRIBUTION, responder.publicKey(),
        RESPONDER_CONTRIBUTION);
    byte[] b = SpecialSecret.derive(responder.publicKey(), RESPONDER_CONTRIBUTION, initiator.publicKey(),
        INITIATOR_CONTRIBUTION);
    assertThat(HexFormat.of().formatHex(a)).isEqualTo(SECRET);
    assertThat(b).isEqualTo(a);
    assertThat(HexFormat.of().formatHex(SpecialSecret.check(a))).isEqualTo(CHECK);
  }

  @Test
  void shouldDependOnBothContributionsAndBothKeys() {
    byte[] base = SpecialSecret.derive(initiator.publicKey(), INITIATOR_CONTRIBUTION, responder.publicKey(),
        RESPONDER_CONTRIBUTION);
    byte[] other = INITIATOR_CONTRIBUTION.clone();
    other[0] ^= 1;
    assertThat(SpecialSecret.derive(initiator.publicKey(), other, responder.publicKey(), RESPONDER_CONTRIBUTION))
        .isNotEqualTo(base);
    assertThat(SpecialSecret.derive(initiator.publicKey(), INITIATOR_CONTRIBUTION, responder.publicKey(), other))
        .isNotEqualTo(base);
    IdentityKey third = Identity.of(java.math.BigInteger.valueOf(12345)).publicKey();
    assertThat(SpecialSecret.derive(initiator.publicKey(), INITIATOR_CONTRIBUTION, third, RESPONDER_CONTRIBUTION))
        .isNotEqualTo(base);
  }

  @Test
  void shouldSignAndVerifyANoteForOneRecipient() throws Exception {
    byte[] bytes = Notes.bytes(initiator.publicKey(), responder.publicKey(), NOTE_TRANSPORT_ID, NOTE_ISSUED);
    assertThat(bytes).hasSize(225);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
        .isEqualTo(NOTE_BYTES_SHA256);
    ContactMessage.Note note = Notes.write(initiator, responder.publicKey(), NOTE_TRANSPORT_ID, NOTE_ISSUED);
    assertThat(HexFormat.of().formatHex(note.signature())).isEqualTo(NOTE_SIGNATURE);
    assertThat(Notes.verify(note, initiator.publicKey(), responder.publicKey())).isTrue();
    // For another recipient, from another signer, with another ID or time, it is not valid.
    assertThat(Notes.verify(note, initiator.publicKey(), initiator.publicKey())).isFalse();
    assertThat(Notes.verify(note, responder.publicKey(), responder.publicKey())).isFalse();
    assertThat(Notes.verify(new ContactMessage.Note("mesh-other", NOTE_ISSUED, note.signature()),
        initiator.publicKey(), responder.publicKey())).isFalse();
    assertThat(Notes.verify(new ContactMessage.Note(NOTE_TRANSPORT_ID, NOTE_ISSUED + 1, note.signature()),
        initiator.publicKey(), responder.publicKey())).isFalse();
  }

  @Test
  void shouldAcceptANoteTheBrowserAppSigned() {
    ContactMessage.Note note = new ContactMessage.Note(NOTE_TRANSPORT_ID, NOTE_ISSUED,
        HexFormat.of().parseHex(NOTE_SIGNATURE_WEBCRYPTO));
    assertThat(Notes.verify(note, initiator.publicKey(), responder.publicKey())).isTrue();
    assertThat(Notes.verify(note, initiator.publicKey(), initiator.publicKey())).isFalse();
  }
}
