package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A meeting namespace (docs/PROTOCOL.md §13.2.4): two peers that share it find each other with the election of §6 and
 * the lowest-slot rule of §9, and prove who they are on the link itself instead of checking in. Whoever comes first
 * wins slot 1 and waits as its holder; the other finds it taken, connects, and the link goes to the application
 * ({@link Effect.HandOff}). A slot whose holder turns out to be someone else (an impostor squatting there, a stranger)
 * is shunned for the unit's life ({@link MeetingVerdict#REFUSED}) and the search goes on above it, so a squatter
 * delays the meeting by one connect instead of preventing it; a link that ended without a verdict (closed, or not
 * proved in time) only marks its slot like an unanswered connect, and after a meeting a unit still held searches again. A holder of a higher slot probes the lower ones every
 * {@code probeMillis}, so two peers that each won a different slot still meet.
 *
 * <p>No registry, no check-in, no name or Transport ID ever leaves this unit: its only ID besides the slots is a
 * Discovery ID with a fresh UUID, held only while searching (a slot holder connects from its slot ID), so a peer that
 * waits costs one signaling connection.
 */
final class MeetingUnit implements Unit {
  /** Most links handed off at once on our slot; more are closed at once (each may take a meeting timeout). */
  static final int MAX_INBOUND_MEETINGS = 4;
  /** Lower bound of the random delay before the first claim (the design's 1–3 s): spreads claims at slot changes. */
  static final long START_DELAY_MIN_MILLIS = 1_000;

  private enum Phase { IDLE, CLAIMING_DISCOVERY, ELECTING, ROUTER, STOPPED }

  /** An outgoing link handed off and waiting for the application's verdict. */
  private record Gate(int slot, String local, String remote, boolean fromProbe) {}

  private final UnitContext ctx;
  private final HeldIds held;
  private final SlotBook slots;
  private final Announcer told;
  private final Election election;
  private final SplitBrainProbe probe;
  private Phase phase = Phase.IDLE;
  private boolean discoveryHeld;
  private int routerSlot;
  /** The delay before the search, kept while the Discovery ID is being claimed. */
  private long pendingDelay;
  private Gate gate;
  /** Incoming links handed off, by {@code local + " " + remote}, with when they must have proved themselves. */
  private final Map<String, Long> inbound = new HashMap<>();
  /** Slots we moved away from, kept until meetings handed off on them may have ended. */
  private final Set<String> releasing = new LinkedHashSet<>();

