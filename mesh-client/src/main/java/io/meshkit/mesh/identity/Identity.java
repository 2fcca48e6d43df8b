package io.meshkit.mesh.identity;

import io.meshkit.crypto.P256PrivateKey;
import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;

/**
 * Our own identity: the P-256 private key and its {@link IdentityKey}. Signatures are ECDSA with SHA-256 in IEEE P1363
 * form, deterministic (RFC 6979; {@link P256PrivateKey}): signing needs no random source, so the sans-IO handshake can
 * sign, and a signature of a test vector is one fixed value.
 *
 * <p>Keys are made and stored by {@code io.meshkit.mesh.storage.IdentityStore}; this class never sees a file.
 */
public final class Identity {
  private final P256PrivateKey key;
  private final IdentityKey publicKey;

  private Identity(P256PrivateKey key) {
    this.key = key;
    this.publicKey = new IdentityKey(key.publicKey());
  }

  /** The identity of private scalar {@code d}, 1 ≤ d &lt; n. */
  public static Identity of(BigInteger d) {
    return new Identity(P256PrivateKey.of(d));
  }

  /** The identity of a Bouncy Castle P-256 private key (as read from a PKCS#8 file). */
  public static Identity of(ECPrivateKeyParameters key) {
    return new Identity(P256PrivateKey.of(key));
  }

  /** The private key, for storing it. */
  public ECPrivateKeyParameters privateKey() {
    return key.parameters();
  }

  public IdentityKey publicKey() {
    return publicKey;
  }

  /** ECDSA P-256 / SHA-256 signature of {@code message}: 64 bytes, P1363 {@code r || s}, deterministic (RFC 6979). */
  public byte[] sign(byte[] message) {
    return key.sign(message);
  }

  @Override
  public String toString() {
    return "Identity[" + publicKey.fingerprint().substring(0, 16) + "]";
  }
}
