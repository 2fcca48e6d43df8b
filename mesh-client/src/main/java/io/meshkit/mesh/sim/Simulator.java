package io.meshkit.mesh.sim;

import io.meshkit.mesh.core.Effect;
import io.meshkit.mesh.core.Identity;
import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.core.MeshNode;
import io.meshkit.mesh.core.MeshWire;
import io.meshkit.mesh.core.Member;
import io.meshkit.mesh.core.MeshMessage;
import io.meshkit.mesh.core.Notification;
import io.meshkit.mesh.core.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A deterministic world for many {@link MeshNode}s: a virtual clock and event queue, an in-memory PeerJS signaling
 * server (one ID per claim, ID-TAKEN, a silently dead client's IDs held for {@code alive_timeout}, IDs freed at once on
 * a clean close, EXPIRE for offers to unknown IDs), data links with latency, FIFO order, loss and partitions, and ICE's
 * late {@code disconnected}. Same seed, same run.
 */
public final class Simulator {

  private record Ev(long at, long seq, Runnable action) {}

  private record Holder(int peer, long heldUntil) {}

  private static final class Link {
    final int a;
    final String aLocal;
    final String aKey;
    final int b;
    final String bLocal;
    final String bKey;
    long lastAb;
    long lastBa;
    /** Closed on purpose: messages already sent still arrive (SCTP delivers before the close). */
    boolean closedCleanly;

    Link(int a, String aLocal, String aKey, int b, String bLocal, String bKey) {
      this.a = a;
      this.aLocal = aLocal;
      this.aKey = aKey;
      this.b = b;
      this.bLocal = bLocal;
      this.bKey = bKey;
    }
  }

