package io.meshkit.mesh.core;

import java.util.EnumSet;

/**
 * The search for a router over the slots (docs/PROTOCOL.md §6): after a delay (the jitter), slot by slot upward, skipping
 * slots marked within {@code heldIdMillis}, one {@link SlotAttempt} at a time: a won claim makes us router, a welcome
 * makes us member, a redirect is followed (at most {@link #MAX_REDIRECTS} in a row), a failure marks the slot that
 * failed and the search goes on after the slot it was at. When every slot is marked it waits for the first mark to
 * expire; an unanswered claim restarts the search a connect timeout later. A join that did not come from the search (a
 * {@code moved} or a merge told us where to go) that fails starts a search from slot 1.
 */
final class Election {

  /** What the search came to. */
  sealed interface Outcome {}

  /** Nothing yet. */
  record Searching() implements Outcome {}

  /** We hold slot {@code slot}: become its router. */
  record Router(int slot) implements Outcome {}

  /** A router on {@code slot} welcomed us on our Discovery ID's link to {@code routerSlotId}. */
  record Member(int slot, String routerSlotId, Snapshot snapshot) implements Outcome {}

  /**
   * Meeting namespace: the link (localId, remoteId) to the holder of {@code slot} is open and goes to the application;
   * the search waits for its verdict ({@link #rejected} to go on).
   */
  record Meeting(int slot, String localId, String remoteId) implements Outcome {}

  /** Most redirects followed in a row (docs/PROTOCOL.md §6): peers cannot send us round in circles. */
  static final int MAX_REDIRECTS = 4;

  private static final Outcome SEARCHING = new Searching();
  private static final EnumSet<TimerKey.Kind> TIMERS =
      EnumSet.of(TimerKey.Kind.ELECTION, TimerKey.Kind.RETRY, TimerKey.Kind.ATTEMPT);

  private final UnitContext ctx;
  private final HeldIds held;
  private final SlotBook slots;
  private final ConnectBackoff backoff;
  /** The slot the search is at (its last claim); redirects do not move it. */
  private int searchSlot;
  private int redirects;
  /** The attempt in progress came from the search (else from {@link #follow}): decides where a failure goes on. */
  private boolean fromSearch;
  private SlotAttempt attempt;

  Election(UnitContext ctx, HeldIds held, SlotBook slots, ConnectBackoff backoff) {
    this.ctx = ctx;
    this.held = held;
    this.slots = slots;
    this.backoff = backoff;
  }

  /** Searches after {@code delay}. */
  void startAfter(long delay) {
    stop();
    ctx.schedule(TimerKey.Kind.ELECTION, ctx.now() + delay, null);
  }

  /** Checks in at {@code slotId} at once, without a claim (a {@code moved} or a merge told us where the router is). */
  Outcome follow(String slotId) {
    stop();
    redirects = 0;
    fromSearch = false;
    return followNow(slotId);
  }

  private Outcome followNow(String slotId) {
    attempt = new SlotAttempt(ctx, held, SlotAttempt.Mode.FOLLOW, ctx.ids.usableSlotOf(slotId), ctx.discoveryId(),
        backoff.timeout(), 0, null);
    return handle(attempt.start());
  }

  /** Drops the attempt in progress (its claim released, its link closed) and every pending timer of the search. */
  void stop() {
    if (attempt != null) {
      attempt.close(false);
      attempt = null;
    }
    ctx.cancel(TIMERS);
  }

  boolean owns(TimerKey.Kind kind) {
    return TIMERS.contains(kind);
  }

  boolean isAttemptLink(String local, String remote) {
    return attempt != null && attempt.isLink(local, remote);
  }

  Outcome onTimer(TimerKey key) {
    switch (key.kind()) {
      case ELECTION -> {
        return search();
      }
      case RETRY -> {
        return attempt == null ? search() : SEARCHING;
      }
      case ATTEMPT -> {
        return attempt == null ? SEARCHING : handle(attempt.onTimeout(key));
      }
      default -> throw new IllegalStateException("not an election timer: " + key.kind());
    }
  }

  Outcome onIdClaimed(String id) {
    return attempt == null ? SEARCHING : handle(attempt.onIdClaimed(id));
  }

  Outcome onIdTaken(String id) {
    return attempt == null ? SEARCHING : handle(attempt.onIdTaken(id));
  }

  Outcome onIdLost(String id) {
    return attempt == null ? SEARCHING : handle(attempt.onIdLost(id));
  }

