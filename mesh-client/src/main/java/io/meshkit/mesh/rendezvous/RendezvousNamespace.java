package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.core.wire.PeerJsId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The private namespace two special contacts share during one {@link TimeSlot} (docs/PROTOCOL.md §13.2.1):
 * <pre>
 *   h  = HMAC-SHA256(key = the 32-byte shared secret, message = ASCII(slot label))
 *   ns = "rendezvous-" + the first 32 lower-case hex digits of h      (43 characters)
 * </pre>
 * Inside it the IDs are those of every namespace: router slot {@code {prefix}-{ns}-{k}}, Discovery ID
 * {@code {prefix}-{ns}-{uuid}} with a fresh random UUID per namespace and per client (so the ID links to nothing else).
 *
 * <p>Why 32 hex digits (128 bits): the full 64 would not fit: {@code prefix-} + 75 + {@code -} + a 36-character UUID is
 * 113 + the prefix, over the 128-character ID limit for any prefix above 15 characters. 128 bits keep a namespace
 * unguessable and collisions between pairs and slots negligible, and leave {@value #MAX_PREFIX_LENGTH} characters for
 * the prefix. The rest of {@code h} is not published: bytes 16..23 give the pair's scheduling priority in that slot
 * ({@link #priority}), which both contacts compute alike and no one else can.
 */
public final class RendezvousNamespace {
  /** The namespace kind: every rendezvous namespace starts with {@code rendezvous-}. */
  public static final String KIND = "rendezvous-";
  /** Hex digits of the HMAC kept in the namespace. */
  public static final int HASH_HEX_DIGITS = 32;
  /** Length of a namespace: {@code rendezvous-} + 32 hex digits. */
  public static final int LENGTH = KIND.length() + HASH_HEX_DIGITS;
  /** Bytes of the shared secret. */
  public static final int SECRET_BYTES = 32;
  /** Length of the UUIDs used inside (the canonical form of a random UUID). */
  public static final int UUID_LENGTH = 36;
  /** Longest prefix with which every ID of a rendezvous namespace fits in 128 characters. */
  public static final int MAX_PREFIX_LENGTH = PeerJsId.MAX_LENGTH - (1 + LENGTH + 1 + UUID_LENGTH);

  private RendezvousNamespace() {}

  /** {@code rendezvous-} + 32 hex digits of HMAC-SHA256(secret, slot label). */
  public static String of(byte[] secret, TimeSlot slot) {
    return KIND + HexFormat.of().formatHex(hmac(secret, slot), 0, HASH_HEX_DIGITS / 2);
  }

  /**
   * The pair's priority in {@code slot}: bytes 16..23 of the same HMAC as an unsigned 64-bit number (higher first).
   * Both contacts compute the same value, so when each holds only its few highest-priority namespaces (the budget),
   * the pairs they pick tend to be the same.
   */
  public static long priority(byte[] secret, TimeSlot slot) {
    byte[] h = hmac(secret, slot);
    long p = 0;
    for (int i = 16; i < 24; i++) {
      p = (p << 8) | (h[i] & 0xff);
    }
    return p;
  }

  /** HMAC-SHA256(key = secret, message = ASCII(slot label)). */
  public static byte[] hmac(byte[] secret, TimeSlot slot) {
    requireSecret(secret);
    return hmacSha256(secret, slot.label().getBytes(StandardCharsets.US_ASCII));
  }

  /** True when {@code prefix} leaves room for rendezvous IDs. */
  public static boolean fits(String prefix) {
    return PeerJsId.isValid(prefix) && prefix.length() <= MAX_PREFIX_LENGTH;
  }

  static byte[] requireSecret(byte[] secret) {
    if (secret == null || secret.length != SECRET_BYTES) {
      throw new IllegalArgumentException("a rendezvous secret has " + SECRET_BYTES + " bytes");
    }
    return secret;
  }

  /** HMAC-SHA256 (RFC 2104) from the JDK. */
  static byte[] hmacSha256(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }
}
