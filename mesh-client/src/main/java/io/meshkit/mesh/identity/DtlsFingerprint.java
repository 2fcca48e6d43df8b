package io.meshkit.mesh.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the SHA-256 DTLS certificate fingerprint from an SDP offer or answer: the {@code a=fingerprint:sha-256 AB:CD:…}
 * attribute (RFC 8122 §5). Every browser and libwebrtc write exactly this hash; an SDP may repeat the line per media
 * section. The handshake binds the bytes to the identity keys, so a signaling server that replaced a certificate in
 * the SDP (to sit in the middle of the DTLS connection) is found out.
 */
public final class DtlsFingerprint {
  /** SDPs above this size are not searched (the WebRTC adapter bounds them far below). */
  public static final int MAX_SDP_CHARS = 64 * 1024;

  private DtlsFingerprint() {}

  /**
   * The 32 bytes of the SDP's {@code sha-256} fingerprint, or empty when it has none, has a malformed one, or has two
   * different ones (which certificate the DTLS connection uses would then be ambiguous).
   */
  public static Optional<byte[]> sha256(String sdp) {
    if (sdp == null || sdp.length() > MAX_SDP_CHARS) {
      return Optional.empty();
    }
    byte[] found = null;
    for (String line : sdp.split("\r?\n")) {
      if (!line.startsWith("a=fingerprint:")) {
        continue;
      }
      String value = line.substring("a=fingerprint:".length()).trim();
      int space = value.indexOf(' ');
      if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("sha-256")) {
        continue; // another hash function: not the one we bind
      }
      byte[] fp = parse(value.substring(space + 1).trim());
      if (fp == null || (found != null && !Arrays.equals(found, fp))) {
        return Optional.empty();
      }
      found = fp;
    }
    return Optional.ofNullable(found);
  }

  /** 32 colon-separated pairs of hex digits (either case), or null. */
  private static byte[] parse(String s) {
    String[] pairs = s.split(":", -1);
    if (pairs.length != HandshakeTranscript.FINGERPRINT_BYTES) {
      return null;
    }
    byte[] out = new byte[pairs.length];
    for (int i = 0; i < pairs.length; i++) {
      if (pairs[i].length() != 2 || Character.digit(pairs[i].charAt(0), 16) < 0
          || Character.digit(pairs[i].charAt(1), 16) < 0) {
        return null;
      }
      out[i] = (byte) Integer.parseInt(pairs[i], 16);
    }
    return out;
  }

  /** {@code AB:CD:…} upper-case, as SDP writes it (for logs and test doubles). */
  public static String format(byte[] fingerprint) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < fingerprint.length; i++) {
      if (i > 0) {
        s.append(':');
      }
      s.append(String.format("%02X", fingerprint[i] & 0xff));
    }
    return s.toString();
  }
}
