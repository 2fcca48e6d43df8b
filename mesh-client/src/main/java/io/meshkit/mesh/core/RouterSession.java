package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Our time as router of one slot (docs/PROTOCOL.md §8): the registry, admission of the links accepted on our slot,
 * check-ins, merges from higher routers, batched delta pushes, the heartbeat (eviction, pings), provisional entries
 * and the clean exit. The split-brain probe of lower slots is a separate part ({@link SplitBrainProbe}).
 */
final class RouterSession {

  /** Per link: at most this many messages at once (docs/PROTOCOL.md §8.2). */
  static final int LINK_BURST = 100;
  /** Per link: one more message allowed every this many ms (20 per second). */
  static final long LINK_REFILL_MILLIS = 50;
  /** Per link: at most this many snapshots (check-ins and resyncs) at once. */
  static final int SNAPSHOT_BURST = 4;
  /** Per link: one more snapshot every this many ms. */
  static final long SNAPSHOT_REFILL_MILLIS = 10_000;

  static final EnumSet<TimerKey.Kind> TIMERS = EnumSet.of(TimerKey.Kind.PUSH, TimerKey.Kind.HEARTBEAT,
      TimerKey.Kind.RECHECK_GRACE, TimerKey.Kind.ADMISSION);

  private final UnitContext ctx;
  private final Announcer told;
  private final Registry registry;
  private final Admission admission;
  private int slot;
  private String slotId;
  private boolean pushScheduled;
  private long lastHeartbeat;

  /** Router of {@code slot}, importing {@code cached} (what we knew as a member) as provisional entries. */
  RouterSession(UnitContext ctx, Announcer told, int slot, List<Entry> cached) {
    this.ctx = ctx;
    this.told = told;
    this.slot = slot;
    this.slotId = ctx.ids.slotId(slot);
    this.registry = new Registry(ctx.discoveryId());
    this.admission = new Admission(ctx);
    registry.putSelf(ctx.self(), ctx.wallClock(), ctx.now());
    // The imported members re-check in (they search too) or are dropped after the grace.
    if (registry.importProvisional(cached, ctx.now(), ctx.now() + ctx.cfg.recheckGraceMillis(),
        ctx.cfg.maxMembers())) {
      ctx.schedule(TimerKey.Kind.RECHECK_GRACE, ctx.now() + ctx.cfg.recheckGraceMillis(), null);
    }
    registry.clearTouched();
    lastHeartbeat = ctx.now();
    ctx.schedule(TimerKey.Kind.HEARTBEAT, ctx.now() + ctx.cfg.heartbeatMillis(), null);
    told.dirty();
  }

  int slot() {
    return slot;
  }

  String slotId() {
    return slotId;
  }

  List<Member> network() {
    return registry.others();
  }

  /** Our registry for a merge into a lower router: every entry, ours included (so we stay listed meanwhile). */
  List<Entry> entriesForMerge() {
    return registry.entries();
  }

  /** Everything we know, but us: the cache if we stop being router (we import it again if we win a slot). */
  List<Entry> cache() {
    return registry.othersEntries();
  }

  // ---------------------------------------------------------------- links

  /** A link was accepted on our slot: open its gate, or refuse it at once. */
  void onInbound(String local, String remote) {
    if (admission.classify(remote, slot) == null) {
      refuse(local, remote, "wrong-namespace");
    } else if (admission.open(local, remote, slot) == null) {
      refuse(local, remote, "full"); // more links than a PeerJS ID can hold
    } else {
      // A new connection with the pair of a checked-in member replaced its link (the adapter hid the old one's
      // close): it is a new link, which checks in again before anything is pushed on it (docs/PROTOCOL.md §8.2).
      registry.unlink(remote, local);
    }
  }

  void onLinkGone(String local, String remote) {
    admission.close(local, remote);
    if (local.equals(registry.viaOf(remote)) && registry.remove(remote)) {
      changed();
    }
  }

  /** A message the decoder discarded: it only costs the link a token. */
  void onDiscarded(String local, String remote) {
    Admission.Gate g = admission.gate(local, remote);
    if (g != null && !Admission.charge(g, ctx.now())) {
      overdrawn(local, remote);
    }
  }

