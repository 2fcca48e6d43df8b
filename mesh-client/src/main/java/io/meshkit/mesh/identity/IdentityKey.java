package io.meshkit.mesh.identity;

import io.meshkit.crypto.P256PublicKey;
import java.util.Optional;

/**
 * A user's identity: an ECDSA P-256 public key, in its <b>raw uncompressed encoding</b> ({@code 0x04 || X || Y}, 65
 * bytes; SEC 1 §2.3.3; {@link P256PublicKey} says why that encoding), named by its SHA-256 (the
 * {@link #fingerprint() fingerprint}). In JSON it travels as strict lower-case hex: one spelling per key.
 */
public final class IdentityKey {
  /** Length of the raw encoding. */
  public static final int RAW_BYTES = P256PublicKey.RAW_BYTES;
  /** Length of a signature: IEEE P1363 {@code r || s}, 32 bytes each (what WebCrypto's ECDSA produces). */
  public static final int SIGNATURE_BYTES = P256PublicKey.SIGNATURE_BYTES;

  private final P256PublicKey key;

  IdentityKey(P256PublicKey key) {
    this.key = key;
  }

  /** The key of {@code raw} (65 bytes, uncompressed, on P-256), or empty when it is anything else. */
  public static Optional<IdentityKey> parse(byte[] raw) {
    return P256PublicKey.parse(raw).map(IdentityKey::new);
  }

  /** The key of lower-case hex {@code hex} (130 characters), or empty. */
  public static Optional<IdentityKey> parseHex(String hex) {
    return Hex.decode(hex, RAW_BYTES).flatMap(IdentityKey::parse);
  }

  /** The raw encoding (a copy). */
  public byte[] raw() {
    return key.raw();
  }

  /** The raw encoding in lower-case hex (130 characters): how the key travels in JSON. */
  public String hex() {
    return key.hex();
  }

  /** SHA-256 of the raw encoding, lower-case hex (64 characters): the key's name for people and logs. */
  public String fingerprint() {
    return key.fingerprint();
  }

  /**
   * Whether {@code signature} (64 bytes, P1363 {@code r || s}) is a valid ECDSA P-256 / SHA-256 signature of
   * {@code message} by this key. Any other length is simply not valid.
   */
  public boolean verify(byte[] message, byte[] signature) {
    return key.verify(message, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityKey k && key.equals(k.key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  /** The first 16 hex digits of the fingerprint: enough to tell keys apart in a log line. */
  @Override
  public String toString() {
    return "IdentityKey[" + fingerprint().substring(0, 16) + "]";
  }
}
