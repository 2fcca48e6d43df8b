package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.MeshMessage;
import io.meshkit.mesh.core.wire.MeshWire;
import io.meshkit.mesh.core.wire.Split;
import java.util.List;
import java.util.function.Supplier;

/**
 * One try at one router slot (docs/PROTOCOL.md §6, §9): claim it; if it is taken, connect to its holder and check in
 * (or, for a split-brain probe, merge); then wait for the complete welcome. Each step has the current connect timeout.
 * The attempt only reports what happened ({@link Result}); the election or the probe decides what it means. After a
 * result other than {@link Pending}, the caller calls {@link #close} (keeping the link only when it becomes the
 * member's router link).
 */
final class SlotAttempt {

  /** What the attempt does with the slot. */
  enum Mode {
    /** Search: claim; if taken, connect from the Discovery ID and check in. */
    JOIN,
    /** Follow a {@code moved}: connect from the Discovery ID and check in, no claim. */
    FOLLOW,
    /** Split-brain probe: claim; if taken, connect from our router slot and merge. */
    MERGE
  }

  /** Why an attempt failed. */
  enum Failure {
    /** The claim got no answer in time (its signaling connection may be stuck). */
    CLAIM_TIMED_OUT,
    /** The claim's signaling connection failed. */
    CLAIM_LOST,
    /** The connect or the welcome took longer than the connect timeout. */
    TIMED_OUT,
    /** The connect failed, or the link closed before the welcome. */
    UNANSWERED,
    /** The holder refused us, redirected us too often, or answered nonsense. */
    REFUSED
  }

  /** What an event meant for the attempt. */
  sealed interface Result {}

  /** Nothing decided yet. */
  record Pending() implements Result {}

  /** We hold the slot now (claim won, or it was still ours). */
  record Won(int slot) implements Result {}

  /** A router welcomed us: the complete snapshot, on link (localId, remoteId), after {@code tookMillis}. */
  record Welcomed(int slot, String remoteId, Snapshot snapshot, long tookMillis) implements Result {}

  /**
   * Meeting namespace: the link to the slot's holder is open; it goes to the application (no check-in, no merge), which
   * proves who holds the slot.
   */
  record Opened(int slot, String localId, String remoteId, long tookMillis) implements Result {}

  /** The holder says its router is at slot ID {@code slotId} (a {@code moved}, or a welcome for another slot). */
  record Redirected(String slotId) implements Result {}

  /** The attempt failed. */
  record Failed(int slot, Failure why) implements Result {}

  private static final Result PENDING = new Pending();

  private enum Stage { CLAIMING, CONNECTING, WAITING, DONE }

  private final UnitContext ctx;
  private final HeldIds held;
  private final Mode mode;
  private final int slot;
  private final String slotId;
  private final String localId;
  private final long timeout;
  private final Supplier<List<Entry>> mergeEntries;
  private final int fromSlot;
  private final SnapshotAssembler assembler;
  private Stage stage;
  private long connectStartedAt;
  /** A connect was issued: its link (open or not yet) must be closed unless it becomes the router link. */
  private boolean connectIssued;

  /**
   * @param localId      the claimed ID to connect from: our Discovery ID, or (MERGE) our router slot ID
   * @param timeout      the connect timeout to use for each step
   * @param fromSlot     MERGE: our router slot (the welcome must come from a lower one); else 0
   * @param mergeEntries MERGE: our registry when the link opens; else null
   */
  SlotAttempt(UnitContext ctx, HeldIds held, Mode mode, int slot, String localId, long timeout, int fromSlot,
              Supplier<List<Entry>> mergeEntries) {
    this.ctx = ctx;
    this.held = held;
    this.mode = mode;
    this.slot = slot;
    this.slotId = ctx.ids.slotId(slot);
    this.localId = localId;
    this.timeout = timeout;
    this.fromSlot = fromSlot;
    this.mergeEntries = mergeEntries;
    this.assembler = new SnapshotAssembler(MeshConfig.MAX_MEMBERS_LIMIT);
  }

  int slot() {
    return slot;
  }

  String slotId() {
    return slotId;
  }

  Result start() {
    if (mode == Mode.FOLLOW) {
      connect();
      return PENDING;
    }
    if (held.holds(slotId)) {
      // Still ours from an earlier role (kept for releaseGrace after a move or merge): no claim needed, and the
      // adapter would not answer a second claim of an ID it holds.
      stage = Stage.DONE;
      return new Won(slot);
    }
    stage = Stage.CLAIMING;
    held.claim(slotId);
    // A claim the server never answers (or the adapter cannot place) must not stall the search.
    ctx.schedule(TimerKey.Kind.ATTEMPT, ctx.now() + timeout, slotId);
    return PENDING;
  }