  private final SimConfig cfg;
  private final SplittableRandom rnd;
  private final PriorityQueue<Ev> queue = new PriorityQueue<>((x, y) ->
      x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));
  private long seq;
  private long now;

  private final List<SimPeer> peers = new ArrayList<>();
  private final Map<String, Holder> ids = new HashMap<>();
  private final List<Map<String, Link>> links = new ArrayList<>();
  /** Per peer: remote ID → generation of the connect in flight (a Disconnect before it opens cancels it). */
  private final List<Map<String, Long>> connecting = new ArrayList<>();
  /** Per peer: ID → generation of the claim in flight (a ReleaseId before the answer cancels it). */
  private final List<Map<String, Long>> claiming = new ArrayList<>();
  private long connectGen;
  private final Convergence conv = new Convergence();
  private final IdentityHashMap<MeshMessage, Integer> sizes = new IdentityHashMap<>();
  private double loss;
  private long messages;
  private long bytes;
  private long eventsProcessed;

  public Simulator(SimConfig cfg) {
    this.cfg = cfg;
    this.rnd = new SplittableRandom(cfg.seed());
    this.loss = cfg.loss();
  }

  /** Changes the data-message loss probability from now on (a fault window). */
  public void setLoss(double loss) {
    if (loss < 0 || loss >= 1) {
      throw new IllegalArgumentException("loss must be in [0,1)");
    }
    this.loss = loss;
  }

  public long now() {
    return now;
  }

  public SimConfig config() {
    return cfg;
  }

  /** Data messages sent so far (all links). */
  public long messages() {
    return messages;
  }

  /** Bytes of those messages in {@link MeshWire} form. */
  public long bytes() {
    return bytes;
  }

  public long eventsProcessed() {
    return eventsProcessed;
  }

  public int size() {
    return peers.size();
  }

  public SimPeer peer(int i) {
    return peers.get(i);
  }

  /** Creates a peer (not started). Its UUID and jitter seed come from the run's seed. */
  public int addPeer() {
    int i = peers.size();
    String uuid = String.format("%016x", rnd.nextLong()) + String.format("%04d", i);
    Identity id = new Identity(uuid, "peer" + i, cfg.mesh().prefix() + "-t" + uuid);
    MeshNode node = new MeshNode(cfg.mesh(), id, "nsim", new SplittableRandom(rnd.nextLong()));
    SimPeer p = new SimPeer(i, node, rnd.nextLong());
    peers.add(p);
    links.add(new HashMap<>());
    connecting.add(new HashMap<>());
    claiming.add(new HashMap<>());
    conv.register(p);
    return i;
  }

  /** Starts peer {@code i} now. */
  public void start(int i) {
    SimPeer p = peers.get(i);
    p.alive = true;
    conv.liveChanged(peers);
    deliver(i, new MeshEvent.Start(), 0);
  }

  /** Clean exit of peer {@code i}: it says goodbye, then its signaling sockets close (IDs freed at once). */
  public void stopClean(int i) {
    SimPeer p = peers.get(i);
    if (!p.alive) {
      return;
    }
    handle(p, new MeshEvent.Stop());
    p.alive = false;
    // The process is gone: every remaining ID is freed when its socket closes, links close after queued messages.
    for (Map.Entry<String, Holder> e : new ArrayList<>(ids.entrySet())) {
      if (e.getValue().peer == i) {
        // Capture key and value now: the entry object is the map's own and may hold another peer's claim later.
        String id = e.getKey();
        Holder h = e.getValue();
        at(now + sig(), () -> ids.remove(id, h));
      }
    }
    for (Link l : new ArrayList<>(links.get(i).values())) {
      closeLink(l, i, false);
    }
    conv.liveChanged(peers);
  }

  /** Silent loss of peer {@code i} (link down): its IDs stay held for alive_timeout, peers see ICE drop after ~5 s. */
  public void killSilently(int i) {
    SimPeer p = peers.get(i);
    if (!p.alive) {
      return;
    }
    p.alive = false;
    for (Map.Entry<String, Holder> e : ids.entrySet()) {
      if (e.getValue().peer == i) {
        e.setValue(new Holder(i, now + cfg.aliveTimeoutMillis()));
      }
    }
    for (Link l : new ArrayList<>(links.get(i).values())) {
      closeLink(l, i, true);
    }
    conv.liveChanged(peers);
  }

  /** Splits the peers into groups ({@code group[i]}); links across groups drop (ICE) and new ones cannot form. */
  public void partition(int[] group) {
    for (int i = 0; i < peers.size(); i++) {
      peers.get(i).group = group[i];
    }
    for (int i = 0; i < peers.size(); i++) {
      for (Link l : new ArrayList<>(links.get(i).values())) {
        if (peers.get(l.a).group != peers.get(l.b).group) {
          closeLink(l, -1, true);
        }
      }
    }
  }

  public void heal() {
    for (SimPeer p : peers) {
      p.group = 0;
    }
  }

  /** Runs events up to and including time {@code t}. */
  public void runUntil(long t) {
    while (!queue.isEmpty() && queue.peek().at <= t) {
      step();
    }
    now = Math.max(now, t);
  }

  /** Runs until converged (see {@link #converged()}) or {@code deadline}; returns the time, or -1. */
  public long runUntilConverged(long deadline) {
    if (conv.converged(peers)) {
      return now;
    }
    while (!queue.isEmpty() && queue.peek().at <= deadline) {
      step();
      if (conv.dirty && conv.converged(peers)) {
        return now;
      }
    }
    now = Math.max(now, deadline);
    return conv.converged(peers) ? now : -1;
  }

  /**
   * Exactly one live router; every other live peer is a peer of its slot ID; every live peer's on-network list equals
   * the live set minus itself.
   */
  public boolean converged() {
    return conv.converged(peers);
  }

  /** Why not converged, for test messages. */
  public String describe() {
    return conv.describe(peers);
  }

  private void step() {
    Ev e = queue.poll();
    now = e.at;
    eventsProcessed++;
    e.action.run();
  }

  private void at(long t, Runnable r) {
    queue.add(new Ev(Math.max(t, now), seq++, r));
  }

  private void deliver(int i, MeshEvent ev, long delay) {
    SimPeer p = peers.get(i);
    at(now + delay, () -> {
      if (p.alive) {
        handle(p, ev);
      }
    });
  }

  /** When set, every event and effect is printed (debugging a seed). */
  public boolean trace;

  private void handle(SimPeer p, MeshEvent ev) {
    List<Effect> effects = p.node.step(ev, now);
    if (trace) {
      System.out.println(now + " #" + p.index + " <- " + ev);
      for (Effect f : effects) {
        if (!(f instanceof Effect.ScheduleAt)) {
          System.out.println(now + " #" + p.index + " -> " + f);
        }
      }
    }
    for (Effect f : effects) {
      apply(p, f);
    }
  }

  /** One signaling exchange's delay: the base latency plus, in a loaded world, a random extra. */
  private long sig() {
    long j = cfg.signalingJitterMillis();
    return cfg.signalingMillis() + (j == 0 ? 0 : rnd.nextLong(j + 1));
  }

  private long latency() {
    return cfg.latencyMinMillis() + rnd.nextLong(cfg.latencyMaxMillis() - cfg.latencyMinMillis() + 1);
  }

  private void apply(SimPeer p, Effect f) {
    int i = p.index;
    if (f instanceof Effect.ClaimId c) {
      long sig = sig();
      long gen = ++connectGen;
      claiming.get(i).put(c.id(), gen);
      at(now + sig, () -> {
        Long current = claiming.get(i).get(c.id());
        if (current == null || current != gen) {
          return; // released before the server saw it: the adapter closed that signaling connection
        }
        Holder h = ids.get(c.id());
        boolean free = h == null || h.heldUntil <= now;
        if (free && p.alive) {
          ids.put(c.id(), new Holder(i, Long.MAX_VALUE));
        }
        at(now + sig, () -> {
          Long still = claiming.get(i).get(c.id());
          if (still == null || still != gen || !p.alive) {
            return; // released meanwhile: the adapter reports nothing for a closed claim
          }
          claiming.get(i).remove(c.id());
          handle(p, free ? new MeshEvent.IdClaimed(c.id()) : new MeshEvent.IdTaken(c.id()));
        });
      });
    } else if (f instanceof Effect.ReleaseId r) {
      claiming.get(i).remove(r.id());
      Holder released = ids.get(r.id());
      if (released != null && released.peer == i) {
        // The adapter closes that signaling connection at once: offers to it go nowhere from now on, even before the
        // server has noticed the close.
        ids.put(r.id(), new Holder(i, now));
      }
      at(now + sig(), () -> {
        Holder h = ids.get(r.id());
        if (h != null && h.peer == i) {
          ids.remove(r.id());
        }
      });
      for (Link l : new ArrayList<>(links.get(i).values())) {
        if ((l.a == i && l.aLocal.equals(r.id())) || (l.b == i && l.bLocal.equals(r.id()))) {
          closeLink(l, i, false);
        }
      }
    } else if (f instanceof Effect.Connect c) {
      connect(p, c.peerId());
    } else if (f instanceof Effect.Send s) {
      send(p, s.peerId(), s.message());
    } else if (f instanceof Effect.Disconnect d) {
      connecting.get(i).remove(d.peerId()); // the adapter closes a connection still opening, too
      Link l = links.get(i).get(d.peerId());
      if (l != null) {
        closeLink(l, i, false);
      }
    } else if (f instanceof Effect.ScheduleAt s) {
      at(s.atMillis(), () -> {
        if (p.alive) {
          handle(p, new MeshEvent.Timer(s.key()));
        }
      });
    } else if (f instanceof Effect.Notify n) {
      conv.notified(p, n.notification(), peers);
    }
  }

  private void connect(SimPeer p, String target) {
    int i = p.index;
    long sig = sig();
    long gen = ++connectGen;
    connecting.get(i).put(target, gen);
    long setup = cfg.connectSetupMaxMillis() == 0 ? 0 : rnd.nextLong(cfg.connectSetupMaxMillis() + 1);
    at(now + sig, () -> {
      Holder h = ids.get(target);
      if (h == null || h.heldUntil <= now) {
        failConnect(i, target, gen, cfg.expireTimeoutMillis()); // PeerJS EXPIRE
        return;
      }
      SimPeer m = peers.get(h.peer);
      if (h.peer == i) {
        failConnect(i, target, gen, sig);
        return;
      }
      if (!m.alive || m.group != p.group) {
        return; // offer into a dead socket or across a partition: nothing comes back
      }
      // OFFER relayed, ANSWER back, ICE + DTLS + SCTP.
      at(now + sig + sig + latency() * 2 + setup, () -> {
        Holder still = ids.get(target);
        Long current = connecting.get(i).get(target);
        if (current == null || current != gen) {
          return; // the node gave up (Disconnect) or connected again meanwhile: the adapter closed this one
        }
        connecting.get(i).remove(target);
        if (!p.alive || !m.alive || m.group != p.group || still == null || still.peer != m.index
            || still.heldUntil <= now) {
          return;
        }
        String pDisc = p.node.discoveryId();
        replace(p.index, target);
        replace(m.index, pDisc);
        Link l = new Link(p.index, pDisc, target, m.index, target, pDisc);
        links.get(p.index).put(target, l);
        links.get(m.index).put(pDisc, l);
        l.lastAb = now;
        l.lastBa = now;
        handle(p, new MeshEvent.Connected(target, false));
        if (m.alive) {
          handle(m, new MeshEvent.Connected(pDisc, true));
        }
      });
    });
  }

  /** Reports a failed connect unless the node gave up on it meanwhile (the adapter reports nothing for those). */
  private void failConnect(int i, String target, long gen, long delay) {
    at(now + delay, () -> {
      Long current = connecting.get(i).get(target);
      if (current != null && current == gen && peers.get(i).alive) {
        connecting.get(i).remove(target);
        handle(peers.get(i), new MeshEvent.ConnectFailed(target));
      }
    });
  }

  /** A new link under the same remote ID replaces the old one (the adapter keeps one link per remote ID). */
  private void replace(int i, String key) {
    Link old = links.get(i).get(key);
    if (old != null) {
      closeLink(old, i, false);
    }
  }

  private void send(SimPeer p, String key, MeshMessage msg) {
    Link l = links.get(p.index).get(key);
    if (l == null) {
      return;
    }
    messages++;
    bytes += size(msg);
    boolean ab = l.a == p.index;
    int to = ab ? l.b : l.a;
    String toKey = ab ? l.bKey : l.aKey;
    if (rnd.nextDouble() < loss || peers.get(to).group != p.group) {
      return;
    }
    long t = Math.max(now + latency(), ab ? l.lastAb : l.lastBa);
    if (ab) {
      l.lastAb = t;
    } else {
      l.lastBa = t;
    }
    SimPeer dst = peers.get(to);
    at(t, () -> {
      if (dst.alive && (links.get(to).get(toKey) == l || l.closedCleanly)) {
        handle(dst, new MeshEvent.Received(toKey, msg));
      }
    });
  }

  private int size(MeshMessage msg) {
    if (sizes.size() > 50_000) {
      sizes.clear();
    }
    if (memberSizes.size() > 200_000) {
      memberSizes.clear();
    }
    return sizes.computeIfAbsent(msg, m -> wireSize(m, memberSizes));
  }

  private final Map<Member, Integer> memberSizes = new HashMap<>();

  /**
   * {@link MeshWire#size} computed from cached member sizes: the same members recur in every snapshot, and encoding a
   * 1,000-entry snapshot per check-in would dominate a 1,000-peer run. Equal to {@code MeshWire.size(m)}.
   */
  static int wireSize(MeshMessage m, Map<Member, Integer> cache) {
    if (m instanceof MeshMessage.Welcome w) {
      return MeshWire.size(new MeshMessage.Welcome(w.slot(), w.router(), w.version(), List.of()))
          + listSize(w.members(), cache);
    } else if (m instanceof MeshMessage.Delta d) {
      return MeshWire.size(new MeshMessage.Delta(d.version(), List.of(), d.removed())) + listSize(d.upserts(), cache);
    } else if (m instanceof MeshMessage.Merge mg) {
      return MeshWire.size(new MeshMessage.Merge(List.of())) + listSize(mg.members(), cache);
    }
    return MeshWire.size(m);
  }

  private static int listSize(List<Member> members, Map<Member, Integer> cache) {
    int total = Math.max(0, members.size() - 1); // commas
    for (Member mb : members) {
      // A member's encoding is its CheckIn's minus the fixed {"t":"in","m":} wrapper.
      total += cache.computeIfAbsent(mb, x -> MeshWire.size(new MeshMessage.CheckIn(x)) - CHECKIN_WRAPPER);
    }
    return total;
  }

  private static final int CHECKIN_WRAPPER = "{\"t\":\"in\",\"m\":}".length();

  /**
   * Removes {@code l}; the side(s) other than {@code closer} learn it: after queued messages for a clean close, after
   * the ICE timeout for a silent loss or a partition.
   */
  private void closeLink(Link l, int closer, boolean silent) {
    l.closedCleanly = !silent;
    if (links.get(l.a).get(l.aKey) == l) {
      links.get(l.a).remove(l.aKey);
    }
    if (links.get(l.b).get(l.bKey) == l) {
      links.get(l.b).remove(l.bKey);
    }
    if (l.a != closer) {
      long t = silent ? now + cfg.iceDisconnectMillis() : Math.max(now + latency(), l.lastBa);
      deliver(l.a, new MeshEvent.Disconnected(l.aKey), t - now);
    }
    if (l.b != closer) {
      long t = silent ? now + cfg.iceDisconnectMillis() : Math.max(now + latency(), l.lastAb);
      deliver(l.b, new MeshEvent.Disconnected(l.bKey), t - now);
    }
  }

  /** Live router count, for reports. */
  public int liveRouters() {
    int n = 0;
    for (SimPeer p : peers) {
      if (p.alive && p.role == Role.ROUTER) {
        n++;
      }
    }
    return n;
  }

  /** Index of the live router, or -1 when there is not exactly one. */
  public int router() {
    int found = -1;
    for (SimPeer p : peers) {
      if (p.alive && p.role == Role.ROUTER) {
        if (found >= 0) {
          return -1;
        }
        found = p.index;
      }
    }
    return found;
  }

  static long tagOf(Member m, Map<String, Long> tags) {
    Long t = tags.get(m.discoveryId());
    return t == null ? 0x9E3779B97F4A7C15L : t;
  }

  static boolean isNetwork(Notification n) {
    return n instanceof Notification.NetworkChanged;
  }
}
