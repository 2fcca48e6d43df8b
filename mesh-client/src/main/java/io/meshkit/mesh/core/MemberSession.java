package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.EnumSet;
import java.util.List;

/**
 * Our time as a member of one router (docs/PROTOCOL.md §7): the link from our Discovery ID to the router's slot, our
 * copy of its registry (snapshots in parts, deltas in version order, resync on a gap), our pings every heartbeat, and
 * the end of it: the router leaves cleanly, moves, or is lost (link closed, ICE, TTL of silence).
 */
final class MemberSession {

  /** What an event meant for the session. */
  sealed interface Outcome {}

  /** Still a member. */
  record Stay() implements Outcome {}

  /**
   * The router is gone without a goodbye: {@code vanished} when its link closed or went silent (its slot is presumed
   * held by a dead client), not when it refused us (it is alive, we just cannot use it).
   */
  record Lost(boolean vanished) implements Outcome {}

  /** The router said {@code leaving}; {@code successorIsUs} when it named us. */
  record Left(boolean successorIsUs) implements Outcome {}

  /** The router moved (or merged) to slot ID {@code slotId}. */
  record Follow(String slotId) implements Outcome {}

  private static final Outcome STAY = new Stay();
  static final EnumSet<TimerKey.Kind> TIMERS = EnumSet.of(TimerKey.Kind.MEMBER_PING, TimerKey.Kind.ROUTER_SILENCE);

  private final UnitContext ctx;
  final int slot;
  final String routerSlotId;
  private final MemberCopy copy;
  private final SnapshotAssembler assembler;
  private String routerDiscoveryId;
  private long lastHeard;
  /** When we last asked for a snapshot; we do not ask again within the router's snapshot refill interval. */
  private long resyncAskedAt = Long.MIN_VALUE;
  private final Announcer told;

  MemberSession(UnitContext ctx, int slot, String routerSlotId, Snapshot snapshot, Announcer told) {
    this.ctx = ctx;
    this.slot = slot;
    this.routerSlotId = routerSlotId;
    this.copy = new MemberCopy(ctx.ids);
    this.assembler = new SnapshotAssembler(MeshConfig.MAX_MEMBERS_LIMIT);
    this.told = told;
    copy.apply(snapshot);
    routerDiscoveryId = snapshot.routerDiscoveryId();
    lastHeard = ctx.now();
    told.dirty();
    ctx.schedule(TimerKey.Kind.MEMBER_PING, ctx.now() + ctx.cfg.heartbeatMillis(), null);
    ctx.schedule(TimerKey.Kind.ROUTER_SILENCE, ctx.now() + ctx.cfg.ttlMillis(), null);
  }

  boolean isRouterLink(String local, String remote) {
    return ctx.discoveryId().equals(local) && routerSlotId.equals(remote);
  }

  boolean isSuccessor() {
    return ctx.discoveryId().equals(copy.successor());
  }

  /** The registry as we last knew it, without the router (what we import if we become router). */
  List<Entry> cacheWithoutRouter() {
    copy.remove(routerDiscoveryId);
    return copy.entries();
  }

  List<Member> network() {
    return copy.others(ctx.discoveryId());
  }

  Outcome onReceived(MeshMessage msg) {
    lastHeard = ctx.now();
    if (msg instanceof MeshMessage.Delta d) {
      if (assembler.assembling()) {
        return STAY; // a snapshot is coming; a gap after it is noticed then
      }
      MemberCopy.Applied r = copy.apply(d);
      if (r == MemberCopy.Applied.APPLIED) {
        told.dirty();
      } else if (r == MemberCopy.Applied.GAP) {
        resync();
      }
    } else if (msg instanceof MeshMessage.Ping p) {
      ctx.send(ctx.discoveryId(), routerSlotId, new MeshMessage.Pong(MeshMessage.ABSENT));
      behind(p.version());
    } else if (msg instanceof MeshMessage.Pong p) {
      behind(p.version());
    } else if (msg instanceof MeshMessage.Welcome w) {
      Snapshot s = assembler.add(w);
      if (s != null) {
        if (s.slot() != slot) {
          return s.slot() <= ctx.ids.maxSlots() ? new Follow(ctx.ids.slotId(s.slot())) : STAY;
        }
        copy.apply(s);
        routerDiscoveryId = s.routerDiscoveryId();
        resyncAskedAt = Long.MIN_VALUE;
        told.dirty();
      }
    } else if (msg instanceof MeshMessage.Moved m) {
      if (ctx.ids.usableSlotOf(m.routerId()) > 0) {
        return new Follow(m.routerId()); // only a slot of our own namespace: a router cannot send us elsewhere
      }
    } else if (msg instanceof MeshMessage.Leaving l) {
      return new Left(l.successor().equals(ctx.discoveryId()));
    } else if (msg instanceof MeshMessage.Refused) {
      return new Lost(false);
    }
    return STAY;
  }

  private void behind(long routerVersion) {
    if (routerVersion != MeshMessage.ABSENT && routerVersion > copy.version()) {
      resync();
    }
  }

  private void resync() {
    long refill = RouterSession.SNAPSHOT_REFILL_MILLIS;
    if (resyncAskedAt == Long.MIN_VALUE || ctx.now() - resyncAskedAt >= refill) {
      resyncAskedAt = ctx.now();
      ctx.send(ctx.discoveryId(), routerSlotId, new MeshMessage.Resync());
    }
  }

  Outcome onTimer(TimerKey key) {
    switch (key.kind()) {
      case MEMBER_PING -> {
        ctx.send(ctx.discoveryId(), routerSlotId, new MeshMessage.Ping(MeshMessage.ABSENT));
        ctx.schedule(TimerKey.Kind.MEMBER_PING, ctx.now() + ctx.cfg.heartbeatMillis(), null);
        return STAY;
      }
      case ROUTER_SILENCE -> {
        if (ctx.now() - lastHeard >= ctx.cfg.ttlMillis()) {
          return new Lost(true);
        }
        ctx.schedule(TimerKey.Kind.ROUTER_SILENCE, lastHeard + ctx.cfg.ttlMillis(), null);
        return STAY;
      }
      default -> throw new IllegalStateException("not a member timer: " + key.kind());
    }
  }

  /** Our Transport ID (or name) changed: check in again on the same link. */
  void checkInAgain() {
    ctx.send(ctx.discoveryId(), routerSlotId, ctx.checkIn());
  }

  /** Ends the session: closes the router link, forgets its timers. */
  void end() {
    ctx.disconnect(ctx.discoveryId(), routerSlotId);
    ctx.cancel(TIMERS);
  }
}