  Outcome onConnected(String local, String remote) {
    return attempt == null ? SEARCHING : handle(attempt.onConnected(local, remote));
  }

  Outcome onLinkGone(String local, String remote) {
    return attempt == null ? SEARCHING : handle(attempt.onLinkGone(local, remote));
  }

  Outcome onReceived(String local, String remote, io.meshkit.mesh.core.wire.MeshMessage msg) {
    return attempt == null ? SEARCHING : handle(attempt.onReceived(local, remote, msg));
  }

  /**
   * Meeting namespace: the holder of {@code slot} (reached through the last {@link Meeting}) is not the peer we look
   * for: the slot is shunned for the unit's life and the search goes on with the next slot.
   */
  Outcome rejected(int slot) {
    slots.shun(slot);
    searchSlot = Math.max(searchSlot, slot);
    return next();
  }

  /**
   * Meeting namespace: the link to the holder of {@code slot} ended without a verdict (closed, or not proved in time):
   * the slot is marked like an unanswered connect (§6.2), so later searches and probes try it again, and the search
   * goes on with the next slot.
   */
  Outcome unproven(int slot) {
    slots.markUnanswered(slot, ctx.now());
    searchSlot = Math.max(searchSlot, slot);
    return next();
  }

  private Outcome search() {
    stop();
    searchSlot = 0;
    return next();
  }

  private Outcome next() {
    if (attempt != null) {
      attempt.close(false);
      attempt = null;
    }
    redirects = 0;
    fromSearch = true;
    do {
      searchSlot++;
    } while (searchSlot <= ctx.ids.maxSlots() && slots.presumedDead(searchSlot, ctx.now()));
    if (searchSlot > ctx.ids.maxSlots()) {
      // Every slot is held by a dead router: wait until the first hold should have expired.
      ctx.schedule(TimerKey.Kind.RETRY, slots.retryAt(ctx.now()), null);
      return SEARCHING;
    }
    attempt = new SlotAttempt(ctx, held, SlotAttempt.Mode.JOIN, searchSlot, ctx.discoveryId(), backoff.timeout(), 0,
        null);
    return handle(attempt.start());
  }

  private Outcome handle(SlotAttempt.Result r) {
    if (r instanceof SlotAttempt.Pending) {
      return SEARCHING;
    }
    if (r instanceof SlotAttempt.Won w) {
      attempt.close(true);
      attempt = null;
      ctx.cancel(TIMERS);
      return new Router(w.slot());
    }
    if (r instanceof SlotAttempt.Welcomed w) {
      attempt.close(true);
      attempt = null;
      ctx.cancel(TIMERS);
      slots.markAlive(w.slot());
      backoff.answered(w.tookMillis());
      return new Member(w.slot(), w.remoteId(), w.snapshot());
    }
    if (r instanceof SlotAttempt.Opened o) {
      attempt.close(true); // the link is the application's now
      attempt = null;
      ctx.cancel(TIMERS);
      slots.markAlive(o.slot());
      backoff.answered(o.tookMillis());
      return new Meeting(o.slot(), o.localId(), o.remoteId());
    }
    if (r instanceof SlotAttempt.Redirected d) {
      int from = attempt.slot();
      attempt.close(false);
      attempt = null;
      if (++redirects > MAX_REDIRECTS) {
        slots.markUnanswered(from, ctx.now());
        return goOn();
      }
      return followNow(d.slotId());
    }
    if (r instanceof SlotAttempt.Failed f) {
      attempt.close(false);
      attempt = null;
      switch (f.why()) {
        case CLAIM_TIMED_OUT, CLAIM_LOST -> {
          if (f.why() == SlotAttempt.Failure.CLAIM_TIMED_OUT) {
            backoff.missed();
          }
          // Search again from slot 1 a little later (the signaling connection may recover).
          ctx.schedule(TimerKey.Kind.RETRY, ctx.now() + backoff.timeout(), null);
          return SEARCHING;
        }
        case TIMED_OUT -> {
          backoff.missed();
          slots.markUnanswered(f.slot(), ctx.now());
          return goOn();
        }
        default -> {
          slots.markUnanswered(f.slot(), ctx.now());
          return goOn();
        }
      }
    }
    throw new IllegalStateException("unknown attempt result " + r);
  }

  /** After a failed join: the search goes on after the slot it was at, or, for a follow, starts from slot 1. */
  private Outcome goOn() {
    return fromSearch ? next() : search();
  }
}