  private void connect() {
    stage = Stage.CONNECTING;
    connectIssued = true;
    connectStartedAt = ctx.now();
    ctx.connect(localId, slotId);
    ctx.schedule(TimerKey.Kind.ATTEMPT, ctx.now() + timeout, slotId);
  }

  /** True when the link (local, remote) is this attempt's. */
  boolean isLink(String local, String remote) {
    return (stage == Stage.CONNECTING || stage == Stage.WAITING) && localId.equals(local) && slotId.equals(remote);
  }

  Result onIdClaimed(String id) {
    if (stage == Stage.CLAIMING && id.equals(slotId)) {
      stage = Stage.DONE;
      return new Won(slot);
    }
    return PENDING;
  }

  Result onIdTaken(String id) {
    if (stage == Stage.CLAIMING && id.equals(slotId)) {
      connect();
    }
    return PENDING;
  }

  Result onIdLost(String id) {
    if (stage == Stage.CLAIMING && id.equals(slotId)) {
      return fail(Failure.CLAIM_LOST);
    }
    return PENDING;
  }

  Result onConnected(String local, String remote) {
    if (stage != Stage.CONNECTING || !isLink(local, remote)) {
      return PENDING;
    }
    stage = Stage.WAITING;
    if (ctx.spec.meeting()) {
      stage = Stage.DONE;
      return new Opened(slot, localId, slotId, ctx.now() - connectStartedAt);
    }
    if (mode == Mode.MERGE) {
      for (MeshMessage.Merge m : Split.merge(fromSlot, mergeEntries.get(), MeshWire::size)) {
        ctx.send(localId, slotId, m);
      }
    } else {
      ctx.send(localId, slotId, ctx.checkIn());
    }
    return PENDING;
  }

  /** The connect failed or the link closed. */
  Result onLinkGone(String local, String remote) {
    return isLink(local, remote) ? fail(Failure.UNANSWERED) : PENDING;
  }

  Result onReceived(String local, String remote, MeshMessage msg) {
    if (stage != Stage.WAITING || !isLink(local, remote)) {
      return PENDING;
    }
    if (msg instanceof MeshMessage.Welcome w) {
      Snapshot s = assembler.add(w);
      return s == null ? PENDING : welcomed(s);
    }
    if (msg instanceof MeshMessage.Moved m && mode != Mode.MERGE) {
      stage = Stage.DONE;
      return ctx.ids.usableSlotOf(m.routerId()) > 0 ? new Redirected(m.routerId()) : new Failed(slot, Failure.REFUSED);
    }
    if (msg instanceof MeshMessage.Refused || msg instanceof MeshMessage.Moved) {
      return fail(Failure.REFUSED);
    }
    if (msg instanceof MeshMessage.Ping) {
      ctx.send(localId, slotId, new MeshMessage.Pong(MeshMessage.ABSENT));
    }
    return PENDING;
  }

  private Result welcomed(Snapshot s) {
    stage = Stage.DONE;
    long took = ctx.now() - connectStartedAt;
    if (mode == Mode.MERGE) {
      // A merge is taken only by a router below us; anything else is not the lower router we were looking for.
      return s.slot() < fromSlot && s.slot() == slot ? new Welcomed(slot, slotId, s, took)
          : new Failed(slot, Failure.REFUSED);
    }
    if (s.slot() != slot) {
      // Welcomed through an old slot of a router that has moved (it keeps the old one for releaseGrace): go to the
      // slot it holds now, or we would be left on a link that closes when the old slot is released.
      int now = s.slot() <= ctx.ids.maxSlots() ? s.slot() : -1;
      return now > 0 ? new Redirected(ctx.ids.slotId(now)) : new Failed(slot, Failure.REFUSED);
    }
    return new Welcomed(slot, slotId, s, took);
  }

  Result onTimeout(TimerKey key) {
    if (!slotId.equals(key.ref())) {
      return PENDING;
    }
    if (stage == Stage.CLAIMING) {
      return fail(Failure.CLAIM_TIMED_OUT);
    }
    if (stage == Stage.CONNECTING || stage == Stage.WAITING) {
      return fail(Failure.TIMED_OUT);
    }
    return PENDING;
  }

  private Result fail(Failure why) {
    Stage was = stage;
    stage = Stage.DONE;
    if (was == Stage.CLAIMING && why == Failure.CLAIM_TIMED_OUT) {
      // A stuck claim must not be reused by the next claim of the same ID: close its signaling connection.
      held.release(slotId);
    }
    return new Failed(slot, why);
  }

  /**
   * Ends the attempt: releases a claim still in flight, closes the link unless {@code keepLink}, and forgets the
   * timeout.
   */
  void close(boolean keepLink) {
    if (stage == Stage.CLAIMING) {
      held.release(slotId);
    }
    if (!keepLink && connectIssued) {
      ctx.disconnect(localId, slotId);
    }
    connectIssued = false;
    stage = Stage.DONE;
    ctx.cancel(TimerKey.Kind.ATTEMPT);
  }
}
