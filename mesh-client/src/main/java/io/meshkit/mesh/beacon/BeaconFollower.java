package io.meshkit.mesh.beacon;

import io.meshkit.beacon.Beacon;
import io.meshkit.beacon.BeaconKeys;
import io.meshkit.beacon.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Which beacon prefixes a client holds, and when it asks for the next beacon (docs/PROTOCOL.md §13.3.5), as a pure
 * state machine: {@link #step} takes what happened and the Unix time, and returns what the adapter must do. The
 * adapter makes the HTTP request, runs the timers (a timer that fires early or late is harmless: each carries the time
 * it is for) and adds or removes the namespaces of a prefix.
 *
 * <p>A timer that comes early (the wall clock was set back) is asked for again at its time; the adapter keeps one
 * timer per {@link Kind}, the latest asked for.
 *
 * <p>The first verified beacon is joined at once. Then, at the end of the current beacon's period plus a random delay
 * (at most {@value #MAX_SPREAD_MILLIS} ms or a tenth of the period), it asks again: a beacon of a later period is
 * joined while the previous prefix is kept for the overlap ({@value #MAX_OVERLAP_MILLIS} ms or half a period,
 * whichever is shorter) and then left; the same period again (this clock runs ahead of the issuer's) is asked for
 * again after 1 s, doubling up to 10 s; a failure (no answer, no header, not a valid beacon) after 1 s, doubling up
 * to 30 s, keeping the prefix it has. A failure is reported once until the next success.
 */
public final class BeaconFollower {
  /** Longest random delay after a period's end before asking for the next beacon. */
  public static final long MAX_SPREAD_MILLIS = 5_000;
  /** Longest overlap in which the old and the new prefix are both served. */
  public static final long MAX_OVERLAP_MILLIS = 30_000;
  static final long SAME_RETRY_FIRST = 1_000;
  static final long SAME_RETRY_MAX = 10_000;
  static final long FAIL_RETRY_FIRST = 1_000;
  static final long FAIL_RETRY_MAX = 30_000;

  /** What happened. */
  public sealed interface Event {}

  /** Begin: ask for the first beacon. */
  public record Start() implements Event {}

  /** The beacon URL answered; {@code header} is its {@code X-Mesh-Beacon} (null when it had none). */
  public record Fetched(String header) implements Event {}

  /** The beacon URL could not be asked (no answer, an HTTP error); {@code detail} says why, for people. */
  public record FetchFailed(String detail) implements Event {}

  /** A timer the follower asked for came due. */
  public record Timer(Kind kind) implements Event {}

  /** The follower's timers. */
  public enum Kind {
    /** Ask for the beacon again. */
    REFRESH,
    /** The overlap of the previous prefix is over. */
    LEAVE
  }

  /** What the adapter must do. */
  public sealed interface Action {}

  /** Ask the beacon URL now; answer with {@link Fetched} or {@link FetchFailed}. */
  public record Fetch() implements Action {}

  /** Deliver {@code Timer(kind)} at Unix time {@code atMillis} (replacing an earlier request of that kind). */
  public record Schedule(Kind kind, long atMillis) implements Action {}

  /** Take part under this beacon's prefix: its namespaces are joined. */
  public record Join(Beacon beacon, String prefix) implements Action {}

  /** Stop using {@code prefix}: its namespaces are left cleanly. */
  public record Leave(String prefix) implements Action {}

  /** Something is wrong with the beacon source (reported once until the next success). */
  public record Fault(String reason, String detail) implements Action {}

  /** A beacon was got again after a {@link Fault}. */
  public record Recovered(String reason) implements Action {}

  /** Fault reasons. */
  public static final String UNREACHABLE = "beacon-unreachable";
  public static final String MISSING = "beacon-missing";
  public static final String INVALID = "beacon-invalid";
  public static final String STALE = "beacon-stale";

  private final BeaconKeys keys;
  private final RandomGenerator random;
  private Beacon current;
  private Beacon previous;
  private boolean fetching;
  private long refreshAt = Long.MAX_VALUE;
  private long leaveAt = Long.MAX_VALUE;
  private long sameRetry = SAME_RETRY_FIRST;
  private long failRetry = FAIL_RETRY_FIRST;
  private String faulted;
  private List<Action> out;

  /**
   * @param keys   the verification keys a beacon must be signed with
   * @param random the spread of the requests (seeded by the adapter)
   */
  public BeaconFollower(BeaconKeys keys, RandomGenerator random) {
    this.keys = keys;
    this.random = random;
  }

  /** Feeds one event at Unix time {@code nowMillis}; returns what to do, in order. */
  public List<Action> step(Event event, long nowMillis) {
    out = new ArrayList<>();
    if (event instanceof Start) {
      fetch();
    } else if (event instanceof Fetched f) {
      fetching = false;
      fetched(f.header(), nowMillis);
    } else if (event instanceof FetchFailed f) {
      fetching = false;
      failed(UNREACHABLE, f.detail(), nowMillis);
    } else if (event instanceof Timer t) {
      timer(t.kind(), nowMillis);
    }
    return out;
  }

  /** The beacon in use, if any. */
  public Optional<Beacon> current() {
    return Optional.ofNullable(current);
  }

  /** The prefixes held now: the current one, and the previous one during an overlap. */
  public List<String> prefixes() {
    List<String> p = new ArrayList<>(2);
    if (current != null) {
      p.add(current.prefix());
    }
    if (previous != null) {
      p.add(previous.prefix());
    }
    return p;
  }

  private void fetch() {
    if (!fetching) {
      fetching = true;
      refreshAt = Long.MAX_VALUE;
      out.add(new Fetch());
    }
  }

  private void fetched(String header, long now) {
    if (header == null || header.isEmpty()) {
      failed(MISSING, "the answer had no X-Mesh-Beacon header (is this Origin allowed?)", now);
      return;
    }
    Optional<Beacon> parsed = Beacon.parse(header);
    if (parsed.isEmpty()) {
      failed(INVALID, "the X-Mesh-Beacon header is not a beacon", now);
      return;
    }
    Beacon b = parsed.get();
    if (!keys.verify(b)) {
      failed(INVALID, "the beacon is not signed by a verification key", now);
      return;
    }
    Period p = b.period();
    if (now >= p.endMillis() + p.lengthMillis()) {
      failed(STALE, "the beacon is for a period that ended more than a period ago (clock, or a cache?)", now);
      return;
    }
    failRetry = FAIL_RETRY_FIRST;
    if (faulted != null) {
      out.add(new Recovered(faulted));
      faulted = null;
    }
    if (current != null && p.startMillis() <= current.period().startMillis()) {
      // Not newer: our clock runs ahead of the issuer's. Ask again shortly.
      refresh(now + sameRetry);
      sameRetry = Math.min(SAME_RETRY_MAX, sameRetry * 2);
      return;
    }
    sameRetry = SAME_RETRY_FIRST;
    if (current != null && !current.prefix().equals(b.prefix())) {
      if (previous != null) {
        out.add(new Leave(previous.prefix())); // a third prefix: the oldest goes at once
      }
      previous = current;
      leaveAt = now + overlap(p);
      out.add(new Schedule(Kind.LEAVE, leaveAt));
    }
    current = b;
    out.add(new Join(b, b.prefix()));
    long spread = Math.min(MAX_SPREAD_MILLIS, p.lengthMillis() / 10);
    refresh(p.endMillis() + (spread == 0 ? 0 : random.nextLong(spread + 1)));
  }

  private void failed(String reason, String detail, long now) {
    if (!reason.equals(faulted)) {
      faulted = reason;
      out.add(new Fault(reason, detail));
    }
    refresh(now + failRetry);
    failRetry = Math.min(FAIL_RETRY_MAX, failRetry * 2);
  }

  private void refresh(long at) {
    refreshAt = at;
    out.add(new Schedule(Kind.REFRESH, at));
  }

  private void timer(Kind kind, long now) {
    if (kind == Kind.REFRESH) {
      if (now >= refreshAt) {
        fetch();
      } else if (refreshAt != Long.MAX_VALUE) {
        out.add(new Schedule(Kind.REFRESH, refreshAt)); // early (the wall clock moved): again, for the right time
      }
    } else if (kind == Kind.LEAVE) {
      if (now >= leaveAt) {
        leaveAt = Long.MAX_VALUE;
        if (previous != null) {
          out.add(new Leave(previous.prefix()));
          previous = null;
        }
      } else if (leaveAt != Long.MAX_VALUE) {
        out.add(new Schedule(Kind.LEAVE, leaveAt));
      }
    }
  }

  /** How long the previous prefix is kept after the next one is joined: half a period, at most 30 s. */
  static long overlap(Period p) {
    return Math.min(MAX_OVERLAP_MILLIS, p.lengthMillis() / 2);
  }
}
