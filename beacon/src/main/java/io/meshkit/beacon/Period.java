package io.meshkit.beacon;

/**
 * One beacon period: the {@code index}-th interval of {@code lengthSeconds} seconds since the Unix epoch,
 * [{@code index × length}, {@code (index + 1) × length}) in UTC (docs/PROTOCOL.md §13.3.1). Periods are counted from
 * the epoch, not from when a server started, so every issuer with the same length agrees on them without talking.
 *
 * @param lengthSeconds {@value #MIN_LENGTH_SECONDS} to {@value #MAX_LENGTH_SECONDS}
 * @param index         0 to {@value #MAX_INDEX} (a JavaScript number holds it exactly)
 */
public record Period(int lengthSeconds, long index) {
  /** Shortest period: ten seconds, for tests; a deployment uses minutes. */
  public static final int MIN_LENGTH_SECONDS = 10;
  /** Longest period: one day. A beacon is meant to die quickly; a day is already generous. */
  public static final int MAX_LENGTH_SECONDS = 86_400;
  /** The default length: ten minutes, as the design documents have it. */
  public static final int DEFAULT_LENGTH_SECONDS = 600;
  /** Largest index: 2^53 − 1, the largest integer a JavaScript number represents exactly. */
  public static final long MAX_INDEX = (1L << 53) - 1;

  public Period {
    requireLength(lengthSeconds);
    if (index < 0 || index > MAX_INDEX) {
      throw new IllegalArgumentException("period index out of range: " + index);
    }
  }

  /** The period of {@code lengthSeconds} that contains {@code unixMillis} (which must not be before the epoch). */
  public static Period at(long unixMillis, int lengthSeconds) {
    requireLength(lengthSeconds);
    if (unixMillis < 0) {
      throw new IllegalArgumentException("time before the epoch: " + unixMillis);
    }
    return new Period(lengthSeconds, unixMillis / (lengthSeconds * 1000L));
  }

  /** Throws unless {@code lengthSeconds} is an allowed period length. */
  public static int requireLength(int lengthSeconds) {
    if (lengthSeconds < MIN_LENGTH_SECONDS || lengthSeconds > MAX_LENGTH_SECONDS) {
      throw new IllegalArgumentException("a beacon period has " + MIN_LENGTH_SECONDS + " to " + MAX_LENGTH_SECONDS
          + " seconds: " + lengthSeconds);
    }
    return lengthSeconds;
  }

  /** Its first millisecond (Unix time). */
  public long startMillis() {
    return index * lengthSeconds * 1000L;
  }

  /** The first millisecond after it: the start of the next period. */
  public long endMillis() {
    return startMillis() + lengthSeconds * 1000L;
  }

  public long lengthMillis() {
    return lengthSeconds * 1000L;
  }

  public Period next() {
    return new Period(lengthSeconds, index + 1);
  }

  /** The period before this one (the epoch's first period has none: this throws). */
  public Period previous() {
    return new Period(lengthSeconds, index - 1);
  }
}
