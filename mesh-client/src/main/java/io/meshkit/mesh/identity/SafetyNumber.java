package io.meshkit.mesh.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The number two users compare out of band to know that each holds the other's real key (docs/PROTOCOL.md, "Safety
 * number"). The construction follows Signal's numeric fingerprints: per key, an iterated SHA-512 (5,200 rounds, which
 * makes every guess of an attacker looking for a key with the same digits 5,200 times dearer), its first 30 bytes read
 * as six 40-bit numbers, each taken modulo 100,000 and written as 5 digits; the two 30-digit halves are sorted, so both
 * users see the same 60 digits whatever the order of the keys.
 */
public final class SafetyNumber {
  /** Domain-separation label hashed before the first round. */
  public static final String LABEL = "meshkit-safety-number-v1";
  /** SHA-512 rounds per key (Signal's value). */
  public static final int ITERATIONS = 5200;

  private SafetyNumber() {}

  /** The 60-digit safety number of two keys; the same for (a, b) and (b, a). */
  public static String of(IdentityKey a, IdentityKey b) {
    String x = digits(a);
    String y = digits(b);
    return x.compareTo(y) <= 0 ? x + y : y + x;
  }

  /** The 60 digits in 12 groups of 5, for showing. */
  public static String grouped(String number) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < number.length(); i += 5) {
      if (i > 0) {
        s.append(' ');
      }
      s.append(number, i, Math.min(number.length(), i + 5));
    }
    return s.toString();
  }

  /** The 30 digits of one key. */
  static String digits(IdentityKey key) {
    byte[] raw = key.raw();
    MessageDigest sha512;
    try {
      sha512 = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-512", e);
    }
    sha512.update(LABEL.getBytes(StandardCharsets.US_ASCII));
    sha512.update(raw);
    byte[] h = sha512.digest();
    for (int i = 1; i < ITERATIONS; i++) {
      sha512.update(h);
      sha512.update(raw);
      h = sha512.digest();
    }
    StringBuilder s = new StringBuilder(30);
    for (int chunk = 0; chunk < 6; chunk++) {
      long v = 0;
      for (int j = 0; j < 5; j++) {
        v = (v << 8) | (h[chunk * 5 + j] & 0xff);
      }
      s.append(String.format("%05d", v % 100_000));
    }
    return s.toString();
  }
}
