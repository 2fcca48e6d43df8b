package io.meshkit.beacon;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The signaling server's check of a new connection's ID under {@code --require-beacon} (docs/PROTOCOL.md §13.3.4): a
 * pure function of the ID, the beacon the client presented with it, the time and the verification keys. No state
 * shared with anyone, so every node of a cluster decides alike with nothing but the public keys.
 *
 * <p>An ID is accepted when the client presented a beacon that
 * <ol>
 *   <li>is well-formed ({@link Beacon#parse});</li>
 *   <li>is for the current or the previous period at {@code now}, by its own period length (or for the next period
 *       when that starts within {@link #skewMillis()}: a node whose clock is a little behind the issuer's);</li>
 *   <li>gives the prefix the ID starts with ({@code prefix + "-"});</li>
 *   <li>carries a valid signature by one of the keys.</li>
 * </ol>
 * The checks run in that order, cheapest first: a signature is checked only for a beacon that would otherwise be
 * accepted. Signatures already found valid are remembered (a few, newest first) because every client of a period
 * presents the same beacon; that memo changes how fast an answer comes, never which.
 */
public final class BeaconGate {
  /** How far ahead of this node's clock an issuer's may run: 5 s, plenty for servers kept in time by NTP. */
  public static final long DEFAULT_SKEW_MILLIS = 5_000;
  private static final int MEMO = 4;

  /** The answer for one connection. */
  public enum Verdict {
    /** The ID may be registered. */
    ACCEPTED,
    /** No beacon was presented. */
    ABSENT,
    /** The presented text is not a beacon. */
    MALFORMED,
    /** The beacon's period ended more than one period ago. */
    EXPIRED,
    /** The beacon's period has not started (beyond the tolerated skew). */
    NOT_YET_VALID,
    /** The ID does not start with the beacon's prefix. */
    WRONG_PREFIX,
    /** No accepted key signed the beacon. */
    FORGED
  }

  private final BeaconKeys keys;
  private final long skewMillis;
  /** Beacons whose signature verified, newest first (an immutable list, replaced whole). */
  private volatile List<Beacon> verified = List.of();

  public BeaconGate(BeaconKeys keys, long skewMillis) {
    if (skewMillis < 0) {
      throw new IllegalArgumentException("skew must be >= 0");
    }
    this.keys = keys;
    this.skewMillis = skewMillis;
  }

  public BeaconGate(BeaconKeys keys) {
    this(keys, DEFAULT_SKEW_MILLIS);
  }

  public BeaconKeys keys() {
    return keys;
  }

  public long skewMillis() {
    return skewMillis;
  }

  /**
   * The verdict for a connection asking for {@code id} with the beacon text {@code presented} (the {@code beacon}
   * query parameter; {@code null} when absent) at Unix time {@code nowMillis}.
   */
  public Verdict check(String id, String presented, long nowMillis) {
    if (presented == null || presented.isEmpty()) {
      return Verdict.ABSENT;
    }
    Optional<Beacon> parsed = Beacon.parse(presented);
    if (parsed.isEmpty()) {
      return Verdict.MALFORMED;
    }
    Beacon beacon = parsed.get();
    Verdict time = timely(beacon.period(), nowMillis, skewMillis);
    if (time != Verdict.ACCEPTED) {
      return time;
    }
    if (!BeaconPrefix.startsId(beacon.prefix(), id)) {
      return Verdict.WRONG_PREFIX;
    }
    return signatureValid(beacon) ? Verdict.ACCEPTED : Verdict.FORGED;
  }

  /**
   * Whether {@code period} is current or previous at {@code nowMillis} (or next, within {@code skewMillis}):
   * {@code start − skew ≤ now < end + length}.
   */
  public static Verdict timely(Period period, long nowMillis, long skewMillis) {
    if (nowMillis < period.startMillis() - skewMillis) {
      return Verdict.NOT_YET_VALID;
    }
    if (nowMillis >= period.endMillis() + period.lengthMillis()) {
      return Verdict.EXPIRED;
    }
    return Verdict.ACCEPTED;
  }

  private boolean signatureValid(Beacon beacon) {
    List<Beacon> known = verified;
    if (known.contains(beacon)) {
      return true;
    }
    if (!keys.verify(beacon)) {
      return false;
    }
    List<Beacon> next = new ArrayList<>(MEMO);
    next.add(beacon);
    for (int i = 0; i < known.size() && next.size() < MEMO; i++) {
      next.add(known.get(i));
    }
    verified = List.copyOf(next);
    return true;
  }
}