  void onReceived(String local, String remote, MeshMessage msg) {
    Admission.Gate g = admission.gate(local, remote);
    if (g == null) {
      return; // not a link we admitted (its gate was closed): ignore
    }
    if (!Admission.charge(g, ctx.now())) {
      overdrawn(local, remote);
      return;
    }
    registry.heard(remote, ctx.now());
    if (g.kind == Admission.Kind.MERGER) {
      if (msg instanceof MeshMessage.Merge m) {
        merge(local, remote, g, m);
      }
      return;
    }
    if (msg instanceof MeshMessage.CheckIn c) {
      checkIn(local, remote, g, c);
    } else if (!g.admitted) {
      return; // nothing but a check-in counts before it
    } else if (msg instanceof MeshMessage.Resync) {
      if (Admission.snapshot(g, ctx.now())) {
        sendWelcome(local, remote);
      }
    } else if (msg instanceof MeshMessage.Ping) {
      ctx.send(local, remote, new MeshMessage.Pong(registry.version()));
    }
  }

  private void checkIn(String local, String remote, Admission.Gate g, MeshMessage.CheckIn c) {
    if (!c.discoveryId().equals(remote)) {
      refuse(local, remote, "wrong-link"); // a peer can only check in itself: the server vouches for the remote ID
      return;
    }
    if (!local.equals(slotId)) {
      // A late check-in on the slot we moved away from: send it where we are now.
      ctx.send(local, remote, new MeshMessage.Moved(slotId));
      return;
    }
    if (!registry.contains(remote) && registry.size() >= ctx.cfg.maxMembers()) {
      refuse(local, remote, "full");
      return;
    }
    if (!Admission.snapshot(g, ctx.now())) {
      return; // over the snapshot budget: ignored, changed fields included (re-check-ins are rate limited)
    }
    String uuid = c.discoveryUuid() != null ? c.discoveryUuid() : ctx.ids.uuidOf(remote);
    String transport = c.transportId() != null ? c.transportId() : registry.transportIdOf(remote);
    Member m;
    try {
      m = new Member(remote, c.friendlyName(), uuid, transport);
    } catch (IllegalArgumentException e) {
      refuse(local, remote, "invalid");
      return;
    }
    g.admitted = true;
    if (registry.upsertConfirmed(m, ctx.wallClock(), ctx.now(), local)) {
      changed();
    }
    sendWelcome(local, remote);
  }

  private void merge(String local, String remote, Admission.Gate g, MeshMessage.Merge m) {
    if (!local.equals(slotId)) {
      return; // on a slot we moved away from and keep for the grace: only check-ins are answered there (§8.8)
    }
    if (m.slot() != ctx.ids.slotOf(remote) || m.slot() <= slot) {
      refuse(local, remote, "wrong-link");
      return;
    }
    boolean first = !g.admitted;
    g.admitted = true;
    List<Entry> fresh = new ArrayList<>();
    for (Entry e : m.entries()) {
      if (ctx.ids.isDiscoveryId(e.discoveryId())) {
        fresh.add(e);
      }
    }
    long keep = ctx.now() + ctx.cfg.recheckGraceMillis();
    if (registry.importProvisional(fresh, ctx.now(), keep, ctx.cfg.maxMembers())) {
      changed();
      ctx.schedule(TimerKey.Kind.RECHECK_GRACE, registry.nextProvisionalExpiry(), null);
    }
    if (first) {
      // One answer per merge conversation is what the prober waits for; a split merge's later parts add entries only.
      sendWelcome(local, remote);
    }
  }

  private void sendWelcome(String local, String remote) {
    for (MeshMessage.Welcome w : registry.welcome(slot)) {
      ctx.send(local, remote, w);
    }
  }

  private void refuse(String local, String remote, String reason) {
    ctx.send(local, remote, new MeshMessage.Refused(reason));
    ctx.disconnect(local, remote);
    admission.close(local, remote);
    if (local.equals(registry.viaOf(remote)) && registry.remove(remote)) {
      changed();
    }
  }

  private void overdrawn(String local, String remote) {
    refuse(local, remote, "too-many-messages");
  }

  // ---------------------------------------------------------------- pushes and timers

  private void changed() {
    told.dirty();
    if (!pushScheduled) {
      pushScheduled = true;
      ctx.schedule(TimerKey.Kind.PUSH, ctx.now() + ctx.cfg.pushDelayMillis(), null);
    }
  }

  private void push() {
    pushScheduled = false;
    List<MeshMessage.Delta> deltas = registry.flush();
    if (deltas.isEmpty()) {
      return;
    }
    for (Registry.Link l : registry.confirmedLinks()) {
      for (MeshMessage.Delta d : deltas) {
        ctx.send(l.via(), l.discoveryId(), d);
      }
    }
  }

