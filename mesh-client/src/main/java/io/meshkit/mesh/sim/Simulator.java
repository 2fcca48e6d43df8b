package io.meshkit.mesh.sim;

import io.meshkit.mesh.core.Effect;
import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.core.MeshNode;
import io.meshkit.mesh.core.NamespaceSpec;
import io.meshkit.mesh.core.Notification;
import io.meshkit.mesh.core.Role;
import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.MeshMessage;
import io.meshkit.mesh.core.wire.MeshWire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A deterministic world for many {@link MeshNode}s: a virtual clock and event queue, an in-memory PeerJS signaling
 * server (one ID per claim, ID-TAKEN, a silently dead client's IDs held for {@code alive_timeout}, IDs freed at once
 * when a socket closes, EXPIRE for offers to unknown IDs), data links between (local ID, remote ID) pairs with latency,
 * FIFO order, loss and partitions, and ICE's late {@code disconnected}. Nodes host several namespaces, change them
 * while running, crash, and restart with the same discovery UUID. Same seed, same run.
 *
 * <p>Every effect a node returns is carried out or the run fails: an effect this world does not know is a bug.
 */
public final class Simulator {

  /** The namespace {@link #addPeer()} puts a peer in. */
  public static final String DEFAULT_NS = "nsim";
  /** The ID prefix of every simulated node. */
  public static final String PREFIX = "app";

  private record Ev(long at, long seq, Runnable action) {}

  private record Holder(int peer, long heldUntil) {}

  private record Key(String local, String remote) {}

  /** A data link: peer a's (aLocal → bLocal) is peer b's (bLocal → aLocal). */
  private static final class Link {
    final int a;
    final String aLocal;
    final int b;
    final String bLocal;
    long lastAb;
    long lastBa;
    /** Closed on purpose: messages already sent still arrive (SCTP delivers before the close). */
    boolean closedCleanly;

    Link(int a, String aLocal, int b, String bLocal) {
      this.a = a;
      this.aLocal = aLocal;
      this.b = b;
      this.bLocal = bLocal;
    }

    Key keyOf(int peer) {
      return peer == a ? new Key(aLocal, bLocal) : new Key(bLocal, aLocal);
    }
  }

