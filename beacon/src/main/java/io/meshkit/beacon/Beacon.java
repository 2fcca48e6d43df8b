package io.meshkit.beacon;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A beacon: an issuer's signature over one {@link Period} (docs/PROTOCOL.md §13.3). Its text, the value of the
 * {@code X-Mesh-Beacon} header and of the {@code beacon} query parameter of a signaling connection, is
 * <pre>
 *   "1." + decimal(period length in seconds) + "." + decimal(period index) + "." + 128 lower-case hex digits (r ‖ s)
 * </pre>
 * for example {@code 1.600.2863383.} followed by the signature. Every character is URL-safe, so the text goes into a
 * query string as it is. {@link #parse} accepts only that canonical form (no leading zeros, no upper case, nothing
 * around it), so one signature has exactly one text.
 */
public final class Beacon {
  /** The text's version field. */
  public static final String VERSION = "1";
  /** The domain label at the start of the signed bytes: a beacon signature is never valid for anything else. */
  public static final String LABEL = "meshkit-beacon-v1";
  /** Length of the signed bytes: the label (17), the period length (4), the period index (8). */
  public static final int SIGNED_BYTES = LABEL.length() + 4 + 8;
  /** The longest text {@link #parse} looks at; a real one has at most 153 characters. */
  public static final int MAX_TEXT_LENGTH = 200;

  private final Period period;
  private final byte[] signature;

  /**
   * @param period    the period it is for
   * @param signature 64 bytes, IEEE P1363 {@code r || s}
   */
  public Beacon(Period period, byte[] signature) {
    this.period = Objects.requireNonNull(period, "period");
    if (signature == null || signature.length != BeaconKey.SIGNATURE_BYTES) {
      throw new IllegalArgumentException("a beacon signature has " + BeaconKey.SIGNATURE_BYTES + " bytes");
    }
    this.signature = signature.clone();
  }

  /**
   * The bytes an issuer signs for {@code period}: ASCII {@value #LABEL}, then the period length in seconds as 4 bytes
   * and the period index as 8 bytes, both unsigned big-endian (29 bytes in all).
   */
  public static byte[] signedBytes(Period period) {
    return ByteBuffer.allocate(SIGNED_BYTES)
        .put(LABEL.getBytes(StandardCharsets.US_ASCII))
        .putInt(period.lengthSeconds())
        .putLong(period.index())
        .array();
  }

  /** The canonical beacon of {@code text}, or empty when it is anything else (never throws). */
  public static Optional<Beacon> parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
      return Optional.empty();
    }
    String[] f = text.split("\\.", -1);
    if (f.length != 4 || !f[0].equals(VERSION)) {
      return Optional.empty();
    }
    long length = decimal(f[1], 5);
    long index = decimal(f[2], 16);
    if (length < Period.MIN_LENGTH_SECONDS || length > Period.MAX_LENGTH_SECONDS || index < 0
        || index > Period.MAX_INDEX) {
      return Optional.empty();
    }
    byte[] sig = lowerHex(f[3], BeaconKey.SIGNATURE_BYTES);
    if (sig == null) {
      return Optional.empty();
    }
    return Optional.of(new Beacon(new Period((int) length, index), sig));
  }

  /** A decimal number without sign or leading zeros, of at most {@code maxDigits} digits; else -1. */
  private static long decimal(String s, int maxDigits) {
    int n = s.length();
    if (n == 0 || n > maxDigits || (n > 1 && s.charAt(0) == '0')) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Exactly {@code bytes} bytes as lower-case hex, else null. */
  private static byte[] lowerHex(String s, int bytes) {
    if (s.length() != 2 * bytes) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return null;
      }
    }
    return HexFormat.of().parseHex(s);
  }

  public Period period() {
    return period;
  }

  /** The signature, {@code r || s} (a copy). */
  public byte[] signature() {
    return signature.clone();
  }

  /** The signature's {@code r}: what the prefix is made from ({@link BeaconPrefix}). */
  byte[] r() {
    return Arrays.copyOf(signature, 32);
  }

  /** The bytes this beacon's signature is over. */
  public byte[] signedBytes() {
    return signedBytes(period);
  }

  /** The canonical text. */
  public String text() {
    return VERSION + "." + period.lengthSeconds() + "." + period.index() + "." + HexFormat.of().formatHex(signature);
  }

  /** The ID prefix this beacon gives (docs/PROTOCOL.md §13.3.2). */
  public String prefix() {
    return BeaconPrefix.of(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Beacon b && period.equals(b.period) && Arrays.equals(signature, b.signature);
  }

  @Override
  public int hashCode() {
    return 31 * period.hashCode() + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return text();
  }
}
