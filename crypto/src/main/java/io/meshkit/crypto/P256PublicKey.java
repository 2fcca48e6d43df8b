package io.meshkit.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An ECDSA P-256 public key in its <b>raw uncompressed encoding</b> ({@code 0x04 || X || Y}, 65 bytes; SEC 1
 * §2.3.3). That is what WebCrypto's {@code exportKey('raw', publicKey)} gives and {@code importKey('raw', …)} takes,
 * it has a fixed length, and every key has exactly one such encoding, so its SHA-256 (the {@link #fingerprint()})
 * names it uniquely. (SPKI DER would carry a constant header, and a parser would have to reject its other valid
 * encodings, compressed points or explicit curve parameters, before hashing.)
 *
 * <p>{@link #parse} accepts only a point on the curve (Bouncy Castle's point decoding checks it), never the point at
 * infinity or a compressed form.
 */
public final class P256PublicKey {
  /** Length of the raw encoding. */
  public static final int RAW_BYTES = 65;
  /** Length of a signature: IEEE P1363 {@code r || s}, 32 bytes each (what WebCrypto's ECDSA produces). */
  public static final int SIGNATURE_BYTES = 64;

  private final byte[] raw;
  private final ECPublicKeyParameters params;

  private P256PublicKey(byte[] raw, ECPublicKeyParameters params) {
    this.raw = raw;
    this.params = params;
  }

  /** The key of {@code raw} (65 bytes, uncompressed, a point of P-256 other than infinity), or empty. */
  public static Optional<P256PublicKey> parse(byte[] raw) {
    if (raw == null || raw.length != RAW_BYTES || raw[0] != 0x04) {
      return Optional.empty();
    }
    try {
      ECPoint q = P256.CURVE.getCurve().decodePoint(raw); // checks: on the curve, coordinates in range
      if (q.isInfinity() || !q.isValid()) {
        return Optional.empty();
      }
      return Optional.of(new P256PublicKey(raw.clone(), new ECPublicKeyParameters(q, P256.DOMAIN)));
    } catch (IllegalArgumentException notOnCurve) {
      return Optional.empty();
    }
  }

  /** The key of point {@code q} (of P-256, not infinity: a private key's public point). */
  public static P256PublicKey of(ECPoint q) {
    ECPoint n = q.normalize();
    return new P256PublicKey(n.getEncoded(false), new ECPublicKeyParameters(n, P256.DOMAIN));
  }

  /** The raw encoding (a copy). */
  public byte[] raw() {
    return raw.clone();
  }

  /** The raw encoding in lower-case hex, 130 digits. */
  public String hex() {
    return HexFormat.of().formatHex(raw);
  }

  /** SHA-256 of the raw encoding, 64 lower-case hex digits: the key's name for people and logs. */
  public String fingerprint() {
    return HexFormat.of().formatHex(P256.sha256(raw));
  }

  /**
   * Whether {@code signature} (64 bytes, P1363 {@code r || s}) is a valid ECDSA P-256 / SHA-256 signature of
   * {@code message} by this key. Anything else is simply not valid; this never throws.
   */
  public boolean verify(byte[] message, byte[] signature) {
    if (message == null || signature == null || signature.length != SIGNATURE_BYTES) {
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

  @Override
  public boolean equals(Object o) {
    return o instanceof P256PublicKey k && Arrays.equals(raw, k.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  /** The first 16 hex digits of the fingerprint: enough to tell keys apart in a log line. */
  @Override
  public String toString() {
    return "P256PublicKey[" + fingerprint().substring(0, 16) + "]";
  }
}
