package io.meshkit.mesh.core;

/**
 * The connect timeout of one namespace (docs/PROTOCOL.md §6.1): starts at {@code connectTimeoutMillis}, doubles after
 * each connect or claim that got no answer in time, up to {@link #MAX_FACTOR} times that; each welcome lets it decay by
 * an eighth, never below twice the connect time just measured nor below the configured value (the shape of TCP's
 * retransmission timer, RFC 6298 §5.5). On a loaded machine a WebRTC connect can take longer than the configured
 * timeout every time; a fixed timeout would then never let a node join a live router.
 */
final class ConnectBackoff {
  /** Limit of the back-off, as a multiple of the configured connect timeout. */
  static final int MAX_FACTOR = 8;

  private final long base;
  private long current;

  ConnectBackoff(long base) {
    this.base = base;
    this.current = base;
  }

  long timeout() {
    return current;
  }

  void missed() {
    current = Math.min(current * 2, base * MAX_FACTOR);
  }

  /** A connect answered after {@code tookMillis}. */
  void answered(long tookMillis) {
    current = Math.min(base * MAX_FACTOR, Math.max(base, Math.max(2 * tookMillis, current - current / 8)));
  }
}
