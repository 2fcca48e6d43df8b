package io.meshkit.beacon;

import io.meshkit.crypto.P256PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A beacon verification key: an ECDSA P-256 public key, named by its <b>raw uncompressed point</b>
 * ({@code 0x04 || X || Y}, 65 bytes, SEC 1 §2.3.3): one fixed-length encoding per key, which WebCrypto's
 * {@code importKey('raw', …)} takes as it is. Its {@link #fingerprint()} (SHA-256 of those bytes) names it in logs,
 * in {@code GET /beacon/key} ({@code kid}) and in the operators' documents.
 */
public final class BeaconKey {
  /** Length of the raw encoding. */
  public static final int RAW_BYTES = P256PublicKey.RAW_BYTES;
  /** Length of a signature: IEEE P1363 {@code r || s}, 32 bytes each. */
  public static final int SIGNATURE_BYTES = P256PublicKey.SIGNATURE_BYTES;

  private final P256PublicKey key;

  BeaconKey(P256PublicKey key) {
    this.key = key;
  }

  /** The key of {@code raw} (65 bytes, uncompressed, a point of P-256 other than infinity), or empty. */
  public static Optional<BeaconKey> parse(byte[] raw) {
    return P256PublicKey.parse(raw).map(BeaconKey::new);
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

  /** The raw encoding (a copy). */
  public byte[] raw() {
    return key.raw();
  }

  /** The raw encoding in lower-case hex, 130 digits: what {@code --beacon-verify-key} takes and the server prints. */
  public String hex() {
    return key.hex();
  }

  /** SHA-256 of the raw encoding, 64 lower-case hex digits. */
  public String fingerprint() {
    return key.fingerprint();
  }

  /**
   * The key as a JSON Web Key (RFC 7517, RFC 7518 §6.2.1), which WebCrypto imports with
   * {@code importKey('jwk', key, {name: 'ECDSA', namedCurve: 'P-256'}, false, ['verify'])}: {@code kid} is the first
   * 16 hex digits of the fingerprint.
   */
  public String jwk() {
    byte[] raw = key.raw();
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
    return key.verify(message, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BeaconKey k && key.equals(k.key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return "BeaconKey[" + fingerprint().substring(0, 16) + "]";
  }
}
