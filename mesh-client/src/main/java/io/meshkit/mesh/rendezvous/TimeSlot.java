package io.meshkit.mesh.rendezvous;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A 10-minute period of UTC (docs/PROTOCOL.md §13.2.1): slot {@code i} covers the Unix milliseconds
 * {@code [i × 600,000, (i + 1) × 600,000)}. Its {@link #label() label} is the string both special contacts feed to the
 * HMAC: {@code "UTC-" + YYYY + "-" + MM + "-" + DD + "-" + HH + "-" + floor(minute / 10)}, with year, month, day and
 * hour zero-padded to 4, 2, 2 and 2 digits and the last part one digit 0..5 (for example {@code UTC-2024-06-10-14-3}
 * for 14:30:00.000–14:39:59.999 UTC on 10 June 2024).
 *
 * <p>{@code java.time} here only converts a number to calendar fields in UTC (no clock is read: the time is always an
 * argument), so the civil-calendar arithmetic is the JDK's, not a hand-written one.
 *
 * @param index slot number: floor(Unix ms / 600,000)
 */
public record TimeSlot(long index) implements Comparable<TimeSlot> {
  /** Length of a slot. */
  public static final long MILLIS = 600_000;
  /** First slot whose label has a four-digit year: 0000-01-01T00:00Z. */
  static final long FIRST = Math.floorDiv(-62_167_219_200_000L, MILLIS);
  /** Last slot with a four-digit year: 9999-12-31T23:50Z. */
  static final long LAST = Math.floorDiv(253_402_300_799_999L, MILLIS);

  public TimeSlot {
    if (index < FIRST || index > LAST) {
      throw new IllegalArgumentException("time outside the years 0000..9999");
    }
  }

  /** The slot that holds {@code unixMillis}. */
  public static TimeSlot at(long unixMillis) {
    return new TimeSlot(Math.floorDiv(unixMillis, MILLIS));
  }

  /** First millisecond of the slot (Unix ms). */
  public long startMillis() {
    return index * MILLIS;
  }

  /** First millisecond after the slot. */
  public long endMillis() {
    return startMillis() + MILLIS;
  }

  public TimeSlot next() {
    return new TimeSlot(index + 1);
  }

  public TimeSlot previous() {
    return new TimeSlot(index - 1);
  }

  /** The HMAC message: {@code UTC-YYYY-MM-DD-HH-m} (ASCII, 19 characters). */
  public String label() {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(startMillis(), 1000), 0, ZoneOffset.UTC);
    return String.format(java.util.Locale.ROOT, "UTC-%04d-%02d-%02d-%02d-%d", t.getYear(), t.getMonthValue(),
        t.getDayOfMonth(), t.getHour(), t.getMinute() / 10);
  }

  @Override
  public int compareTo(TimeSlot o) {
    return Long.compare(index, o.index);
  }

  @Override
  public String toString() {
    return label();
  }
}
