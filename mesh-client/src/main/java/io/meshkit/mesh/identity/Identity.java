package io.meshkit.mesh.identity;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Our own identity: the P-256 private key and its {@link IdentityKey}. Signatures are ECDSA with SHA-256 in IEEE P1363
 * form ({@code r || s}, 64 bytes: what WebCrypto produces and verifies; the JDK's {@code SHA256withECDSA} would give
 * DER), with the nonce {@code k} derived deterministically (RFC 6979): signing needs no random source, so the sans-IO
 * handshake can sign, and a signature of a test vector is one fixed value. Verifiers cannot tell RFC 6979 signatures
 * from random-{@code k} ones (WebCrypto's), and need not.
 *
 * <p>Keys are made and stored by {@code io.meshkit.mesh.storage.IdentityStore}; this class never sees a file.
 */
public final class Identity {
  private final ECPrivateKeyParameters privateKey;
  private final IdentityKey publicKey;

  private Identity(ECPrivateKeyParameters privateKey, IdentityKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The identity of private scalar {@code d}, 1 ≤ d &lt; n. */
  public static Identity of(BigInteger d) {
    if (d.signum() <= 0 || d.compareTo(P256.DOMAIN.getN()) >= 0) {
      throw new IllegalArgumentException("not a P-256 private key: out of range");
    }
    return new Identity(new ECPrivateKeyParameters(d, P256.DOMAIN),
        IdentityKey.of(new FixedPointCombMultiplier().multiply(P256.DOMAIN.getG(), d)));
  }

  /** The identity of a Bouncy Castle P-256 private key (as read from a PKCS#8 file). */
  public static Identity of(ECPrivateKeyParameters key) {
    if (!P256.DOMAIN.equals(key.getParameters())) {
      throw new IllegalArgumentException("not a P-256 key");
    }
    return of(key.getD());
  }

  /** The private key, for storing it. */
  public ECPrivateKeyParameters privateKey() {
    return privateKey;
  }

  public IdentityKey publicKey() {
    return publicKey;
  }

  /** ECDSA P-256 / SHA-256 signature of {@code message}: 64 bytes, P1363 {@code r || s}, deterministic (RFC 6979). */
  public byte[] sign(byte[] message) {
    DSADigestSigner signer = new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())),
        new SHA256Digest(), PlainDSAEncoding.INSTANCE);
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  @Override
  public String toString() {
    return "Identity[" + publicKey.fingerprint().substring(0, 16) + "]";
  }
}
