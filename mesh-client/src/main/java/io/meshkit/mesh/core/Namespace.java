package io.meshkit.mesh.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The namespace of a public IP: a keyed hash, not the raw address. {@code ns = "n" + hex(HMAC-SHA256(key = UTF-8 of the
 * prefix, message = canonical network))[0..16]} where the canonical network is {@code "ip4:a.b.c.d"} or, for IPv6, its
 * /64 as {@code "ip6:" + 16 lower-case hex digits} (every address of one home network's /64 shares a namespace; an
 * IPv4-mapped IPv6 address counts as IPv4).
 *
 * <p>Why a hash: the signaling server (and whoever lists its peers) sees every ID; a raw IP in it would publish each
 * user's address. The hash is keyed with the prefix, so with a rotating, origin-signed prefix (the beacon) namespaces of
 * different slots cannot be linked. It is not secrecy against someone who knows the prefix: IPv4 has 2^32 values, a
 * guess can be checked. 64 bits of output make collisions between networks negligible.
 */
public final class Namespace {

  /** Hex digits of the hash kept in the namespace. */
  public static final int HASH_HEX_DIGITS = 16;

  private Namespace() {}

  /**
   * @param prefix  the ID prefix (the HMAC key)
   * @param address 4 (IPv4) or 16 (IPv6) bytes of the public address, network order
   */
  public static String of(String prefix, byte[] address) {
    MeshIds.requireIdPart(prefix, "prefix");
    return "n" + HexFormat.of().formatHex(hmacSha256(prefix.getBytes(StandardCharsets.UTF_8),
        canonical(address).getBytes(StandardCharsets.US_ASCII))).substring(0, HASH_HEX_DIGITS);
  }

  /** {@code "ip4:a.b.c.d"} or {@code "ip6:"} + the /64 in hex. */
  static String canonical(byte[] a) {
    if (a == null || (a.length != 4 && a.length != 16)) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes");
    }
    if (a.length == 16 && isV4Mapped(a)) {
      a = Arrays.copyOfRange(a, 12, 16);
    }
    if (a.length == 4) {
      return "ip4:" + (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
    return "ip6:" + HexFormat.of().formatHex(a, 0, 8);
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
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
