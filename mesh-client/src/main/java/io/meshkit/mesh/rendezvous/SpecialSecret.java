package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.identity.IdentityKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The 256-bit secret two special contacts share (docs/PROTOCOL.md §13.2.6), from the 32 random bytes each contributed
 * over an authenticated contact link:
 * <pre>
 *   lo, hi  = the two identity keys (65 raw bytes), in unsigned byte order; c_lo, c_hi their owners' contributions
 *   secret  = HKDF-SHA256(IKM = c_lo || c_hi, salt = none, info = "meshkit-rendezvous-secret-v1" || lo || hi, L = 32)
 * </pre>
 * (RFC 5869, through Bouncy Castle's {@link HKDFBytesGenerator}). Ordering by key rather than by who offered makes
 * crossing offers (both users asked at once) agree without a further message; the keys in {@code info} bind the
 * secret to the pair. The {@link #check} lets the two sides find out whether they hold the same secret without
 * showing it.
 */
public final class SpecialSecret {
  /** Bytes of a contribution. */
  public static final int CONTRIBUTION_BYTES = 32;
  /** Bytes of a check. */
  public static final int CHECK_BYTES = 16;
  private static final byte[] INFO = "meshkit-rendezvous-secret-v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHECK_LABEL = "meshkit-rendezvous-check-v1".getBytes(StandardCharsets.US_ASCII);

  private SpecialSecret() {}

  /** The pair's secret from our and their contributions. */
  public static byte[] derive(IdentityKey mine, byte[] myContribution, IdentityKey theirs, byte[] theirContribution) {
    requireContribution(myContribution);
    requireContribution(theirContribution);
    boolean meFirst = Arrays.compareUnsigned(mine.raw(), theirs.raw()) < 0;
    byte[] lo = meFirst ? mine.raw() : theirs.raw();
    byte[] hi = meFirst ? theirs.raw() : mine.raw();
    byte[] ikm = concat(meFirst ? myContribution : theirContribution, meFirst ? theirContribution : myContribution);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, null, concat(INFO, concat(lo, hi))));
    byte[] secret = new byte[RendezvousNamespace.SECRET_BYTES];
    hkdf.generateBytes(secret, 0, secret.length);
    return secret;
  }

  /** The first 16 bytes of HMAC-SHA256(secret, "meshkit-rendezvous-check-v1"). */
  public static byte[] check(byte[] secret) {
    return Arrays.copyOf(RendezvousNamespace.hmacSha256(RendezvousNamespace.requireSecret(secret), CHECK_LABEL),
        CHECK_BYTES);
  }

  static byte[] requireContribution(byte[] c) {
    if (c == null || c.length != CONTRIBUTION_BYTES) {
      throw new IllegalArgumentException("a contribution has " + CONTRIBUTION_BYTES + " bytes");
    }
    return c;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
