package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protocol in one namespace (docs/PROTOCOL.md §6–§9, §14): it holds the namespace's Discovery ID, then is in one
 * phase at a time, each owned by one part: {@link Election} while searching, {@link MemberSession} as a member,
 * {@link RouterSession} and {@link SplitBrainProbe} as router. This class only routes events to the part of the current
 * phase and carries out the transitions the parts ask for; the parts own their state.
 */
final class NamespaceUnit implements Unit {

  private enum Phase { IDLE, CLAIMING_DISCOVERY, ELECTING, MEMBER, ROUTER, STOPPED }

  private final UnitContext ctx;
  private final HeldIds held;
  private final SlotBook slots;
  private final ConnectBackoff backoff;
  private final Announcer told;
  private final Election election;
  private final SplitBrainProbe probe;
  private Phase phase = Phase.IDLE;
  private boolean discoveryHeld;
  /** Wait before claiming the Discovery ID again after ID-TAKEN: doubles from the connect timeout up to heldId. */
  private long discoveryRetryMillis;
  private MemberSession member;
  private RouterSession router;
  /**
   * Slots kept for releaseGrace after a move or merge (a RELEASE_SLOT timer each), with the slot ID where the router went:
   * a check-in arriving on one is answered with {@code moved} there (docs/PROTOCOL.md §8.8).
   */
  private final Map<String, String> releasing = new LinkedHashMap<>();
  /** The registry as we last knew it (without ourselves): imported if we become router. */
  private List<Entry> cache = List.of();

  NamespaceUnit(UnitContext ctx) {
    this.ctx = ctx;
    this.held = new HeldIds(ctx);
    this.slots = new SlotBook(ctx.cfg);
    this.backoff = new ConnectBackoff(ctx.cfg.connectTimeoutMillis());
    this.told = new Announcer(ctx.spec.label());
    this.election = new Election(ctx, held, slots, backoff);
    this.probe = new SplitBrainProbe(ctx, held, slots, backoff);
    this.discoveryRetryMillis = ctx.cfg.connectTimeoutMillis();
  }

  @Override
  public String label() {
    return ctx.spec.label();
  }

  @Override
  public long id() {
    return ctx.unit;
  }

  @Override
  public String discoveryId() {
    return ctx.discoveryId();
  }

  /** {@code prefix-ns-}: every ID of this namespace starts with it. */
  @Override
  public String base() {
    return ctx.ids.base;
  }

  /** True when {@code id} is one of this namespace's IDs (its Discovery ID or a slot). */
  @Override
  public boolean owns(String id) {
    return ctx.ids.owns(id);
  }

  @Override
  public Role role() {
    return told.role();
  }

  @Override
  public String routerId() {
    return told.routerId();
  }