  MeetingUnit(UnitContext ctx) {
    this.ctx = ctx;
    this.held = new HeldIds(ctx);
    this.slots = new SlotBook(ctx.cfg);
    ConnectBackoff backoff = new ConnectBackoff(ctx.cfg.connectTimeoutMillis());
    this.told = new Announcer(ctx.spec.label());
    this.election = new Election(ctx, held, slots, backoff);
    this.probe = new SplitBrainProbe(ctx, held, slots, backoff);
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
  public String base() {
    return ctx.ids.base;
  }

  @Override
  public boolean owns(String id) {
    return ctx.ids.owns(id);
  }

  @Override
  public String discoveryId() {
    return ctx.discoveryId();
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
  public List<Member> network() {
    return List.of();
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void start() {
    if (phase == Phase.IDLE) {
      search(startDelay());
    }
  }

  /** 1–3 s with the default jitter: two peers entering at one slot change do not claim at the same instant. */
  private long startDelay() {
    long max = ctx.cfg.jitterMillis();
    if (max <= START_DELAY_MIN_MILLIS) {
      return ctx.jitter(max);
    }
    return START_DELAY_MIN_MILLIS + ctx.jitter(max - START_DELAY_MIN_MILLIS);
  }

  /** Searches after {@code delay}, claiming the Discovery ID first when we do not hold it (it is what we connect from). */
  private void search(long delay) {
    if (discoveryHeld) {
      phase = Phase.ELECTING;
      election.startAfter(delay);
    } else {
      phase = Phase.CLAIMING_DISCOVERY;
      held.claim(ctx.discoveryId());
      pendingDelay = delay;
    }
  }

  @Override
  public void stop() {
    election.stop();
    probe.stop();
    held.releaseAll();
    releasing.clear();
    inbound.clear();
    gate = null;
    phase = Phase.STOPPED;
    told.forgetRole();
  }

  @Override
  public void transportChanged() {
    // Nothing: no Transport ID ever leaves a meeting namespace.
  }

  // ---------------------------------------------------------------- signaling

  @Override
  public void onIdClaimed(String id) {
    if (id.equals(ctx.discoveryId())) {
      if (!held.claimed(id)) {
        ctx.emit(new Effect.ReleaseId(id)); // a claim we gave up on was answered anyway
        return;
      }
      if (phase == Phase.ROUTER || phase == Phase.STOPPED) {
        held.release(id); // claimed after we became slot holder: not needed
        return;
      }
      discoveryHeld = true;
      if (phase == Phase.CLAIMING_DISCOVERY) {
        phase = Phase.ELECTING;
        election.startAfter(pendingDelay);
      }
      return;
    }
    if (!held.claimed(id)) {
      ctx.emit(new Effect.ReleaseId(id));
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

  private boolean wanted(String id) {
    return releasing.contains(id) || (phase == Phase.ROUTER && id.equals(ctx.ids.slotId(routerSlot)));
  }

  @Override
  public void onIdTaken(String id) {
    held.gone(id);
    if (id.equals(ctx.discoveryId())) {
      // A fresh UUID is taken only if the server still holds our own earlier claim: try again a little later.
      ctx.schedule(TimerKey.Kind.DISCOVERY_RETRY, ctx.now() + ctx.cfg.connectTimeoutMillis(), null);
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
      discoveryHeld = false;
      if (phase == Phase.ELECTING || phase == Phase.CLAIMING_DISCOVERY) {
        election.stop();
        gate = null;
        search(ctx.jitter(ctx.cfg.jitterMillis()));
      }
      return;
    }
    if (phase == Phase.ROUTER && id.equals(ctx.ids.slotId(routerSlot))) {
      // Nobody can reach us on that slot any more: search again.
      probe.stop();
      gate = null;
      told.forgetRole();
      search(ctx.jitter(ctx.cfg.jitterMillis()));
    } else if (phase == Phase.ELECTING) {
      apply(election.onIdLost(id));
    } else if (phase == Phase.ROUTER) {
      apply(probe.onIdLost(id));
    }
  }

  // ---------------------------------------------------------------- links

  @Override
  public void onConnected(String local, String remote, boolean isInbound) {
    if (isInbound) {
      onInbound(local, remote);
    } else if (phase == Phase.ELECTING && election.isAttemptLink(local, remote)) {
      apply(election.onConnected(local, remote));
    } else if (phase == Phase.ROUTER && probe.isLink(local, remote)) {
      apply(probe.onConnected(local, remote));
    } else {
      ctx.disconnect(local, remote); // a connect we gave up on opened anyway
    }
  }

  private void onInbound(String local, String remote) {
    boolean ours = phase == Phase.ROUTER && (local.equals(ctx.ids.slotId(routerSlot)) || releasing.contains(local));
    expireInbound();
    if (!ours || inbound.size() >= MAX_INBOUND_MEETINGS) {
      ctx.disconnect(local, remote);
      return;
    }
    inbound.put(local + " " + remote, ctx.now() + ctx.spec.meetingTimeoutMillis());
    ctx.emit(new Effect.HandOff(label(), local, remote, true));
    ctx.schedule(TimerKey.Kind.MEETING, ctx.now() + ctx.spec.meetingTimeoutMillis(), remote);
  }

  private void expireInbound() {
    inbound.values().removeIf(until -> until <= ctx.now());
  }

  @Override
  public void onLinkGone(String local, String remote) {
    if (phase == Phase.ELECTING) {
      apply(election.onLinkGone(local, remote));
    } else if (phase == Phase.ROUTER && probe.isLink(local, remote)) {
      apply(probe.onLinkGone(local, remote));
    }
    // A handed-off link is the application's: its end comes as MeetingEnded, or the namespace is removed.
  }

  @Override
  public void onReceived(String local, String remote, MeshMessage msg) {
    // Mesh messages have no place here: links are handed off as soon as they open.
  }

  @Override
  public void onDiscarded(String local, String remote) {
    // As above.
  }

  @Override
  public void onMeetingEnded(String local, String remote, MeetingVerdict verdict) {
    if (gate != null && gate.local().equals(local) && gate.remote().equals(remote)) {
      endGate(verdict);
    } else {
      inbound.remove(local + " " + remote);
    }
  }

  /**
   * The application is done with our outgoing link: refused, its slot is shunned; unproven, marked like an unanswered
   * connect; met, the search starts over from slot 1 one meeting timeout (plus the start delay) later. The
   * application leaves a namespace soon after a meeting (docs/PROTOCOL.md §13.2.5: {@code closeGrace}, shorter), so
   * that search normally never runs; it runs when the application still holds the namespace because it looks for the
   * peer again (the Transport ID it was told failed at once), and then it must not wait for a verdict that never comes.
   */
  private void endGate(MeetingVerdict verdict) {
    Gate g = gate;
    gate = null;
    if (g.fromProbe()) {
      if (phase == Phase.ROUTER) {
        apply(verdict == MeetingVerdict.REFUSED ? probe.rejected(g.slot()) : probe.released(g.slot()));
      }
    } else if (phase == Phase.ELECTING) {
      switch (verdict) {
        case REFUSED -> apply(election.rejected(g.slot()));
        case UNPROVEN -> apply(election.unproven(g.slot()));
        case MET -> election.startAfter(ctx.spec.meetingTimeoutMillis() + startDelay());
        default -> throw new IllegalStateException("unknown verdict " + verdict);
      }
    }
  }

  // ---------------------------------------------------------------- timers

  @Override
  public void onTimer(TimerKey key) {
    if (!ctx.fire(key)) {
      return;
    }
    switch (key.kind()) {
      case DISCOVERY_RETRY -> {
        if (!discoveryHeld && (phase == Phase.CLAIMING_DISCOVERY || phase == Phase.ELECTING)) {
          held.claim(ctx.discoveryId());
        }
      }
      case ELECTION, RETRY -> {
        if (phase == Phase.ELECTING && gate == null) {
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
      case PROBE -> {
        if (phase == Phase.ROUTER && gate == null) {
          apply(probe.onTimer(key));
        }
      }
      case MEETING -> {
        if (gate != null && gate.remote().equals(key.ref())) {
          endGate(MeetingVerdict.UNPROVEN); // no verdict in time
        }
        expireInbound();
      }
      case RELEASE_SLOT -> {
        if (releasing.remove(key.ref()) && !(phase == Phase.ROUTER && key.ref().equals(ctx.ids.slotId(routerSlot)))) {
          held.release(key.ref());
        }
      }
      default -> throw new IllegalStateException("not a timer of a meeting namespace: " + key.kind());
    }
  }

  // ---------------------------------------------------------------- transitions

  private void apply(Election.Outcome o) {
    if (o instanceof Election.Router r) {
      becomeRouter(r.slot());
    } else if (o instanceof Election.Meeting m) {
      handOff(new Gate(m.slot(), m.localId(), m.remoteId(), false));
    } else if (!(o instanceof Election.Searching)) {
      throw new IllegalStateException("no such outcome in a meeting namespace: " + o);
    }
  }

  private void apply(SplitBrainProbe.Outcome o) {
    if (o instanceof SplitBrainProbe.MoveTo m) {
      // A free lower slot: hold it instead, so a peer that searches from slot 1 finds us sooner. The old slot is kept
      // while links handed off on it may still be proving themselves.
      String old = ctx.ids.slotId(routerSlot);
      routerSlot = m.slot();
      releasing.remove(ctx.ids.slotId(routerSlot));
      releasing.add(old);
      ctx.schedule(TimerKey.Kind.RELEASE_SLOT, ctx.now() + ctx.spec.meetingTimeoutMillis(), old);
      probe.moved(routerSlot);
    } else if (o instanceof SplitBrainProbe.Meeting m) {
      handOff(new Gate(m.slot(), m.localId(), m.remoteId(), true));
    } else if (!(o instanceof SplitBrainProbe.Nothing)) {
      throw new IllegalStateException("no such outcome in a meeting namespace: " + o);
    }
  }

  private void handOff(Gate g) {
    gate = g;
    ctx.emit(new Effect.HandOff(label(), g.local(), g.remote(), false));
    ctx.schedule(TimerKey.Kind.MEETING, ctx.now() + ctx.spec.meetingTimeoutMillis(), g.remote());
  }

  private void becomeRouter(int slot) {
    phase = Phase.ROUTER;
    routerSlot = slot;
    slots.markAlive(slot);
    releasing.remove(ctx.ids.slotId(slot));
    // A slot holder connects (probes) from its slot ID: the Discovery ID is not needed while we wait here.
    held.release(ctx.discoveryId());
    discoveryHeld = false;
    probe.routing(slot, List::of);
  }

  @Override
  public void tell() {
    if (phase == Phase.ROUTER) {
      told.announce(Role.ROUTER, ctx.ids.slotId(routerSlot), List::of, ctx);
    }
  }
}
