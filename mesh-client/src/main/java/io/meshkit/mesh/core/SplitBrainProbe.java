package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.List;
import java.util.function.Supplier;

/**
 * The split-brain probe of a router above slot 1 (docs/PROTOCOL.md §9): rounds start every {@code probeMillis} (the
 * first one period after it became router; a round that takes longer delays the next one to its end), and each tries
 * slots 1..k-1 in order with a {@link SlotAttempt} in MERGE mode: a free slot we claim and move to; a live router there
 * takes our merge and we join it; a silent holder is marked and the next slot tried; an unanswered claim ends the round.
 * So two routers of one namespace never coexist for longer than about one probe period plus a probe.
 */
final class SplitBrainProbe {

  /** What a probe came to. */
  sealed interface Outcome {}

  /** Nothing (yet). */
  record Nothing() implements Outcome {}

  /** We hold the lower slot {@code slot}: move there. */
  record MoveTo(int slot) implements Outcome {}

  /** The router of the lower slot {@code slot} took our merge: join it. */
  record MergedInto(int slot, Snapshot snapshot) implements Outcome {}

  /**
   * Meeting namespace: the link from our slot to the holder of the lower {@code slot} is open and goes to the
   * application; the probe waits for its verdict ({@link #rejected}, or the namespace ends).
   */
  record Meeting(int slot, String localId, String remoteId) implements Outcome {}

  private static final Outcome NOTHING = new Nothing();

  private final UnitContext ctx;
  private final HeldIds held;
  private final SlotBook slots;
  private final ConnectBackoff backoff;
  private int probing;
  private int mySlot;
  /** When the current (or last) round started: the next one starts {@code probeMillis} later, or when it ends. */
  private long roundStart;
  private Supplier<List<Entry>> entries;
  private SlotAttempt attempt;

  SplitBrainProbe(UnitContext ctx, HeldIds held, SlotBook slots, ConnectBackoff backoff) {
    this.ctx = ctx;
    this.held = held;
    this.slots = slots;
    this.backoff = backoff;
  }

  /** We became router of {@code slot}: probe lower slots every {@code probeMillis} while above slot 1. */
  void routing(int slot, Supplier<List<Entry>> registry) {
    stop();
    mySlot = slot;
    entries = registry;
    roundStart = ctx.now();
    if (slot > 1) {
      ctx.schedule(TimerKey.Kind.PROBE, ctx.now() + ctx.cfg.probeMillis(), null);
    }
  }

  /** The round moved us to the lower {@code slot}: the rounds go on at the same pace while we are above slot 1. */
  void moved(int slot) {
    mySlot = slot;
    endRound();
  }

  void stop() {
    if (attempt != null) {
      attempt.close(false);
      attempt = null;
    }
    probing = 0;
    ctx.cancel(TimerKey.Kind.PROBE);
    ctx.cancel(TimerKey.Kind.ATTEMPT);
  }

  boolean active() {
    return attempt != null;
  }

  boolean isLink(String local, String remote) {
    return attempt != null && attempt.isLink(local, remote);
  }

  Outcome onTimer(TimerKey key) {
    if (key.kind() == TimerKey.Kind.PROBE) {
      if (attempt == null && mySlot > 1) {
        probing = 0;
        roundStart = ctx.now();
        return next();
      }
      return NOTHING;
    }
    if (key.kind() == TimerKey.Kind.ATTEMPT) {
      return attempt == null ? NOTHING : handle(attempt.onTimeout(key));
    }
    throw new IllegalStateException("not a probe timer: " + key.kind());
  }

  Outcome onIdClaimed(String id) {
    return attempt == null ? NOTHING : handle(attempt.onIdClaimed(id));
  }

  Outcome onIdTaken(String id) {
    return attempt == null ? NOTHING : handle(attempt.onIdTaken(id));
  }

  Outcome onIdLost(String id) {
    return attempt == null ? NOTHING : handle(attempt.onIdLost(id));
  }

  Outcome onConnected(String local, String remote) {
    return attempt == null ? NOTHING : handle(attempt.onConnected(local, remote));
  }

  Outcome onLinkGone(String local, String remote) {
    return attempt == null ? NOTHING : handle(attempt.onLinkGone(local, remote));
  }

  Outcome onReceived(String local, String remote, MeshMessage msg) {
    return attempt == null ? NOTHING : handle(attempt.onReceived(local, remote, msg));
  }

  /** Meeting namespace: the holder of {@code slot} is not the peer we look for: shun it, probe on. */
  Outcome rejected(int slot) {
    slots.shun(slot);
    return attempt == null && mySlot > 1 ? next() : NOTHING;
  }

  /**
   * Meeting namespace: the link to the holder of {@code slot} is done with (met, or no verdict): the round goes on with
   * the next slot; the next round tries {@code slot} again.
   */
  Outcome released(int slot) {
    return attempt == null && mySlot > 1 ? next() : NOTHING;
  }

  private Outcome next() {
    if (attempt != null) {
      attempt.close(false);
      attempt = null;
    }
    do {
      probing++;
    } while (probing < mySlot && slots.shunned(probing));
    if (probing >= mySlot) {
      endRound();
      return NOTHING;
    }
    attempt = new SlotAttempt(ctx, held, SlotAttempt.Mode.MERGE, probing, ctx.ids.slotId(mySlot),
        backoff.timeout(), mySlot, entries);
    return handle(attempt.start());
  }

  /** The next round starts {@code probeMillis} after this one started, or now if this one took longer. */
  private void endRound() {
    probing = 0;
    if (mySlot > 1) {
      ctx.schedule(TimerKey.Kind.PROBE, Math.max(ctx.now(), roundStart + ctx.cfg.probeMillis()), null);
    }
  }

  private Outcome handle(SlotAttempt.Result r) {
    if (r instanceof SlotAttempt.Pending) {
      return NOTHING;
    }
    if (r instanceof SlotAttempt.Won w) {
      attempt.close(true);
      attempt = null;
      slots.markAlive(w.slot());
      return new MoveTo(w.slot());
    }
    if (r instanceof SlotAttempt.Opened o) {
      attempt.close(true); // the link is the application's now
      attempt = null;
      slots.markAlive(o.slot());
      backoff.answered(o.tookMillis());
      return new Meeting(o.slot(), o.localId(), o.remoteId());
    }
    if (r instanceof SlotAttempt.Welcomed w) {
      attempt.close(false); // we check in from our Discovery ID like any member; this link was the merge's
      attempt = null;
      slots.markAlive(w.slot());
      backoff.answered(w.tookMillis());
      return new MergedInto(w.slot(), w.snapshot());
    }
    if (r instanceof SlotAttempt.Failed f) {
      switch (f.why()) {
        case CLAIM_TIMED_OUT, CLAIM_LOST -> {
          if (f.why() == SlotAttempt.Failure.CLAIM_TIMED_OUT) {
            backoff.missed();
          }
          // Says nothing about the slot (our signaling connection may be stuck): no mark; the round ends.
          attempt.close(false);
          attempt = null;
          endRound();
          return NOTHING;
        }
        case TIMED_OUT -> {
          // A slot whose router vanished is presumed held by a dead client: its silence says nothing about our
          // connect time, so it does not back the timeout off (probing it every period must stay cheap).
          if (!slots.vanished(f.slot(), ctx.now())) {
            backoff.missed();
            slots.markUnanswered(f.slot(), ctx.now());
          }
          return next();
        }
        default -> {
          slots.markUnanswered(f.slot(), ctx.now());
          return next();
        }
      }
    }
    throw new IllegalStateException("unexpected probe result " + r);
  }
}
