package io.meshkit.beacon;

import io.meshkit.crypto.P256PrivateKey;
import java.math.BigInteger;
import java.util.HexFormat;

/**
 * Issues beacons with an ECDSA P-256 private key, <b>deterministically</b>: the nonce is RFC 6979's (HMAC-SHA256
 * DRBG, Bouncy Castle's {@link HMacDSAKCalculator}), so one key signs one period to one beacon, whichever server
 * signs and however often. That is what lets every node of a cluster, and every request, hand out the same beacon
 * (and so the same prefix) without sharing anything but the key. No random source is involved.
 */
public final class BeaconSigner {
  private final P256PrivateKey key;
  private final BeaconKey publicKey;

  private BeaconSigner(P256PrivateKey key) {
    this.key = key;
    this.publicKey = new BeaconKey(key.publicKey());
  }

  /** A signer with private scalar {@code d}, 1 ≤ d < n. */
  public static BeaconSigner of(BigInteger d) {
    return new BeaconSigner(P256PrivateKey.of(d));
  }

  /** A signer with the private scalar of 64 hex digits (test vectors). */
  public static BeaconSigner ofHex(String d) {
    return of(new BigInteger(1, HexFormat.of().parseHex(d)));
  }

  /** The beacon of {@code period}. */
  public Beacon sign(Period period) {
    return new Beacon(period, signRaw(Beacon.signedBytes(period)));
  }

  /** A deterministic P1363 signature of {@code message} (RFC 6979 test vectors check the signer with it). */
  byte[] signRaw(byte[] message) {
    return key.sign(message);
  }

  /** The matching public key. */
  public BeaconKey publicKey() {
    return publicKey;
  }

  @Override
  public String toString() {
    return "BeaconSigner[" + publicKey.fingerprint().substring(0, 16) + "]";
  }
}
