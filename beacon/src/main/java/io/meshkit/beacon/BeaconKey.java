package io.meshkit.beacon;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A beacon verification key: an ECDSA P-256 public key, named by its <b>raw uncompressed point</b>
 * ({@code 0x04 || X || Y}, 65 bytes, SEC 1 §2.3.3): one fixed-length encoding per key, which WebCrypto's
 * {@code importKey('raw', …)} takes as it is. Its {@link #fingerprint()} (SHA-256 of those bytes) names it in logs,
 * in {@code GET /beacon/key} ({@code kid}) and in the operators' documents.
 */
public final class BeaconKey {
  /** Length of the raw encoding. */
  public static final int RAW_BYTES = 65;
  /** Length of a signature: IEEE P1363 {@code r || s}, 32 bytes each. */
  public static final int SIGNATURE_BYTES = 64;

  private final byte[] raw;
  private final ECPublicKeyParameters params;

  private BeaconKey(byte[] raw, ECPublicKeyParameters params) {
    this.raw = raw;
    this.params = params;
  }

  /** The key of {@code raw} (65 bytes, uncompressed, a point of P-256 other than infinity), or empty. */
  public static Optional<BeaconKey> parse(byte[] raw) {
    if (raw == null || raw.length != RAW_BYTES || raw[0] != 0x04) {
      return Optional.empty();
    }
    try {
      ECPoint q = P256.CURVE.getCurve().decodePoint(raw); // checks: on the curve, coordinates in range
      if (q.isInfinity() || !q.isValid()) {
        return Optional.empty();
      }
      return Optional.of(new BeaconKey(raw.clone(), new ECPublicKeyParameters(q, P256.DOMAIN)));
    } catch (IllegalArgumentException notOnCurve) {
      return Optional.empty();
    }
  }

  /** The key of 130 hex digits (either case), or empty. */
  public static Optional<BeaconKey> parseHex(String hex) {
    if (hex == null || hex.length() != 2 * RAW_BYTES) {
      return Optional.empty();
    }
    try {
      return parse(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException notHex) {
      return Optional.empty();
    }
  }

  static BeaconKey of(ECPoint q) {
    ECPoint n = q.normalize();
    return new BeaconKey(n.getEncoded(false), new ECPublicKeyParameters(n, P256.DOMAIN));
  }

  ECPublicKeyParameters params() {
    return params;
  }

  /** The raw encoding (a copy). */
  public byte[] raw() {
    return raw.clone();
  }

  /** The raw encoding in lower-case hex, 130 digits: what {@code --beacon-verify-key} takes and the server prints. */
  public String hex() {
    return HexFormat.of().formatHex(raw);
  }

  /** SHA-256 of the raw encoding, 64 lower-case hex digits. */
  public String fingerprint() {
    return HexFormat.of().formatHex(P256.sha256(raw));
  }

  /**
   * The key as a JSON Web Key (RFC 7517, RFC 7518 §6.2.1), which WebCrypto imports with
   * {@code importKey('jwk', key, {name: 'ECDSA', namedCurve: 'P-256'}, false, ['verify'])}: {@code kid} is the first
   * 16 hex digits of the fingerprint.
   */
  public String jwk() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + b64.encodeToString(Arrays.copyOfRange(raw, 1, 33))
        + "\",\"y\":\"" + b64.encodeToString(Arrays.copyOfRange(raw, 33, 65))
        + "\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"" + fingerprint().substring(0, 16) + "\"}";
  }

  /**
   * Whether {@code signature} (64 bytes, P1363 {@code r || s}) is a valid ECDSA P-256 / SHA-256 signature of
   * {@code message} by this key. Anything else is simply not valid; this never throws.
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

  @Override
  public boolean equals(Object o) {
    return o instanceof BeaconKey k && Arrays.equals(raw, k.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "BeaconKey[" + fingerprint().substring(0, 16) + "]";
  }
}