  @Override
  public List<io.meshkit.mesh.core.wire.Member> network() {
    return told.network();
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void start() {
    if (phase != Phase.IDLE) {
      return;
    }
    phase = Phase.CLAIMING_DISCOVERY;
    // Connects go out from the Discovery ID's signaling connection, so the election waits for it.
    held.claim(ctx.discoveryId());
  }

  /** Leaves cleanly: the router says goodbye, a member closes its link, every ID is released. */
  @Override
  public void stop() {
    if (phase == Phase.ROUTER) {
      router.leave();
      router.end(false);
      probe.stop();
    } else if (phase == Phase.MEMBER) {
      member.end();
    }
    election.stop();
    held.releaseAll();
    releasing.clear();
    phase = Phase.STOPPED;
    told.forgetRole();
  }

  @Override
  public void transportChanged() {
    if (phase == Phase.MEMBER) {
      member.checkInAgain();
    } else if (phase == Phase.ROUTER) {
      router.selfChanged();
    }
    tell();
  }

  // ---------------------------------------------------------------- signaling events

  @Override
  public void onIdClaimed(String id) {
    if (id.equals(ctx.discoveryId())) {
      held.claimed(id);
      discoveryHeld = true;
      discoveryRetryMillis = ctx.cfg.connectTimeoutMillis();
      if (phase == Phase.CLAIMING_DISCOVERY) {
        phase = Phase.ELECTING;
        election.startAfter(0);
      }
      return;
    }
    if (!held.claimed(id)) {
      ctx.emit(new Effect.ReleaseId(id)); // a claim we gave up on was answered anyway
      return;
    }
    if (phase == Phase.ELECTING) {
      apply(election.onIdClaimed(id));
    } else if (phase == Phase.ROUTER) {
      apply(probe.onIdClaimed(id));
    }
    if (!wanted(id)) {
      held.release(id);
    }
  }

  /** An ID we hold is wanted while it is our Discovery ID, our router slot, or kept for releaseGrace. */
  private boolean wanted(String id) {
    return id.equals(ctx.discoveryId()) || releasing.containsKey(id)
        || (phase == Phase.ROUTER && id.equals(router.slotId()));
  }

  @Override
  public void onIdTaken(String id) {
    held.gone(id);
    if (id.equals(ctx.discoveryId())) {
      // Same data restarted after a crash (the old socket may hold our ID for alive_timeout), a second instance with
      // the same data, or someone who took the ID while we had lost it: retry, backing off up to heldId.
      ctx.notify(new Notification.Fault(label(), "discovery ID is held on the signaling server; retrying"));
      ctx.schedule(TimerKey.Kind.DISCOVERY_RETRY, ctx.now() + discoveryRetryMillis, null);
      discoveryRetryMillis = Math.min(discoveryRetryMillis * 2, Math.max(ctx.cfg.heldIdMillis(),
          ctx.cfg.connectTimeoutMillis()));
      return;
    }
    if (phase == Phase.ELECTING) {
      apply(election.onIdTaken(id));
    } else if (phase == Phase.ROUTER) {
      apply(probe.onIdTaken(id));
    }
  }

  @Override
  public void onIdLost(String id) {
    held.gone(id);
    releasing.remove(id);
    if (id.equals(ctx.discoveryId())) {
      discoveryLost();
      return;
    }
    if (phase == Phase.ROUTER && id.equals(router.slotId())) {
      // Nobody can reach us as router any more: keep the list as a cache and elect again.
      cache = router.cache();
      router.end(true);
      probe.stop();
      router = null;
      toElecting(ctx.jitter(ctx.cfg.jitterMillis()));
    } else if (phase == Phase.ELECTING) {
      apply(election.onIdLost(id));
    } else if (phase == Phase.ROUTER) {
      apply(probe.onIdLost(id));
    }
  }

  /**
   * Our Discovery ID is gone from the signaling server (docs/PROTOCOL.md §3.1), and with it the links opened from it. A
   * member's router did nothing wrong: no mark, the list is kept, and the search starts again once we hold the ID. A
   * router goes on routing (its links are on the slot ID) and claims the ID again meanwhile.
   */
  private void discoveryLost() {
    discoveryHeld = false;
    if (phase == Phase.MEMBER) {
      cache = member.cacheWithoutRouter();
      member.end();
      member = null;
      phase = Phase.CLAIMING_DISCOVERY;
    } else if (phase == Phase.ELECTING) {
      election.stop();
      phase = Phase.CLAIMING_DISCOVERY;
    }
    held.claim(ctx.discoveryId());
  }

  // ---------------------------------------------------------------- links

  @Override
  public void onConnected(String local, String remote, boolean inbound) {
    if (inbound) {
      onInbound(local, remote);
    } else if (phase == Phase.ELECTING) {
      apply(election.onConnected(local, remote));
    } else if (phase == Phase.ROUTER && probe.isLink(local, remote)) {
      apply(probe.onConnected(local, remote));
    } else {
      ctx.disconnect(local, remote); // a connect we gave up on opened anyway
    }
  }

  private void onInbound(String local, String remote) {
    if (phase == Phase.ROUTER && (local.equals(router.slotId()) || releasing.containsKey(local))) {
      router.onInbound(local, remote);
    } else if (!local.equals(ctx.discoveryId()) && releasing.containsKey(local)) {
      return; // a slot we keep for releaseGrace: a check-in there is answered with moved (onReceived)
    } else {
      // docs/PROTOCOL.md §8.8: a link on our Discovery ID is a contact request, which the runtime hands to the contacts
      // part before it gets here (one that does get here has nobody to take it); a slot we do not route takes none.
      ctx.disconnect(local, remote);
    }
  }

  @Override
  public void onLinkGone(String local, String remote) {
    if (phase == Phase.ELECTING) {
      apply(election.onLinkGone(local, remote));
    } else if (phase == Phase.MEMBER && member.isRouterLink(local, remote)) {
      memberLost(true);
    } else if (phase == Phase.ROUTER) {
      if (probe.isLink(local, remote)) {
        apply(probe.onLinkGone(local, remote));
      } else {
        router.onLinkGone(local, remote);
      }
    }
  }

  @Override
  public void onReceived(String local, String remote, MeshMessage msg) {
    switch (phase) {
      case ELECTING -> {
        if (election.isAttemptLink(local, remote)) {
          apply(election.onReceived(local, remote, msg));
        } else {
          answerLateCheckIn(local, remote, msg);
        }
      }
      case MEMBER -> {
        if (member.isRouterLink(local, remote)) {
          apply(member.onReceived(msg));
        } else {
          answerLateCheckIn(local, remote, msg);
        }
      }
      case ROUTER -> {
        if (probe.isLink(local, remote)) {
          apply(probe.onReceived(local, remote, msg));
        } else {
          router.onReceived(local, remote, msg);
        }
      }
      default -> { }
    }
  }

  /**
   * A check-in on a slot we keep after a merge: tell it where the router went. The link stays open (the member closes
   * it when it follows; the release of the slot closes the rest), so the notice is not lost to a close.
   */
  private void answerLateCheckIn(String local, String remote, MeshMessage msg) {
    String target = releasing.get(local);
    if (msg instanceof MeshMessage.CheckIn && target != null) {
      ctx.send(local, remote, new MeshMessage.Moved(target));
    }
  }

  @Override
  public void onDiscarded(String local, String remote) {
    if (phase == Phase.ROUTER && !probe.isLink(local, remote)) {
      router.onDiscarded(local, remote);
    }
  }

  /** Network namespaces hand off no links. */
  @Override
  public void onMeetingEnded(String local, String remote, MeetingVerdict verdict) {}

  // ---------------------------------------------------------------- timers

  @Override
  public void onTimer(TimerKey key) {
    if (!ctx.fire(key)) {
      return; // superseded or cancelled
    }
    switch (key.kind()) {
      case DISCOVERY_RETRY -> {
        if (!discoveryHeld && phase != Phase.STOPPED) {
          held.claim(ctx.discoveryId());
        }
      }
      case ELECTION, RETRY -> {
        if (phase == Phase.ELECTING) {
          apply(election.onTimer(key));
        }
      }
      case ATTEMPT -> {
        if (phase == Phase.ELECTING) {
          apply(election.onTimer(key));
        } else if (phase == Phase.ROUTER) {
          apply(probe.onTimer(key));
        }
      }
      case MEMBER_PING, ROUTER_SILENCE -> {
        if (phase == Phase.MEMBER) {
          apply(member.onTimer(key));
        }
      }
      case PUSH, HEARTBEAT, RECHECK_GRACE, ADMISSION -> {
        if (phase == Phase.ROUTER) {
          router.onTimer(key);
        }
      }
      case PROBE -> {
        if (phase == Phase.ROUTER) {
          apply(probe.onTimer(key));
        }
      }
      case RELEASE_SLOT -> release(key.ref());
      default -> throw new IllegalStateException("unknown timer kind " + key.kind());
    }
  }

  private void release(String id) {
    if (releasing.remove(id) == null || (phase == Phase.ROUTER && id.equals(router.slotId()))) {
      return;
    }
    held.release(id);
    if (phase == Phase.ROUTER) {
      router.onSlotReleased(id);
    }
  }

  private void keepForGrace(String slotId, String target) {
    releasing.put(slotId, target);
    ctx.schedule(TimerKey.Kind.RELEASE_SLOT, ctx.now() + ctx.cfg.releaseGraceMillis(), slotId);
  }

  // ---------------------------------------------------------------- transitions

  private void apply(Election.Outcome o) {
    if (o instanceof Election.Router r) {
      becomeRouter(r.slot());
    } else if (o instanceof Election.Member m) {
      becomeMember(m);
    } else if (!(o instanceof Election.Searching)) {
      throw new IllegalStateException("unknown election outcome " + o);
    }
  }

  private void apply(MemberSession.Outcome o) {
    if (o instanceof MemberSession.Lost l) {
      memberLost(l.vanished());
    } else if (o instanceof MemberSession.Left l) {
      // Clean exit: the slot is free at once (socket close), so it is not dead, even if an earlier connect to it went
      // unanswered (a stale mark would make us skip the slot everyone else claims, and split the mesh).
      slots.markAlive(member.slot);
      cache = member.cacheWithoutRouter();
      member.end();
      member = null;
      toElecting(l.successorIsUs() ? ctx.cfg.handoverDelayMillis()
          : ctx.cfg.handoverDelayMillis() + ctx.jitter(ctx.cfg.cleanJitterMillis()));
    } else if (o instanceof MemberSession.Follow f) {
      cache = member.cacheWithoutRouter();
      member.end();
      member = null;
      follow(f.slotId());
    } else if (!(o instanceof MemberSession.Stay)) {
      throw new IllegalStateException("unknown member outcome " + o);
    }
  }

  private void apply(SplitBrainProbe.Outcome o) {
    if (o instanceof SplitBrainProbe.MoveTo m) {
      String old = router.slotId();
      router.moveTo(m.slot());
      keepForGrace(old, router.slotId()); // so the moved notice reaches members before their links close
      probe.moved(m.slot());
    } else if (o instanceof SplitBrainProbe.MergedInto m) {
      String lower = ctx.ids.slotId(m.slot());
      router.mergedInto(lower);
      keepForGrace(router.slotId(), lower);
      router.end(false);
      router = null;
      probe.stop();
      cache = withoutUs(m.snapshot().entries());
      follow(lower);
    } else if (!(o instanceof SplitBrainProbe.Nothing)) {
      throw new IllegalStateException("unknown probe outcome " + o);
    }
  }

  private void memberLost(boolean vanished) {
    if (vanished) {
      slots.markVanished(member.slot, ctx.now());
    } else {
      slots.markUnanswered(member.slot, ctx.now());
    }
    // The designated successor (named by the router) goes at once; the rest after a jitter.
    boolean successor = member.isSuccessor();
    cache = member.cacheWithoutRouter();
    member.end();
    member = null;
    toElecting(successor ? 0 : ctx.jitter(ctx.cfg.jitterMillis()));
  }

  /** Searches after {@code delay}; without our Discovery ID (lost, being claimed again) once we hold it. */
  private void toElecting(long delay) {
    if (!discoveryHeld) {
      phase = Phase.CLAIMING_DISCOVERY;
      return;
    }
    phase = Phase.ELECTING;
    election.startAfter(delay);
  }

  /** Checks in at {@code slotId} (a moved, or our merge was taken); a search from slot 1 if we lost our Discovery ID. */
  private void follow(String slotId) {
    if (!discoveryHeld) {
      phase = Phase.CLAIMING_DISCOVERY;
      return;
    }
    phase = Phase.ELECTING;
    apply(election.follow(slotId));
  }

  private void becomeRouter(int slot) {
    phase = Phase.ROUTER;
    slots.markAlive(slot);
    releasing.remove(ctx.ids.slotId(slot));
    router = new RouterSession(ctx, told, slot, cache);
    probe.routing(slot, router::entriesForMerge);
  }

  private void becomeMember(Election.Member m) {
    phase = Phase.MEMBER;
    member = new MemberSession(ctx, m.slot(), m.routerSlotId(), m.snapshot(), told);
    // Slots we still hold from an earlier role are of no use now (unless kept for the grace).
    for (String id : held.heldSlotsExcept(null)) {
      if (!releasing.containsKey(id)) {
        held.release(id);
      }
    }
  }

  private List<Entry> withoutUs(List<Entry> entries) {
    return entries.stream().filter(e -> !e.discoveryId().equals(ctx.discoveryId())).toList();
  }

  /** Tells the application role and list if they changed (nothing while searching). */
  @Override
  public void tell() {
    if (phase == Phase.ROUTER) {
      told.announce(Role.ROUTER, router.slotId(), router::network, ctx);
    } else if (phase == Phase.MEMBER) {
      told.announce(Role.PEER, member.routerSlotId, member::network, ctx);
    }
  }
}
