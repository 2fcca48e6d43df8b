package io.meshkit.mesh.core;

/**
 * A token bucket in integer arithmetic on the step's clock: {@code capacity} tokens, one more every
 * {@code intervalMillis}. Deterministic, so a simulated run repeats exactly.
 */
public final class TokenBucket {
  private final int capacity;
  private final long intervalMillis;
  private int tokens;
  private long refilledAt;

  public TokenBucket(int capacity, long intervalMillis, long now) {
    if (capacity < 1 || intervalMillis < 1) {
      throw new IllegalArgumentException("bad bucket");
    }
    this.capacity = capacity;
    this.intervalMillis = intervalMillis;
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /** Takes one token if there is one. */
  public boolean take(long now) {
    if (now > refilledAt) {
      long earned = (now - refilledAt) / intervalMillis;
      if (earned > 0) {
        tokens = (int) Math.min(capacity, tokens + earned);
        refilledAt = tokens == capacity ? now : refilledAt + earned * intervalMillis;
      }
    }
    if (tokens == 0) {
      return false;
    }
    tokens--;
    return true;
  }
}
