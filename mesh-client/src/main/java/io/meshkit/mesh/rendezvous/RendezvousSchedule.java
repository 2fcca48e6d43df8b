package io.meshkit.mesh.rendezvous;

import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/**
 * When to be in a pair's rendezvous namespace (docs/PROTOCOL.md §13.2.2–§13.2.3): both contacts compute the same
 * answers from the shared secret and their own clock, so that they are there at the same time without ever talking.
 *
 * <p><b>Clock skew.</b> A client holds, at its time {@code t}, the namespaces of the slots of {@code t − skew/2} and
 * {@code t + skew/2} (one slot, or two within {@code skew/2} of a boundary). Two clients whose clocks differ by at most
 * {@code skew} then always share one: their intervals {@code [t − skew/2, t + skew/2]} overlap, the slot of a time in
 * the overlap is in both sets (an interval shorter than a slot crosses at most one boundary, so its two ends name every
 * slot in it).
 *
 * <p><b>Back-off.</b> A contact unseen for a long time is looked for in fewer slots: at level {@code L} only in slots
 * {@code i} with {@code (i + phase) mod 2^L = 0}, where the phase comes from the secret. Both sides usually agree on the
 * level (they last saw each other at the same moment); when they do not, the slots of the higher level are a subset
 * of the lower level's, so they still meet there.
 */
public final class RendezvousSchedule {
  /** Default tolerated difference between two contacts' clocks: 2 minutes. */
  public static final long DEFAULT_SKEW_MILLIS = 120_000;
  /** Highest back-off level: one slot in 16 (every 160 minutes). */
  public static final int MAX_LEVEL = 4;
  private static final long DAY = 24L * 3600 * 1000;
  private static final byte[] PHASE_LABEL = "meshkit-rendezvous-phase-v1".getBytes(StandardCharsets.US_ASCII);

  private RendezvousSchedule() {}

  /** The slots of {@code wallMillis − skew/2} and {@code wallMillis + skew/2}, oldest first (one or two). */
  public static TreeSet<TimeSlot> window(long wallMillis, long skewMillis) {
    if (skewMillis < 0 || skewMillis >= TimeSlot.MILLIS) {
      throw new IllegalArgumentException("skew must be in [0, 10 min)");
    }
    TreeSet<TimeSlot> s = new TreeSet<>();
    s.add(TimeSlot.at(wallMillis - skewMillis / 2));
    s.add(TimeSlot.at(wallMillis + skewMillis / 2));
    return s;
  }

  /** When {@link #window} changes next after {@code wallMillis} (the next time an edge crosses a slot boundary). */
  public static long nextWindowChange(long wallMillis, long skewMillis) {
    long half = skewMillis / 2;
    long a = TimeSlot.at(wallMillis - half).endMillis() + half;
    long b = TimeSlot.at(wallMillis + half).endMillis() - half;
    return Math.min(a, b);
  }

  /**
   * Back-off level for a contact last seen {@code unseenMillis} ago: 0 under a day (every slot), then 1 + floor(log2
   * of the days unseen), at most {@value #MAX_LEVEL}: 1–2 days every 2nd slot, 2–4 days every 4th, 4–8 days every 8th,
   * longer every 16th.
   */
  public static int level(long unseenMillis) {
    if (unseenMillis < DAY) {
      return 0;
    }
    long days = unseenMillis / DAY;
    int log2 = 63 - Long.numberOfLeadingZeros(days);
    return Math.min(MAX_LEVEL, 1 + log2);
  }

  /** The pair's phase: the first two bytes of HMAC-SHA256(secret, "meshkit-rendezvous-phase-v1"), big-endian. */
  public static int phase(byte[] secret) {
    byte[] h = RendezvousNamespace.hmacSha256(RendezvousNamespace.requireSecret(secret), PHASE_LABEL);
    return ((h[0] & 0xff) << 8) | (h[1] & 0xff);
  }

  /** True when a pair of phase {@code phase} at back-off level {@code level} looks for each other in {@code slot}. */
  public static boolean eligible(int phase, TimeSlot slot, int level) {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("level must be in 0.." + MAX_LEVEL);
    }
    return Math.floorMod(slot.index() + phase, 1L << level) == 0;
  }
}