  void onTimer(TimerKey key) {
    switch (key.kind()) {
      case PUSH -> push();
      case HEARTBEAT -> heartbeat();
      case RECHECK_GRACE -> {
        if (!registry.expire(ctx.now(), Long.MIN_VALUE).isEmpty()) {
          changed();
        }
        long next = registry.nextProvisionalExpiry();
        if (next != Long.MAX_VALUE) {
          ctx.schedule(TimerKey.Kind.RECHECK_GRACE, next, null);
        }
      }
      case ADMISSION -> {
        for (Registry.Link late : admission.expired()) {
          refuse(late.via(), late.discoveryId(), "too-slow"); // a member whose new link never checked in leaves
        }
      }
      default -> throw new IllegalStateException("not a router timer: " + key.kind());
    }
  }

  private void heartbeat() {
    for (Registry.Link gone : registry.expire(ctx.now(), ctx.now() - ctx.cfg.ttlMillis())) {
      if (gone.via() != null) {
        ctx.disconnect(gone.via(), gone.discoveryId());
        admission.close(gone.via(), gone.discoveryId());
      }
      changed();
    }
    // Members ping us every heartbeat; ping only those we have not heard from since the last one.
    MeshMessage.Ping ping = new MeshMessage.Ping(registry.version());
    for (Registry.Link l : registry.silentSince(lastHeartbeat)) {
      ctx.send(l.via(), l.discoveryId(), ping);
    }
    lastHeartbeat = ctx.now();
    ctx.schedule(TimerKey.Kind.HEARTBEAT, ctx.now() + ctx.cfg.heartbeatMillis(), null);
  }

  // ---------------------------------------------------------------- moves, merges, exits

  /**
   * We won the lower slot {@code newSlot}: tell the members; the caller keeps the old slot for releaseGrace. The
   * members become provisional at once: each closes its old link before it checks in at the new slot, and that close
   * must not take it off everyone's list in between.
   */
  void moveTo(int newSlot) {
    String old = slotId;
    slot = newSlot;
    slotId = ctx.ids.slotId(newSlot);
    MeshMessage.Moved moved = new MeshMessage.Moved(slotId);
    for (Registry.Link l : registry.confirmedLinks()) {
      ctx.send(l.via(), l.discoveryId(), moved);
    }
    registry.demoteLinksOn(old, ctx.now() + ctx.cfg.recheckGraceMillis());
    if (registry.nextProvisionalExpiry() != Long.MAX_VALUE) {
      ctx.schedule(TimerKey.Kind.RECHECK_GRACE, registry.nextProvisionalExpiry(), null);
    }
    told.dirty();
  }

  /** The old slot {@code id} was released (its links closed): members still on it become provisional. */
  void onSlotReleased(String id) {
    admission.closeAllOn(id);
    long keep = ctx.now() + ctx.cfg.recheckGraceMillis();
    registry.demoteLinksOn(id, keep);
    if (registry.nextProvisionalExpiry() != Long.MAX_VALUE) {
      ctx.schedule(TimerKey.Kind.RECHECK_GRACE, registry.nextProvisionalExpiry(), null);
    }
  }

  /** A lower router took our merge: send our members there. */
  void mergedInto(String lowerSlotId) {
    MeshMessage.Moved moved = new MeshMessage.Moved(lowerSlotId);
    for (Registry.Link l : registry.confirmedLinks()) {
      ctx.send(l.via(), l.discoveryId(), moved);
    }
  }

  /** Clean exit: {@code leaving(successor)} to every member. */
  void leave() {
    MeshMessage.Leaving bye = new MeshMessage.Leaving(registry.successor());
    for (Registry.Link l : registry.confirmedLinks()) {
      ctx.send(l.via(), l.discoveryId(), bye);
    }
  }

  /** We lost our slot or stopped routing: close every member link; forget the timers. */
  void end(boolean closeLinks) {
    if (closeLinks) {
      for (Registry.Link l : registry.memberLinks()) {
        ctx.disconnect(l.via(), l.discoveryId());
      }
    }
    ctx.cancel(TIMERS);
  }

  /** Our Transport ID (or name) changed: update our own entry. */
  void selfChanged() {
    registry.putSelf(ctx.self(), ctx.wallClock(), ctx.now());
    changed();
  }
}
