package io.meshkit.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** NIST P-256 (secp256r1): the one ECDSA curve every browser's WebCrypto offers. */
public final class P256 {
  public static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
  public static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);
  /** The group order n. */
  public static final BigInteger N = CURVE.getN();

  private P256() {}

  /** SHA-256 of the concatenation of {@code parts}. */
  public static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        d.update(p);
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
