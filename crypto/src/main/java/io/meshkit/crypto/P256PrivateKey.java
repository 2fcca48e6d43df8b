package io.meshkit.crypto;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * An ECDSA P-256 private key that signs <b>deterministically</b>: ECDSA with SHA-256 in IEEE P1363 form
 * ({@code r || s}, 64 bytes: what WebCrypto produces and verifies; the JDK's {@code SHA256withECDSA} would give DER),
 * with the nonce {@code k} derived by RFC 6979 (HMAC-SHA256 DRBG, Bouncy Castle's {@link HMacDSAKCalculator}).
 * Signing needs no random source, so a sans-IO core can sign, one key signs one message to one value (every node of
 * a cluster hands out the same beacon), and a test vector's signature is fixed. Verifiers cannot tell RFC 6979
 * signatures from random-{@code k} ones (WebCrypto's), and need not.
 */
public final class P256PrivateKey {
  private final ECPrivateKeyParameters key;
  private final P256PublicKey publicKey;

  private P256PrivateKey(ECPrivateKeyParameters key) {
    this.key = key;
    this.publicKey = P256PublicKey.of(new FixedPointCombMultiplier().multiply(P256.DOMAIN.getG(), key.getD()));
  }

  /** The key of private scalar {@code d}, 1 ≤ d &lt; n. */
  public static P256PrivateKey of(BigInteger d) {
    if (d.signum() <= 0 || d.compareTo(P256.N) >= 0) {
      throw new IllegalArgumentException("not a P-256 private key: the scalar is out of range");
    }
    return new P256PrivateKey(new ECPrivateKeyParameters(d, P256.DOMAIN));
  }

  /** The key of a Bouncy Castle private key (as read from PEM), which must be on P-256. */
  public static P256PrivateKey of(ECPrivateKeyParameters key) {
    if (!P256.DOMAIN.equals(key.getParameters())) {
      throw new IllegalArgumentException("not a P-256 key");
    }
    return of(key.getD());
  }

  /** The Bouncy Castle form, for storing the key. */
  public ECPrivateKeyParameters parameters() {
    return key;
  }

  /** The matching public key. */
  public P256PublicKey publicKey() {
    return publicKey;
  }

  /** ECDSA P-256 / SHA-256 signature of {@code message}: 64 bytes, P1363 {@code r || s}, deterministic. */
  public byte[] sign(byte[] message) {
    DSADigestSigner signer = new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())),
        new SHA256Digest(), PlainDSAEncoding.INSTANCE);
    signer.init(true, key);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** Never the scalar: the public key's short name. */
  @Override
  public String toString() {
    return "P256PrivateKey[" + publicKey.fingerprint().substring(0, 16) + "]";
  }
}
