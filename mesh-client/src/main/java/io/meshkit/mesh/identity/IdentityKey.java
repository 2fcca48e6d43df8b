package io.meshkit.mesh.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A user's identity: an ECDSA P-256 public key, in its <b>raw uncompressed encoding</b> ({@code 0x04 || X || Y}, 65
 * bytes; SEC 1 §2.3.3). That is what WebCrypto's {@code exportKey('raw', publicKey)} gives for a P-256 key and takes in
 * {@code importKey('raw', …)}, it has a fixed length, and every key has exactly one such encoding, so its SHA-256 (the
 * {@link #fingerprint() fingerprint}) names it uniquely. (SPKI DER would carry a constant 26-byte header, and a
 * parser would have to reject its other valid encodings, compressed points or explicit curve parameters, before
 * hashing.)
 *
 * <p>{@link #parse} accepts only a point on the curve (Bouncy Castle's point decoding checks it), never the point at
 * infinity or a compressed form.
 */
public final class IdentityKey {
  /** Length of the raw encoding. */
  public static final int RAW_BYTES = 65;
  /** Length of a signature: IEEE P1363 {@code r || s}, 32 bytes each (what WebCrypto's ECDSA produces). */
  public static final int SIGNATURE_BYTES = 64;

  private final byte[] raw;
  private final ECPublicKeyParameters params;

  private IdentityKey(byte[] raw, ECPublicKeyParameters params) {
    this.raw = raw;
    this.params = params;
  }

  /** The key of {@code raw} (65 bytes, uncompressed, on P-256), or empty when it is anything else. */
  public static Optional<IdentityKey> parse(byte[] raw) {
    if (raw == null || raw.length != RAW_BYTES || raw[0] != 0x04) {
      return Optional.empty();
    }
    try {
      ECPoint q = P256.CURVE.getCurve().decodePoint(raw); // validates: on the curve, coordinates in range
      if (q.isInfinity() || !q.isValid()) {
        return Optional.empty();
      }
      return Optional.of(new IdentityKey(raw.clone(), new ECPublicKeyParameters(q, P256.DOMAIN)));
    } catch (IllegalArgumentException notOnCurve) {
      return Optional.empty();
    }
  }

  /** The key of lower-case hex {@code hex} (130 characters), or empty. */
  public static Optional<IdentityKey> parseHex(String hex) {
    return Hex.decode(hex, RAW_BYTES).flatMap(IdentityKey::parse);
  }

  static IdentityKey of(ECPoint q) {
    ECPoint n = q.normalize();
    return new IdentityKey(n.getEncoded(false), new ECPublicKeyParameters(n, P256.DOMAIN));
  }

  /** The raw encoding (a copy). */
  public byte[] raw() {
    return raw.clone();
  }

  /** The raw encoding in lower-case hex (130 characters): how the key travels in JSON. */
  public String hex() {
    return HexFormat.of().formatHex(raw);
  }

  /** SHA-256 of the raw encoding, lower-case hex (64 characters): the key's name for people and logs. */
  public String fingerprint() {
    return HexFormat.of().formatHex(sha256(raw));
  }

  /**
   * Whether {@code signature} (64 bytes, P1363 {@code r || s}) is a valid ECDSA P-256 / SHA-256 signature of
   * {@code message} by this key. Any other length is simply not valid.
   */
  public boolean verify(byte[] message, byte[] signature) {
    if (signature == null || signature.length != SIGNATURE_BYTES) {
      return false;
    }
    DSADigestSigner verifier = new DSADigestSigner(new ECDSASigner(), new SHA256Digest(), PlainDSAEncoding.INSTANCE);
    verifier.init(false, params);
    verifier.update(message, 0, message.length);
    try {
      return verifier.verifySignature(signature);
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityKey k && Arrays.equals(raw, k.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  /** The first 16 hex digits of the fingerprint: enough to tell keys apart in a log line. */
  @Override
  public String toString() {
    return "IdentityKey[" + fingerprint().substring(0, 16) + "]";
  }
}