  private final SimConfig cfg;
  private final SplittableRandom rnd;
  private final PriorityQueue<Ev> queue = new PriorityQueue<>((x, y) ->
      x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));
  private long seq;
  private long now;
  private double loss;
  private final List<SimPeer> peers = new ArrayList<>();
  private final Map<String, Holder> ids = new HashMap<>();
  private final List<Map<Key, Link>> links = new ArrayList<>();
  private final List<Map<Key, Long>> connecting = new ArrayList<>();
  private final List<Map<String, Long>> claiming = new ArrayList<>();
  private final Convergence conv = new Convergence();
  private final Map<MeshMessage, Integer> sizes = new HashMap<>();
  private final Map<Entry, Integer> entrySizes = new HashMap<>();
  private long connectGen;
  private long messages;
  private long bytes;
  private long eventsProcessed;
  /** Per namespace: since when two or more routers coexist (absent when at most one), and the longest such time. */
  private final Map<String, Long> splitSince = new HashMap<>();
  private final Map<String, Long> longestSplit = new HashMap<>();

  /** When set, every event and effect is printed (debugging a seed). */
  public boolean trace;

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

  /** Bytes of those messages as JSON text (docs/PROTOCOL.md §3.3). */
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

  // ---------------------------------------------------------------- the scenario's controls

  /** Creates a peer in the default namespace (not started). */
  public int addPeer() {
    return addPeer(DEFAULT_NS);
  }

  /** Creates a peer that will take part in {@code namespaces} (not started). Its UUID and seeds come from the run's. */
  public int addPeer(String... namespaces) {
    int i = peers.size();
    String uuid = String.format("%016x", rnd.nextLong()) + String.format("%04d", i);
    SimPeer p = new SimPeer(i, uuid, rnd.nextLong());
    for (String ns : namespaces) {
      p.namespaces.add(ns);
    }
    peers.add(p);
    links.add(new HashMap<>());
    connecting.add(new HashMap<>());
    claiming.add(new HashMap<>());
    return i;
  }

  /** Starts peer {@code i} now (a new incarnation if it ran before). */
  public void start(int i) {
    SimPeer p = peers.get(i);
    if (p.alive) {
      return;
    }
    p.incarnation++;
    p.node = new MeshNode("peer" + i, PREFIX + "-t" + p.uuid + "x" + p.incarnation,
        new SplittableRandom(rnd.nextLong()));
    p.views.clear();
    links.get(i).clear();
    connecting.get(i).clear();
    claiming.get(i).clear();
    p.alive = true;
    int inc = p.incarnation;
    at(now, () -> {
      if (p.alive && p.incarnation == inc) {
        handle(p, new MeshEvent.Start(1_700_000_000_000L + now));
        for (String ns : p.namespaces) {
          add(p, ns);
        }
      }
    });
    for (String ns : p.namespaces) {
      conv.liveChanged(ns, peers);
    }
  }

  private void add(SimPeer p, String ns) {
    NamespaceSpec spec = new NamespaceSpec(ns, PREFIX, ns, p.uuid, cfg.mesh());
    conv.register(spec.discoveryId(), Convergence.tagOf(p, ns));
    handle(p, new MeshEvent.AddNamespace(spec));
  }

  /** Peer {@code i} joins namespace {@code ns} as well (now). */
  public void addNamespace(int i, String ns) {
    SimPeer p = peers.get(i);
    if (!p.namespaces.add(ns)) {
      return;
    }
    if (p.alive) {
      add(p, ns);
    }
    conv.liveChanged(ns, peers);
  }

  /** Peer {@code i} leaves namespace {@code ns} cleanly (now). */
  public void removeNamespace(int i, String ns) {
    SimPeer p = peers.get(i);
    if (!p.namespaces.remove(ns)) {
      return;
    }
    if (p.alive) {
      handle(p, new MeshEvent.RemoveNamespace(ns));
    }
    conv.liveChanged(ns, peers);
  }

  /** Peer {@code i} moves from namespace {@code from} to {@code to} (a laptop on another network). */
  public void moveNamespace(int i, String from, String to) {
    removeNamespace(i, from);
    addNamespace(i, to);
  }

  /** Clean exit of peer {@code i}: it says goodbye, then its signaling sockets close (IDs freed at once). */
  public void stopClean(int i) {
    SimPeer p = peers.get(i);
    if (!p.alive) {
      return;
    }
    handle(p, new MeshEvent.Stop());
    p.alive = false;
    freeIdsOf(i);
    for (Link l : new ArrayList<>(links.get(i).values())) {
      closeLink(l, i, false);
    }
    liveChanged(p);
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
    liveChanged(p);
  }

  /**
   * The process of peer {@code i} is killed (SIGKILL): the kernel closes its sockets, so the signaling server frees its
   * IDs at once, but its WebRTC peers see nothing until ICE gives up (~5 s).
   */
  public void killProcess(int i) {
    SimPeer p = peers.get(i);
    if (!p.alive) {
      return;
    }
    p.alive = false;
    freeIdsOf(i);
    for (Link l : new ArrayList<>(links.get(i).values())) {
      closeLink(l, i, true);
    }
    liveChanged(p);
  }

  private void freeIdsOf(int i) {
    for (Map.Entry<String, Holder> e : new ArrayList<>(ids.entrySet())) {
      if (e.getValue().peer == i) {
        // Capture key and value now: the entry object is the map's own and may hold another peer's claim later.
        String id = e.getKey();
        Holder h = e.getValue();
        at(now + sig(), () -> ids.remove(id, h));
      }
    }
  }

  private void liveChanged(SimPeer p) {
    for (String ns : p.namespaces) {
      conv.liveChanged(ns, peers);
    }
    for (String ns : p.views.keySet()) {
      conv.liveChanged(ns, peers);
    }
    splitCheck();
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
   * In every namespace with a live member: exactly one live router, every live member names its slot ID, every live
   * member's list equals that namespace's live set minus itself.
   */
  public boolean converged() {
    return conv.converged(peers);
  }

  /** The same for one namespace. */
  public boolean converged(String ns) {
    return conv.converged(ns, peers);
  }

  /** Why not converged, for test messages. */
  public String describe() {
    return conv.describe(peers);
  }

  /**
   * The longest time two or more live routers coexisted in {@code ns} so far (including a period still going on), in
   * virtual milliseconds.
   */
  public long longestSplitMillis(String ns) {
    long longest = longestSplit.getOrDefault(ns, 0L);
    Long since = splitSince.get(ns);
    return since == null ? longest : Math.max(longest, now - since);
  }

  /** Live router count in the default namespace. */
  public int liveRouters() {
    return liveRouters(DEFAULT_NS);
  }

  public int liveRouters(String ns) {
    return conv.routers(ns, peers);
  }

  /** Index of the live router of the default namespace, or -1 when there is not exactly one. */
  public int router() {
    return router(DEFAULT_NS);
  }

  public int router(String ns) {
    int found = -1;
    for (SimPeer p : peers) {
      if (p.alive && p.namespaces.contains(ns) && p.role(ns) == Role.ROUTER) {
        if (found >= 0) {
          return -1;
        }
        found = p.index;
      }
    }
    return found;
  }

  // ---------------------------------------------------------------- the event loop

  private void step() {
    Ev e = queue.poll();
    now = e.at;
    eventsProcessed++;
    e.action.run();
  }

  private void at(long t, Runnable r) {
    queue.add(new Ev(Math.max(t, now), seq++, r));
  }

  /** Delivers {@code ev} to the current incarnation of peer {@code i} after {@code delay}, if it is still alive. */
  private void deliver(int i, MeshEvent ev, long delay) {
    SimPeer p = peers.get(i);
    int inc = p.incarnation;
    at(now + delay, () -> {
      if (p.alive && p.incarnation == inc) {
        handle(p, ev);
      }
    });
  }

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
      claim(p, c.id());
    } else if (f instanceof Effect.ReleaseId r) {
      release(p, r.id());
    } else if (f instanceof Effect.Connect c) {
      connect(p, c.localId(), c.remoteId());
    } else if (f instanceof Effect.Send s) {
      send(p, new Key(s.localId(), s.remoteId()), s.message());
    } else if (f instanceof Effect.Disconnect d) {
      Key k = new Key(d.localId(), d.remoteId());
      connecting.get(i).remove(k); // the adapter closes a connection still opening, too
      Link l = links.get(i).get(k);
      if (l != null) {
        closeLink(l, i, false);
      }
    } else if (f instanceof Effect.ScheduleAt s) {
      deliver(i, new MeshEvent.Timer(s.key()), s.atMillis() - now);
    } else if (f instanceof Effect.Notify n) {
      conv.notified(p, n.notification());
      if (n.notification() instanceof Notification.RoleChanged
          || n.notification() instanceof Notification.NamespaceStopped
          || n.notification() instanceof Notification.Stopped) {
        splitCheck();
      }
    } else {
      throw new IllegalStateException("the simulator does not know the effect " + f);
    }
  }

  private void splitCheck() {
    for (String ns : conv.namespaces()) {
      int routers = conv.routers(ns, peers);
      Long since = splitSince.get(ns);
      if (routers >= 2 && since == null) {
        splitSince.put(ns, now);
      } else if (routers < 2 && since != null) {
        splitSince.remove(ns);
        longestSplit.merge(ns, now - since, Math::max);
      }
    }
  }

  private void claim(SimPeer p, String id) {
    int i = p.index;
    long sig = sig();
    long gen = ++connectGen;
    claiming.get(i).put(id, gen);
    int inc = p.incarnation;
    at(now + sig, () -> {
      Long current = claiming.get(i).get(id);
      if (current == null || current != gen || p.incarnation != inc) {
        return; // released before the server saw it: the adapter closed that signaling connection
      }
      Holder h = ids.get(id);
      boolean free = h == null || h.heldUntil <= now;
      if (free && p.alive) {
        ids.put(id, new Holder(i, Long.MAX_VALUE));
      }
      at(now + sig, () -> {
        Long still = claiming.get(i).get(id);
        if (still == null || still != gen || !p.alive || p.incarnation != inc) {
          return; // released meanwhile: the adapter reports nothing for a closed claim
        }
        claiming.get(i).remove(id);
        handle(p, free ? new MeshEvent.IdClaimed(id) : new MeshEvent.IdTaken(id));
      });
    });
  }

  private void release(SimPeer p, String id) {
    int i = p.index;
    claiming.get(i).remove(id);
    Holder released = ids.get(id);
    if (released != null && released.peer == i) {
      // The adapter closes that signaling connection at once: offers to it go nowhere from now on, even before the
      // server has noticed the close.
      ids.put(id, new Holder(i, now));
    }
    at(now + sig(), () -> {
      Holder h = ids.get(id);
      if (h != null && h.peer == i) {
        ids.remove(id);
      }
    });
    for (Link l : new ArrayList<>(links.get(i).values())) {
      if (l.keyOf(i).local().equals(id)) {
        closeLink(l, i, false);
      }
    }
    connecting.get(i).keySet().removeIf(k -> k.local().equals(id));
  }

  private void connect(SimPeer p, String local, String target) {
    int i = p.index;
    long sig = sig();
    long gen = ++connectGen;
    Key key = new Key(local, target);
    connecting.get(i).put(key, gen);
    long setup = cfg.connectSetupMaxMillis() == 0 ? 0 : rnd.nextLong(cfg.connectSetupMaxMillis() + 1);
    Holder from = ids.get(local);
    if (from == null || from.peer != i || from.heldUntil <= now) {
      failConnect(i, key, gen, sig); // the offer can only go out from an ID we hold
      return;
    }
    at(now + sig, () -> {
      Holder h = ids.get(target);
      if (h == null || h.heldUntil <= now) {
        failConnect(i, key, gen, cfg.expireTimeoutMillis()); // PeerJS EXPIRE
        return;
      }
      SimPeer m = peers.get(h.peer);
      if (h.peer == i) {
        failConnect(i, key, gen, sig);
        return;
      }
      if (!m.alive || m.group != p.group) {
        return; // offer into a dead socket or across a partition: nothing comes back
      }
      int mInc = m.incarnation;
      // OFFER relayed, ANSWER back, ICE + DTLS + SCTP.
      at(now + sig + sig + latency() * 2 + setup, () -> {
        Holder still = ids.get(target);
        Holder mine = ids.get(local);
        Long current = connecting.get(i).get(key);
        if (current == null || current != gen) {
          return; // the node gave up (Disconnect) or connected again meanwhile: the adapter closed this one
        }
        connecting.get(i).remove(key);
        if (!p.alive || !m.alive || m.incarnation != mInc || m.group != p.group || still == null
            || still.peer != m.index || still.heldUntil <= now || mine == null || mine.peer != i) {
          return;
        }
        replace(i, key);
        replace(m.index, new Key(target, local));
        Link l = new Link(i, local, m.index, target);
        links.get(i).put(key, l);
        links.get(m.index).put(new Key(target, local), l);
        l.lastAb = now;
        l.lastBa = now;
        handle(p, new MeshEvent.Connected(local, target, false));
        if (m.alive && m.incarnation == mInc) {
          handle(m, new MeshEvent.Connected(target, local, true));
        }
      });
    });
  }

  /** Reports a failed connect unless the node gave up on it meanwhile (the adapter reports nothing for those). */
  private void failConnect(int i, Key key, long gen, long delay) {
    SimPeer p = peers.get(i);
    int inc = p.incarnation;
    at(now + delay, () -> {
      Long current = connecting.get(i).get(key);
      if (current != null && current == gen && p.alive && p.incarnation == inc) {
        connecting.get(i).remove(key);
        handle(p, new MeshEvent.ConnectFailed(key.local(), key.remote()));
      }
    });
  }

  /** A new link under the same key replaces the old one (the adapter keeps one link per local and remote ID). */
  private void replace(int i, Key key) {
    Link old = links.get(i).get(key);
    if (old != null) {
      closeLink(old, i, false);
    }
  }

  private void send(SimPeer p, Key key, MeshMessage msg) {
    Link l = links.get(p.index).get(key);
    if (l == null) {
      return;
    }
    int size = size(msg);
    if (size > MeshWire.MAX_MESSAGE_BYTES) {
      throw new IllegalStateException("a message of " + size + " bytes was sent: " + msg.getClass().getSimpleName());
    }
    messages++;
    bytes += size;
    boolean ab = l.a == p.index;
    int to = ab ? l.b : l.a;
    Key toKey = l.keyOf(to);
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
    int inc = dst.incarnation;
    at(t, () -> {
      if (dst.alive && dst.incarnation == inc && (links.get(to).get(toKey) == l || l.closedCleanly)) {
        handle(dst, new MeshEvent.Received(toKey.local(), toKey.remote(), msg));
      }
    });
  }

  private int size(MeshMessage msg) {
    if (sizes.size() > 50_000) {
      sizes.clear();
    }
    if (entrySizes.size() > 200_000) {
      entrySizes.clear();
    }
    return sizes.computeIfAbsent(msg, m -> wireSize(m, entrySizes));
  }

  /**
   * {@link MeshWire#size} computed from cached entry sizes: the same entries recur in every snapshot, and encoding a
   * 1,000-entry snapshot per check-in would dominate a 1,000-peer run. Equal to {@code MeshWire.size(m)}.
   */
  static int wireSize(MeshMessage m, Map<Entry, Integer> cache) {
    if (m instanceof MeshMessage.Welcome w) {
      return MeshWire.size(new MeshMessage.Welcome(w.protocol(), w.slot(), w.routerDiscoveryId(), w.version(),
          w.successor(), w.part(), w.parts(), List.of())) + listSize(w.entries(), cache);
    } else if (m instanceof MeshMessage.Delta d) {
      return MeshWire.size(new MeshMessage.Delta(d.version(), List.of(), d.removed(), d.successor()))
          + listSize(d.upserts(), cache);
    } else if (m instanceof MeshMessage.Merge mg) {
      return MeshWire.size(new MeshMessage.Merge(mg.protocol(), mg.slot(), List.of())) + listSize(mg.entries(), cache);
    }
    return MeshWire.size(m);
  }

  private static int listSize(List<Entry> entries, Map<Entry, Integer> cache) {
    int total = Math.max(0, entries.size() - 1); // commas
    for (Entry e : entries) {
      total += cache.computeIfAbsent(e, MeshWire::size);
    }
    return total;
  }

  /**
   * Removes {@code l}; the side(s) other than {@code closer} learn it: after queued messages for a clean close, after
   * the ICE timeout for a silent loss or a partition.
   */
  private void closeLink(Link l, int closer, boolean silent) {
    l.closedCleanly = !silent;
    Key ka = l.keyOf(l.a);
    Key kb = l.keyOf(l.b);
    if (links.get(l.a).get(ka) == l) {
      links.get(l.a).remove(ka);
    }
    if (links.get(l.b).get(kb) == l) {
      links.get(l.b).remove(kb);
    }
    if (l.a != closer) {
      long t = silent ? now + cfg.iceDisconnectMillis() : Math.max(now + latency(), l.lastBa);
      deliver(l.a, new MeshEvent.Disconnected(ka.local(), ka.remote()), t - now);
    }
    if (l.b != closer) {
      long t = silent ? now + cfg.iceDisconnectMillis() : Math.max(now + latency(), l.lastAb);
      deliver(l.b, new MeshEvent.Disconnected(kb.local(), kb.remote()), t - now);
    }
  }
}
