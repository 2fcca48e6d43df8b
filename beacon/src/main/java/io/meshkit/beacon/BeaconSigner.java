package io.meshkit.beacon;

import java.math.BigInteger;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Issues beacons with an ECDSA P-256 private key, <b>deterministically</b>: the nonce is RFC 6979's (HMAC-SHA256
 * DRBG, Bouncy Castle's {@link HMacDSAKCalculator}), so one key signs one period to one beacon, whichever server
 * signs and however often. That is what lets every node of a cluster, and every request, hand out the same beacon
 * (and so the same prefix) without sharing anything but the key. No random source is involved.
 */
public final class BeaconSigner {
  private final ECPrivateKeyParameters key;
  private final BeaconKey publicKey;

  private BeaconSigner(ECPrivateKeyParameters key) {
    this.key = key;
    this.publicKey = BeaconKey.of(new FixedPointCombMultiplier().multiply(P256.DOMAIN.getG(), key.getD()));
  }

  /** A signer with private scalar {@code d}, 1 ≤ d < n. */
  public static BeaconSigner of(BigInteger d) {
    if (d.signum() <= 0 || d.compareTo(P256.N) >= 0) {
      throw new IllegalArgumentException("not a P-256 private key: the scalar is out of range");
    }
    return new BeaconSigner(new ECPrivateKeyParameters(d, P256.DOMAIN));
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
    DSADigestSigner signer = new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())),
        new SHA256Digest(), PlainDSAEncoding.INSTANCE);
    signer.init(true, key);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
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
