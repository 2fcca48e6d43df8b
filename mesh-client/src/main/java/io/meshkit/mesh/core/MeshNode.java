package io.meshkit.mesh.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The mesh protocol of one node as a pure state machine: {@link #step(MeshEvent, long)} takes what the adapters saw and
 * the time, and returns what they must do. No I/O, no clock, no threads; randomness (election jitter) comes from the
 * injected {@link RandomGenerator}, which the adapter seeds.
 *
 * <p>Election rule (docs/PROTOCOL.md): router slots {@code {prefix}-{ns}-1..maxSlots}; a node searching for a router
 * walks the slots upward, skipping slots it saw die within {@code heldIdMillis}: claim the slot (won = router), else
 * connect and check in (welcomed = member), else presume it held by a dead router and go on. A router above slot 1
 * probes every lower slot at each heartbeat: a free one it claims and moves to, a live router there it merges into. So
 * the lowest live slot wins.
 */
public final class MeshNode {

  /**
   * Limit of the connect back-off, as a multiple of {@link MeshConfig#connectTimeoutMillis()}. After each connect (or
   * claim) that got no answer in time the timeout doubles, up to this limit; after a welcome it decays by an eighth,
   * never below twice the connect time just measured nor below the configured value (the shape of TCP's retransmission
   * timer, RFC 6298 §5.5). On a loaded machine a WebRTC connect can take longer than the configured timeout every time;
   * a fixed timeout would then never let a node join a live router (it would keep presuming it dead), so the back-off
   * is what makes every search and probe end in one mesh.
   */
  public static final int MAX_CONNECT_BACKOFF = 8;

  private enum Phase { IDLE, WAITING, SEARCHING, ATTACHED, ROUTER, STOPPED }

  private final MeshConfig cfg;
  private final String namespace;
  private final RandomGenerator random;
  private final String discoveryId;
  private Identity identity;

  private Phase phase = Phase.IDLE;
  private final Outbox out = new Outbox();
  private long now;

  private final Set<String> held = new LinkedHashSet<>();
  private boolean discoveryHeld;
  private final SlotBook slots;
  /** Current connect/claim timeout: {@code connectTimeoutMillis}, doubled after each unanswered attempt (back-off). */
  private long connectTimeout;
  /** When the connect of the current search step or probe went out (to measure the connect time). */
  private long connectStartedAt;

  // searching
  private int searchSlot;
  private String searchClaim;
  private String searchTarget;
  // attached
  private final MemberView view = new MemberView();
  private String routerId;
  private int routerSlot;
  private String routerDiscoveryId;
  private long lastRouterHeard;
  // router
  private int mySlot;
  private Registry registry;
  private boolean pushScheduled;
  // split-brain probe (router only)
  private int probeSlot;
  private String probeClaim;
  private String probeTarget;
  // what the application was told
  private final Announcer told = new Announcer();

  /**
   * @param config    timings and limits
   * @param identity  our discovery UUID, name and Transport ID
   * @param namespace the encoded namespace ({@link Namespace})
   * @param random    jitter source; the adapter seeds it (never {@code new Random()} here)
   */
  public MeshNode(MeshConfig config, Identity identity, String namespace, RandomGenerator random) {
    this.cfg = Objects.requireNonNull(config, "config");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.namespace = MeshIds.requireIdPart(namespace, "namespace");
    this.random = Objects.requireNonNull(random, "random");
    this.discoveryId = MeshIds.discoveryId(config.prefix(), namespace, identity.discoveryUuid());
    this.slots = new SlotBook(config, namespace);
    this.connectTimeout = config.connectTimeoutMillis();
  }

  public String discoveryId() {
    return discoveryId;
  }

  /** Router slot ID {@code slot} of our namespace. */
  public String slotId(int slot) {
    return slots.id(slot);
  }

  /** Our role, or empty while searching. */
  public java.util.Optional<Role> role() {
    return java.util.Optional.ofNullable(told.role());
  }

  /** The current router's slot ID, or null while searching. */
  public String currentRouterId() {
    return told.routerId();
  }

  /** The last on-network list told to the application (self excluded), or null before it was first known. */
  public List<Member> network() {
    return told.network();
  }

  /** Feeds one event observed at {@code nowMillis}; returns the effects to carry out, in order. */
  public List<Effect> step(MeshEvent event, long nowMillis) {
    now = nowMillis;
    if (phase == Phase.STOPPED) {
      return out.drain();
    }
    if (event instanceof MeshEvent.Start) {
      onStart();
    } else if (event instanceof MeshEvent.Stop) {
      onStop();
    } else if (event instanceof MeshEvent.IdClaimed e) {
      onIdClaimed(e.id());
    } else if (event instanceof MeshEvent.IdTaken e) {
      onIdTaken(e.id());
    } else if (event instanceof MeshEvent.IdLost e) {
      onIdLost(e.id());
    } else if (event instanceof MeshEvent.Connected e) {
      onConnected(e.peerId());
    } else if (event instanceof MeshEvent.ConnectFailed e) {
      onConnectFailed(e.peerId());
    } else if (event instanceof MeshEvent.Disconnected e) {
      onDisconnected(e.peerId());
    } else if (event instanceof MeshEvent.Received e) {
      onReceived(e.peerId(), e.message());
    } else if (event instanceof MeshEvent.Timer e) {
      onTimer(e.key());
    } else if (event instanceof MeshEvent.TransportIdChanged e) {
      onTransportIdChanged(e.transportId());
    }
    // MeshEvent.Invalid: the remote's fault; nothing to do but ignore it (never echoed, never logged raw).
    tell();
    return out.drain();
  }

  // ---------------------------------------------------------------- lifecycle

  private void onStart() {
    if (phase != Phase.IDLE) {
      return;
    }
    phase = Phase.WAITING;
    // Connects go out from the Discovery ID's signaling connection, so the election waits for it.
    out.add(new Effect.ClaimId(discoveryId));
  }

  private void onStop() {
    if (phase == Phase.ROUTER) {
      List<Member> linked = new ArrayList<>();
      for (Member m : registry.members()) {
        if (registry.isConfirmed(m.discoveryId())) {
          linked.add(m);
        }
      }
      String successor = successorAmong(linked, discoveryId);
      MeshMessage.Leaving bye = new MeshMessage.Leaving(successor == null ? "" : successor);
      for (String m : registry.confirmedOthers(discoveryId)) {
        out.add(new Effect.Send(m, bye));
      }
    } else if (phase == Phase.ATTACHED) {
      out.add(new Effect.Disconnect(routerId));
    }
    for (String id : held) {
      out.add(new Effect.ReleaseId(id));
    }
    if (discoveryHeld) {
      out.add(new Effect.ReleaseId(discoveryId));
    }
    held.clear();
    phase = Phase.STOPPED;
    told.forgetRole();
    out.add(new Effect.Notify(new Notification.Stopped()));
  }

  private void onTransportIdChanged(String transportId) {
    identity = new Identity(identity.discoveryUuid(), identity.name(), transportId);
    if (phase == Phase.ATTACHED) {
      out.add(new Effect.Send(routerId, new MeshMessage.CheckIn(self())));
    } else if (phase == Phase.ROUTER && registry.upsertConfirmed(self(), now)) {
      changed();
    }
  }

  private Member self() {
    return new Member(discoveryId, identity.name(), identity.discoveryUuid(), identity.transportId());
  }

  // ---------------------------------------------------------------- signaling events

  private void onIdClaimed(String id) {
    if (id.equals(discoveryId)) {
      if (!discoveryHeld) {
        discoveryHeld = true;
        if (phase == Phase.WAITING && !out.pending(TimerKey.Kind.ELECTION)) {
          startElection(0);
        }
      }
      return;
    }
    held.add(id);
    if (phase == Phase.SEARCHING && id.equals(searchClaim)) {
      becomeRouter(searchSlot);
    } else if (phase == Phase.ROUTER && id.equals(probeClaim)) {
      moveTo(probeSlot);
    } else if (!(phase == Phase.ROUTER && id.equals(slotId(mySlot)))) {
      release(id); // a claim we no longer need (we found a router meanwhile)
    }
  }

  private void onIdTaken(String id) {
    if (id.equals(discoveryId)) {
      // Same data dir restarted after a crash: the old socket may hold our ID for alive_timeout. Retry later.
      out.add(new Effect.Notify(new Notification.Fault("discovery ID is held on the signaling server; retrying")));
      schedule(TimerKey.Kind.DISCOVERY_RETRY, now + cfg.connectTimeoutMillis(), discoveryId);
      return;
    }
    if (phase == Phase.SEARCHING && id.equals(searchClaim)) {
      searchClaim = null;
      searchTarget = id;
      out.add(new Effect.Connect(id));
      connectStartedAt = now;
      schedule(TimerKey.Kind.SEARCH_TIMEOUT, now + connectTimeout, id);
    } else if (phase == Phase.ROUTER && id.equals(probeClaim)) {
      probeClaim = null;
      probeTarget = id;
      out.add(new Effect.Connect(id));
      connectStartedAt = now;
      schedule(TimerKey.Kind.PROBE_TIMEOUT, now + connectTimeout, id);
    }
  }

  private void onIdLost(String id) {
    held.remove(id);
    if (phase == Phase.SEARCHING && id.equals(searchClaim)) {
      claimUnanswered(false);
    } else if (phase == Phase.ROUTER && id.equals(probeClaim)) {
      probeClaim = null;
      probeSlot = 0;
    } else if (id.equals(discoveryId)) {
      discoveryHeld = false;
      out.add(new Effect.ClaimId(discoveryId));
    } else if (phase == Phase.ROUTER && id.equals(slotId(mySlot))) {
      // Nobody can reach us as router any more: keep the list as a cache and elect again.
      view.reset();
      view.apply(new MeshMessage.Welcome(mySlot, discoveryId, 0, registry.members()));
      for (String m : registry.confirmedOthers(discoveryId)) {
        out.add(new Effect.Disconnect(m));
      }
      registry = null;
      startElection(jitter(cfg.jitterMillis()));
    }
  }

  // ---------------------------------------------------------------- links

  private void onConnected(String peer) {
    if (phase == Phase.SEARCHING && peer.equals(searchTarget)) {
      out.add(new Effect.Send(peer, new MeshMessage.CheckIn(self())));
    } else if (phase == Phase.ROUTER && peer.equals(probeTarget)) {
      out.add(new Effect.Send(peer, new MeshMessage.CheckIn(self())));
    }
  }

  private void onConnectFailed(String peer) {
    if (phase == Phase.SEARCHING && peer.equals(searchTarget)) {
      searchFailed();
    } else if (phase == Phase.ROUTER && peer.equals(probeTarget)) {
      probeFailed();
    }
  }

  private void onDisconnected(String peer) {
    if (phase == Phase.ROUTER) {
      if (peer.equals(probeTarget)) {
        probeFailed();
      } else if (!peer.equals(discoveryId) && registry.isConfirmed(peer) && registry.remove(peer)) {
        changed();
      }
    } else if (phase == Phase.ATTACHED && peer.equals(routerId)) {
      routerLost();
    } else if (phase == Phase.SEARCHING && peer.equals(searchTarget)) {
      searchFailed();
    }
  }

  private void onReceived(String peer, MeshMessage msg) {
    if (phase == Phase.ROUTER) {
      routerReceived(peer, msg);
    } else if (phase == Phase.ATTACHED && peer.equals(routerId)) {
      memberReceived(peer, msg);
    } else if (phase == Phase.SEARCHING && peer.equals(searchTarget)) {
      if (msg instanceof MeshMessage.Welcome w && w.slot() != slots.slotOf(peer) && w.slot() <= cfg.maxSlots()) {
        // Welcomed through an old slot of a router that has moved (it keeps the old one for releaseGrace): go to the
        // slot it holds now, or we would be left on a link that closes when the old slot is released.
        follow(peer, slotId(w.slot()));
      } else if (msg instanceof MeshMessage.Welcome w) {
        attach(peer, w);
      } else if (msg instanceof MeshMessage.Moved m) {
        follow(peer, m.routerId());
      }
    } else if (msg instanceof MeshMessage.CheckIn) {
      if (phase == Phase.ATTACHED) {
        out.add(new Effect.Send(peer, new MeshMessage.Moved(routerId)));
      } else {
        out.add(new Effect.Disconnect(peer));
      }
    }
  }

  private void memberReceived(String peer, MeshMessage msg) {
    lastRouterHeard = now;
    if (msg instanceof MeshMessage.Delta d) {
      MemberView.Applied r = view.apply(d);
      if (r == MemberView.Applied.APPLIED) {
        told.dirty();
      } else if (r == MemberView.Applied.GAP) {
        out.add(new Effect.Send(peer, new MeshMessage.Resync()));
      }
    } else if (msg instanceof MeshMessage.Ping p) {
      out.add(new Effect.Send(peer, new MeshMessage.Pong()));
      if (p.version() > view.version()) {
        out.add(new Effect.Send(peer, new MeshMessage.Resync()));
      }
    } else if (msg instanceof MeshMessage.Welcome w) {
      view.apply(w);
      routerDiscoveryId = w.router();
      told.dirty();
    } else if (msg instanceof MeshMessage.Moved m) {
      follow(peer, m.routerId());
    } else if (msg instanceof MeshMessage.Leaving l) {
      // Clean exit: the slot is free at once (socket close), so it is not dead — even if an earlier connect to it
      // went unanswered (a stale mark would make us skip the slot everyone else claims, and split the mesh).
      slots.markAlive(routerSlot);
      out.add(new Effect.Disconnect(peer));
      view.remove(routerDiscoveryId);
      boolean successor = l.successor().equals(discoveryId);
      startElection(successor ? cfg.handoverDelayMillis()
          : cfg.handoverDelayMillis() + jitter(cfg.cleanJitterMillis()));
    } else if (msg instanceof MeshMessage.CheckIn) {
      out.add(new Effect.Send(peer, new MeshMessage.Moved(routerId)));
    }
  }

  // ---------------------------------------------------------------- election

  private void startElection(long delay) {
    phase = Phase.WAITING;
    searchClaim = null;
    searchTarget = null;
    schedule(TimerKey.Kind.ELECTION, now + delay, null);
  }

  private void search() {
    phase = Phase.SEARCHING;
    searchSlot = 0;
    nextSlot();
  }

  private void nextSlot() {
    if (searchTarget != null) {
      out.add(new Effect.Disconnect(searchTarget));
    }
    searchClaim = null;
    searchTarget = null;
    do {
      searchSlot++;
    } while (searchSlot <= cfg.maxSlots() && slots.presumedDead(searchSlot, now));
    if (searchSlot > cfg.maxSlots()) {
      // Every slot is held by a dead router: wait until the first hold should have expired.
      schedule(TimerKey.Kind.RETRY, slots.retryAt(now), null);
      return;
    }
    String claim = slotId(searchSlot);
    if (held.contains(claim)) {
      // Still ours from an earlier role (a merge or move keeps the old slot for releaseGrace): no claim needed, and
      // the adapter would not answer a second claim of an ID it holds.
      becomeRouter(searchSlot);
      return;
    }
    searchClaim = claim;
    out.add(new Effect.ClaimId(searchClaim));
    // A claim the server never answers (or the adapter cannot place) must not stall the search.
    schedule(TimerKey.Kind.SEARCH_TIMEOUT, now + connectTimeout, searchClaim);
  }

  /**
   * Our claim got no answer in time or its signaling connection failed: drop it (so a stuck signaling connection is
   * not reused by the next claim of the same ID) and search again from slot 1 a little later.
   */
  private void claimUnanswered(boolean timedOut) {
    if (timedOut) {
      out.add(new Effect.ReleaseId(searchClaim));
      backOff();
    }
    searchClaim = null;
    schedule(TimerKey.Kind.RETRY, now + connectTimeout, null);
  }

  /** The connect to, or check-in at, the slot's holder failed or got no answer: weak evidence, see {@link SlotBook}. */
  private void searchFailed() {
    slots.markUnanswered(searchSlot, now);
    nextSlot();
  }

  private void backOff() {
    connectTimeout = Math.min(connectTimeout * 2, cfg.connectTimeoutMillis() * MAX_CONNECT_BACKOFF);
  }

  /** A router welcomed us on {@code slot}: it is alive; the connect timeout decays toward what connects take now. */
  private void welcomedOn(int slot) {
    slots.markAlive(slot);
    long took = Math.max(0, now - connectStartedAt);
    connectTimeout = Math.min(cfg.connectTimeoutMillis() * MAX_CONNECT_BACKOFF,
        Math.max(cfg.connectTimeoutMillis(), Math.max(2 * took, connectTimeout - connectTimeout / 8)));
  }

  /** Check in at {@code target} (a {@link MeshMessage.Moved} notice), within our namespace's slots only. */
  private void follow(String peer, String target) {
    int slot = slots.slotOf(target);
    if (slot < 1) {
      return; // not one of our slots: a router cannot send us elsewhere
    }
    out.add(new Effect.Disconnect(peer));
    phase = Phase.SEARCHING;
    searchSlot = slot;
    searchClaim = null;
    searchTarget = target;
    out.add(new Effect.Connect(target));
    connectStartedAt = now;
    schedule(TimerKey.Kind.SEARCH_TIMEOUT, now + connectTimeout, target);
  }

  private void attach(String peer, MeshMessage.Welcome w) {
    phase = Phase.ATTACHED;
    routerId = peer;
    routerSlot = slots.slotOf(peer);
    routerDiscoveryId = w.router();
    searchClaim = null;
    searchTarget = null;
    welcomedOn(routerSlot);
    view.apply(w);
    lastRouterHeard = now;
    told.dirty();
    schedule(TimerKey.Kind.ROUTER_SILENCE, now + cfg.ttlMillis(), null);
    releaseRouterSlots();
  }

  private void routerLost() {
    slots.markDead(routerSlot, now);
    out.add(new Effect.Disconnect(routerId));
    view.remove(routerDiscoveryId);
    // The designated successor (lowest UUID among the cached members) goes at once; the rest after a jitter.
    String successor = successorAmong(view.members(), routerDiscoveryId);
    startElection(discoveryId.equals(successor) ? 0 : jitter(cfg.jitterMillis()));
  }

  private void becomeRouter(int slot) {
    phase = Phase.ROUTER;
    mySlot = slot;
    searchClaim = null;
    searchTarget = null;
    slots.markAlive(slot);
    registry = new Registry();
    registry.upsertConfirmed(self(), now);
    List<Member> cached = view.others(discoveryId);
    // Import the cached registry; the imported members re-check in (they search too) or are dropped after the grace.
    if (registry.importProvisional(cached, now, now + cfg.recheckGraceMillis())) {
      schedule(TimerKey.Kind.RECHECK_GRACE, now + cfg.recheckGraceMillis(), null);
    }
    registry.clearTouched();
    view.reset();
    told.dirty();
    probeSlot = 0;
    probeClaim = null;
    probeTarget = null;
    schedule(TimerKey.Kind.HEARTBEAT, now + cfg.heartbeatMillis(), null);
    scheduleEarlyProbe();
  }

  /**
   * A router above slot 1 probes when the first lower slot it saw die should be free again (the hold ends by then), so
   * the mesh moves back to slot 1 before a newcomer can claim it alone; the heartbeat probes cover everything else.
   */
  private void scheduleEarlyProbe() {
    long at = slots.probeDueBelow(mySlot, 2 * connectTimeout, now);
    if (at != Long.MAX_VALUE) {
      schedule(TimerKey.Kind.PROBE, at, null);
    }
  }

  // ---------------------------------------------------------------- router

  private void routerReceived(String peer, MeshMessage msg) {
    if (peer.equals(probeTarget)) {
      if (msg instanceof MeshMessage.Welcome w && w.slot() < mySlot) {
        mergeInto(peer, w);
      } else if (msg instanceof MeshMessage.Welcome || msg instanceof MeshMessage.Moved) {
        probeFailed(); // not a lower router after all; the next heartbeat probes again
      }
      return;
    }
    registry.heard(peer, now);
    if (msg instanceof MeshMessage.CheckIn c) {
      Member m = c.member();
      if (!m.discoveryId().equals(peer) || m.discoveryId().equals(discoveryId)
          || !m.discoveryId().startsWith(cfg.prefix() + "-" + namespace + "-")) {
        out.add(new Effect.Disconnect(peer)); // a check-in must name the link's own ID in our namespace
        return;
      }
      if (!registry.contains(peer) && registry.size() >= cfg.maxMembers()) {
        out.add(new Effect.Disconnect(peer));
        return;
      }
      if (registry.upsertConfirmed(m, now)) {
        changed();
      }
      out.add(new Effect.Send(peer, welcome()));
    } else if (msg instanceof MeshMessage.Resync && registry.isConfirmed(peer)) {
      out.add(new Effect.Send(peer, welcome()));
    } else if (msg instanceof MeshMessage.Merge mg && registry.isConfirmed(peer)) {
      List<Member> fresh = new ArrayList<>();
      for (Member m : mg.members()) {
        if (!m.discoveryId().equals(discoveryId) && registry.size() + fresh.size() < cfg.maxMembers()) {
          fresh.add(m);
        }
      }
      if (registry.importProvisional(fresh, now, now + cfg.recheckGraceMillis())) {
        changed();
        schedule(TimerKey.Kind.RECHECK_GRACE, registry.nextProvisionalExpiry(), null);
      }
    }
  }

  private MeshMessage.Welcome welcome() {
    return new MeshMessage.Welcome(mySlot, discoveryId, registry.version(), registry.members());
  }

  private void changed() {
    told.dirty();
    if (!pushScheduled) {
      pushScheduled = true;
      schedule(TimerKey.Kind.PUSH, now + cfg.pushDelayMillis(), null);
    }
  }

  private void push() {
    pushScheduled = false;
    MeshMessage.Delta d = registry.flush();
    if (d != null) {
      for (String m : registry.confirmedOthers(discoveryId)) {
        out.add(new Effect.Send(m, d));
      }
    }
  }

  private void heartbeat() {
    for (String gone : registry.expire(now, now - cfg.ttlMillis(), discoveryId)) {
      out.add(new Effect.Disconnect(gone));
      changed();
    }
    MeshMessage.Ping ping = new MeshMessage.Ping(registry.version());
    for (String m : registry.confirmedOthers(discoveryId)) {
      out.add(new Effect.Send(m, ping));
    }
    probeLowerSlots();
    schedule(TimerKey.Kind.HEARTBEAT, now + cfg.heartbeatMillis(), null);
  }

  private void probeLowerSlots() {
    if (mySlot > 1 && probeClaim == null && probeTarget == null) {
      probeSlot = 0;
      nextProbe();
    }
  }

  private void nextProbe() {
    probeSlot++;
    probeClaim = null;
    probeTarget = null;
    if (probeSlot < mySlot) {
      String claim = slotId(probeSlot);
      if (held.contains(claim)) {
        moveTo(probeSlot); // still ours from an earlier role: move back at once
        return;
      }
      probeClaim = claim;
      out.add(new Effect.ClaimId(probeClaim));
      schedule(TimerKey.Kind.PROBE_TIMEOUT, now + connectTimeout, probeClaim);
    } else {
      probeSlot = 0;
      scheduleEarlyProbe(); // a slot below that did not answer is tried again soon, not only at the next heartbeat
    }
  }

  private void probeFailed() {
    if (probeTarget != null) {
      out.add(new Effect.Disconnect(probeTarget));
    }
    nextProbe();
  }

  /** We claimed the lower slot {@code slot}: move there and tell the members. */
  private void moveTo(int slot) {
    String old = slotId(mySlot);
    mySlot = slot;
    probeSlot = 0;
    probeClaim = null;
    probeTarget = null;
    slots.markAlive(slot);
    MeshMessage.Moved moved = new MeshMessage.Moved(slotId(slot));
    for (String m : registry.confirmedOthers(discoveryId)) {
      out.add(new Effect.Send(m, moved));
    }
    // Keep the old slot a little so the notice arrives before the link closes.
    schedule(TimerKey.Kind.RELEASE_SLOT, now + cfg.releaseGraceMillis(), old);
  }

  /** A live router holds the lower slot {@code w.slot()}: hand it our members and join it. */
  private void mergeInto(String peer, MeshMessage.Welcome w) {
    List<Member> mine = new ArrayList<>();
    for (Member m : registry.members()) {
      if (!m.discoveryId().equals(discoveryId)) {
        mine.add(m);
      }
    }
    out.add(new Effect.Send(peer, new MeshMessage.Merge(mine)));
    MeshMessage.Moved moved = new MeshMessage.Moved(peer);
    for (String m : registry.confirmedOthers(discoveryId)) {
      out.add(new Effect.Send(m, moved));
    }
    schedule(TimerKey.Kind.RELEASE_SLOT, now + cfg.releaseGraceMillis(), slotId(mySlot));
    registry = null;
    probeTarget = null;
    probeClaim = null;
    phase = Phase.ATTACHED;
    routerId = peer;
    routerSlot = w.slot();
    routerDiscoveryId = w.router();
    welcomedOn(routerSlot);
    view.apply(w);
    lastRouterHeard = now;
    told.dirty();
    schedule(TimerKey.Kind.ROUTER_SILENCE, now + cfg.ttlMillis(), null);
  }

  // ---------------------------------------------------------------- timers

  private void onTimer(TimerKey key) {
    if (!out.fire(key)) {
      return; // superseded
    }
    switch (key.kind()) {
      case ELECTION -> {
        if (phase == Phase.WAITING) {
          search();
        }
      }
      case SEARCH_TIMEOUT -> {
        if (phase == Phase.SEARCHING && key.ref().equals(searchTarget)) {
          backOff();
          searchFailed();
        } else if (phase == Phase.SEARCHING && key.ref().equals(searchClaim)) {
          claimUnanswered(true);
        }
      }
      case PROBE_TIMEOUT -> {
        if (phase == Phase.ROUTER && key.ref().equals(probeTarget)) {
          backOff();
          slots.markUnanswered(probeSlot, now);
          probeFailed();
        } else if (phase == Phase.ROUTER && key.ref().equals(probeClaim)) {
          out.add(new Effect.ReleaseId(probeClaim)); // a stuck claim must not block the next one
          backOff();
          probeClaim = null; // the next heartbeat probes again
          probeSlot = 0;
        }
      }
      case HEARTBEAT -> {
        if (phase == Phase.ROUTER) {
          heartbeat();
        }
      }
      case ROUTER_SILENCE -> {
        if (phase == Phase.ATTACHED) {
          if (now - lastRouterHeard >= cfg.ttlMillis()) {
            routerLost();
          } else {
            schedule(TimerKey.Kind.ROUTER_SILENCE, lastRouterHeard + cfg.ttlMillis(), null);
          }
        }
      }
      case PUSH -> {
        if (phase == Phase.ROUTER) {
          push();
        } else {
          pushScheduled = false;
        }
      }
      case RECHECK_GRACE -> {
        if (phase == Phase.ROUTER) {
          if (!registry.expire(now, Long.MIN_VALUE, discoveryId).isEmpty()) {
            changed();
          }
          long next = registry.nextProvisionalExpiry();
          if (next != Long.MAX_VALUE) {
            schedule(TimerKey.Kind.RECHECK_GRACE, next, null);
          }
        }
      }
      case RELEASE_SLOT -> {
        String id = key.ref();
        if (held.contains(id) && !(phase == Phase.ROUTER && id.equals(slotId(mySlot)))) {
          release(id);
        }
      }
      case PROBE -> {
        if (phase == Phase.ROUTER) {
          probeLowerSlots();
        }
      }
      case DISCOVERY_RETRY -> {
        if (!discoveryHeld) {
          out.add(new Effect.ClaimId(discoveryId));
        }
      }
      case RETRY -> {
        if (phase == Phase.SEARCHING && searchClaim == null && searchTarget == null) {
          search();
        }
      }
    }
  }

  private void schedule(TimerKey.Kind kind, long at, String ref) {
    out.schedule(kind, at, ref);
  }

  // ---------------------------------------------------------------- helpers

  private void release(String id) {
    if (held.remove(id)) {
      out.add(new Effect.ReleaseId(id));
    }
  }

  /** Drops router slots we still hold from an earlier role (after the release grace they are useless). */
  private void releaseRouterSlots() {
    for (String id : List.copyOf(held)) {
      release(id);
    }
  }

  private long jitter(long bound) {
    return bound <= 0 ? 0 : random.nextLong(bound + 1);
  }

  /** Lowest discovery UUID among {@code members} other than {@code excluded}: the designated successor. */
  private static String successorAmong(List<Member> members, String excluded) {
    Member best = null;
    for (Member m : members) {
      if (m.discoveryId().equals(excluded)) {
        continue;
      }
      if (best == null || m.uuid().compareTo(best.uuid()) < 0) {
        best = m;
      }
    }
    return best == null ? null : best.discoveryId();
  }

  /** Emits role and network notifications when they changed since last told. */
  private void tell() {
    if (phase == Phase.ROUTER) {
      told.announce(Role.ROUTER, slotId(mySlot), () -> {
        List<Member> network = new ArrayList<>();
        for (Member m : registry.members()) {
          if (!m.discoveryId().equals(discoveryId)) {
            network.add(m);
          }
        }
        return network;
      }, out);
    } else if (phase == Phase.ATTACHED) {
      told.announce(Role.PEER, routerId, () -> view.others(discoveryId), out);
    }
  }
}
