package io.meshkit.mesh.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes each side of a contact link signs in the identity handshake (docs/PROTOCOL.md, "Identity handshake"): a
 * domain-separation label, the signer's role, then both PeerJS IDs, both DTLS certificate fingerprints, both identity
 * keys and both nonces, each pair in the order initiator, responder. Every field is length-prefixed (4-byte big-endian
 * length, then the bytes), so no two different field lists give the same bytes.
 *
 * @param initiatorId          the PeerJS ID of the side that opened the data connection (sent the offer)
 * @param responderId          the PeerJS ID of the side that accepted it
 * @param initiatorFingerprint SHA-256 fingerprint (32 bytes) of the initiator's DTLS certificate: from the offer's
 *                             {@code a=fingerprint:sha-256} line
 * @param responderFingerprint the same from the answer
 * @param initiatorKey         the initiator's identity key
 * @param responderKey         the responder's identity key
 * @param initiatorNonce       the initiator's fresh nonce (32 bytes)
 * @param responderNonce       the responder's fresh nonce (32 bytes)
 */
public record HandshakeTranscript(String initiatorId, String responderId, byte[] initiatorFingerprint,
                                  byte[] responderFingerprint, IdentityKey initiatorKey, IdentityKey responderKey,
                                  byte[] initiatorNonce, byte[] responderNonce) {
  /** The domain-separation label, first field of every transcript. */
  public static final String LABEL = "meshkit-contact-handshake-v1";
  /** Nonce length. */
  public static final int NONCE_BYTES = 32;
  /** DTLS fingerprint length (SHA-256). */
  public static final int FINGERPRINT_BYTES = 32;

  /** Who signs: the side that opened the link, or the side that accepted it. */
  public enum Role {
    INITIATOR("initiator"), RESPONDER("responder");

    private final String label;

    Role(String label) {
      this.label = label;
    }

    /** The role as it appears in the transcript. */
    public String label() {
      return label;
    }
  }

  public HandshakeTranscript {
    requireLength(initiatorFingerprint, FINGERPRINT_BYTES, "initiatorFingerprint");
    requireLength(responderFingerprint, FINGERPRINT_BYTES, "responderFingerprint");
    requireLength(initiatorNonce, NONCE_BYTES, "initiatorNonce");
    requireLength(responderNonce, NONCE_BYTES, "responderNonce");
    initiatorFingerprint = initiatorFingerprint.clone();
    responderFingerprint = responderFingerprint.clone();
    initiatorNonce = initiatorNonce.clone();
    responderNonce = responderNonce.clone();
  }

  private static void requireLength(byte[] b, int n, String what) {
    if (b == null || b.length != n) {
      throw new IllegalArgumentException(what + " must be " + n + " bytes");
    }
  }

  /** The bytes {@code signer} signs (and the other side verifies). */
  public byte[] toSign(Role signer) {
    byte[][] fields = {LABEL.getBytes(StandardCharsets.US_ASCII), signer.label().getBytes(StandardCharsets.US_ASCII),
        initiatorId.getBytes(StandardCharsets.UTF_8), responderId.getBytes(StandardCharsets.UTF_8),
        initiatorFingerprint, responderFingerprint, initiatorKey.raw(), responderKey.raw(), initiatorNonce,
        responderNonce};
    int size = 0;
    for (byte[] f : fields) {
      size += 4 + f.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size); // big-endian
    for (byte[] f : fields) {
      out.putInt(f.length).put(f);
    }
    return out.array();
  }
}
