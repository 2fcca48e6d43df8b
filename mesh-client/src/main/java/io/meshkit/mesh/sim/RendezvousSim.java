package io.meshkit.mesh.sim;

import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.contacts.ContactLists;
import io.meshkit.mesh.contacts.ContactNotification;
import io.meshkit.mesh.contacts.ContactView;
import io.meshkit.mesh.contacts.ContactWire;
import io.meshkit.mesh.core.Effect;
import io.meshkit.mesh.core.MeetingVerdict;
import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.core.MeshNode;
import io.meshkit.mesh.identity.HandshakeTranscript;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.identity.IdentityKey;
import io.meshkit.mesh.rendezvous.RendezvousConfig;
import io.meshkit.mesh.rendezvous.RendezvousEffect;
import io.meshkit.mesh.rendezvous.RendezvousEvent;
import io.meshkit.mesh.rendezvous.RendezvousNode;
import io.meshkit.mesh.rendezvous.RendezvousNotification;
import io.meshkit.mesh.rendezvous.SpecialContact;
import io.meshkit.mesh.rendezvous.TimeSlot;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic world for special contacts (docs/PROTOCOL.md §13.2): many clients, each running the real
 * {@link RendezvousNode} beside a real {@link MeshNode} that runs the meeting namespaces it asks for, with a virtual
 * clock, an in-memory PeerJS signaling server (one holder per ID, {@code ID-TAKEN}, IDs freed when a process ends,
 * EXPIRE for offers to unknown IDs) and links with latency and FIFO order. Rendezvous links carry the real messages
 * (through {@link ContactWire}'s tree form) with real identity keys, handshakes and signed notes. Clients go on and off
 * at random (each online period a new process), register new Transport IDs on restart or lose them while running, and
 * squatters take freed Transport IDs or race rendezvous namespaces they see at the signaling server for slot 1,
 * answering every link with their own key ({@link RendezvousSquatters}). Same seed, same run.
 *
 * <p>What is simplified: the contacts core. A client's direct contact links are a model of it: a {@code Ping} reaches
 * the contact when the Transport ID this client holds for it is registered by that contact now (both sides then list
 * each other as connected and learn each other's current Transport ID, as {@code presence} does), meets a squatter's
 * other key when someone else holds it (reported as {@code Imposter}, and the ID is blacklisted), and is
 * {@code Unreachable} otherwise; special-contact messages travel only on such a link; a contact's
 * {@code Relocated} Transport ID is stored, taken off the blacklist and tried at once. The real contacts core is tested
 * on its own and in the processes and NAT-lab tests.
 */
public final class RendezvousSim {
  /** 2024-06-10T14:00:00Z, a slot start: the true wall clock at virtual time 0. */
  static final long BASE = 1_718_028_000_000L;
  static final String PREFIX = "app";
  static final long SLOT = TimeSlot.MILLIS;
  private static final long EXPIRE_MILLIS = 5_000;
  private static final long ICE_MILLIS = 5_000;
  private static final int SQUATTERS = 4;

  private record Ev(long at, long seq, Runnable action) {}

  /** Who holds an ID: a client (index ≥ 0, its incarnation) or a squatter (index < 0). */
  record Holder(int who, int inc) {}

  private final RendezvousSimConfig cfg;
  private final RendezvousConfig rcfg;
  final SplittableRandom rnd;
  private final PriorityQueue<Ev> queue = new PriorityQueue<>((x, y) ->
      x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));
  private long seq;
  private long now;
  private long gens;
  final List<RendezvousSimClient> clients = new ArrayList<>();
  private final Map<String, Integer> byFp = new HashMap<>();
  private final RendezvousSquatters squat;
  final Map<String, Holder> ids = new HashMap<>();
  private final Map<Long, RendezvousEncounter> encounters = new HashMap<>();
  private final RendezvousSimReport report = new RendezvousSimReport();
  private double connArea;
  /** Clients whose every event and effect is printed (debugging a seed). */
  public final Set<Integer> trace = new HashSet<>();
  private long onlineMillis;
  private long claims;

  public RendezvousSim(RendezvousSimConfig cfg) {
    this.cfg = cfg;
    this.rcfg = RendezvousConfig.defaults().withBudget(cfg.budget());
    this.rnd = new SplittableRandom(cfg.seed());
    Identity[] squatters = new Identity[SQUATTERS];
    for (int k = 0; k < SQUATTERS; k++) {
      squatters[k] = identity();
    }
    squat = new RendezvousSquatters(this, squatters, cfg.squatTransportId(), cfg.squatSlot());
    for (int i = 0; i < cfg.clients(); i++) {
      RendezvousSimClient c = new RendezvousSimClient(i, identity(), cfg.maxSkewMillis() == 0 ? 0
          : rnd.nextLong(-cfg.maxSkewMillis(), cfg.maxSkewMillis() + 1));
      c.tid = newTidName(c);
      clients.add(c);
      byFp.put(c.fp, i);
    }
    pairUp();
  }

  private Identity identity() {
    return Identity.of(new BigInteger(200, new Random(rnd.nextLong())).add(BigInteger.ONE));
  }

  /** Random pairs until every client has its number of special contacts (a few may get one fewer). */
  private void pairUp() {
    int n = cfg.clients();
    for (RendezvousSimClient a : clients) {
      for (int attempt = 0; a.specials.size() < cfg.specials() && attempt < 50 * n; attempt++) {
        RendezvousSimClient b = clients.get(rnd.nextInt(n));
        if (b == a || b.specials.size() >= cfg.specials() || a.specials.contains(b.index)) {
          continue;
        }
        byte[] secret = new byte[32];
        rnd.nextBytes(secret);
        long lastSeen = BASE - rnd.nextLong(6 * 3_600_000L);
        a.specials.add(b.index);
        b.specials.add(a.index);
        a.saved.put(b.fp, new SpecialContact(b.id.publicKey(), secret, BASE - 30L * 86_400_000, lastSeen, false, 0));
        b.saved.put(a.fp, new SpecialContact(a.id.publicKey(), secret, BASE - 30L * 86_400_000, lastSeen, false, 0));
        a.storedTid.put(b.index, b.tid);
        b.storedTid.put(a.index, a.tid);
      }
    }
  }

  /** Runs the whole scenario and returns what it saw. */
  public RendezvousSimReport run() {
    double onShare = (double) cfg.meanOnlineMillis() / (cfg.meanOnlineMillis() + cfg.meanOfflineMillis());
    for (RendezvousSimClient c : clients) {
      if (rnd.nextDouble() < onShare) {
        at(rnd.nextLong(60_000), () -> start(c));
      } else {
        at(exp(cfg.meanOfflineMillis()), () -> start(c));
      }
    }
    while (!queue.isEmpty() && queue.peek().at <= cfg.durationMillis()) {
      Ev e = queue.poll();
      now = e.at;
      report.events++;
      e.action.run();
    }
    now = cfg.durationMillis();
    for (RendezvousEncounter e : new ArrayList<>(encounters.values())) {
      finish(e);
    }
    for (RendezvousSimClient c : clients) {
      if (c.online) {
        connections(c);
        onlineMillis += now - c.onlineSince;
      }
    }
    report.simulatedMillis = now;
    report.meanConnections = onlineMillis == 0 ? 0 : connArea / onlineMillis;
    report.claimsPerClientHour = onlineMillis == 0 ? 0 : claims / (onlineMillis / 3_600_000.0);
    return report;
  }

  // ---------------------------------------------------------------- the event loop

  long now() {
    return now;
  }

  void at(long t, Runnable r) {
    queue.add(new Ev(Math.max(t, now), seq++, r));
  }

  /** Runs {@code r} at {@code t} if client {@code c} is still in the same process then. */
  private void atLive(RendezvousSimClient c, long t, Runnable r) {
    int inc = c.inc;
    at(t, () -> {
      if (c.online && c.inc == inc) {
        r.run();
      }
    });
  }

  long exp(long mean) {
    return Math.max(1, (long) (-mean * Math.log(1 - rnd.nextDouble())));
  }

  long sig() {
    return 50 + rnd.nextLong(201);
  }

  long latency() {
    return 20 + rnd.nextLong(61);
  }

  // ---------------------------------------------------------------- processes

  private void start(RendezvousSimClient c) {
    if (c.online) {
      return;
    }
    c.inc++;
    c.online = true;
    c.onlineSince = now;
    c.connSince = now;
    Holder h = ids.get(c.tid);
    if (rnd.nextDouble() < cfg.newTransportId() || h != null) {
      c.tid = newTidName(c);
    }
    ids.put(c.tid, new Holder(c.index, c.inc));
    c.tids.add(c.tid);
    c.dtls = bytes(HandshakeTranscript.FINGERPRINT_BYTES);
    c.labels.clear();
    c.mesh = new MeshNode("c" + c.index, c.tid, new SplittableRandom(rnd.nextLong()));
    c.rdv = new RendezvousNode(c.id, PREFIX, rcfg, new SplittableRandom(rnd.nextLong()),
        new ArrayList<>(c.saved.values()));
    for (int j : c.specials) {
      if (clients.get(j).online) {
        encounters.put(pairKey(c.index, j), new RendezvousEncounter(c.index, j, now));
      }
    }
    submit(c, true, new MeshEvent.Start(c.wall(now)), null);
    submit(c, false, new RendezvousEvent.Start(c.wall(now), c.tid), null);
    submit(c, false, lists(c), null);
    atLive(c, now + exp(cfg.meanOnlineMillis()), () -> stop(c, rnd.nextBoolean()));
    if (cfg.tidLossPerHour() > 0) {
      scheduleTidLoss(c);
    }
  }

  private void scheduleTidLoss(RendezvousSimClient c) {
    atLive(c, now + exp((long) (3_600_000 / cfg.tidLossPerHour())), () -> {
      newTid(c);
      submit(c, true, new MeshEvent.TransportIdChanged(c.tid), null);
      submit(c, false, new RendezvousEvent.TransportIdChanged(c.tid), null);
      for (int j : c.up) {
        RendezvousSimClient d = clients.get(j);
        d.storedTid.put(c.index, c.tid); // presence on the link that stays up
        submit(d, false, lists(d), null);
      }
      scheduleTidLoss(c);
    });
  }

  /** The process ends: cleanly (its peers hear at once) or killed (they hear when ICE gives up). */
  private void stop(RendezvousSimClient c, boolean crash) {
    submit(c, false, new RendezvousEvent.Stop(), null);
    submit(c, true, new MeshEvent.Stop(), null);
    connections(c);
    onlineMillis += now - c.onlineSince;
    c.online = false;
    for (Map.Entry<String, Holder> e : new ArrayList<>(ids.entrySet())) {
      if (e.getValue().who == c.index) {
        ids.remove(e.getKey());
        if (e.getKey().equals(c.tid)) {
          squat.maybeSquat(c.tid);
        }
      }
    }
    c.connections.clear();
    c.claiming.clear();
    c.connecting.clear();
    for (LinkEnd e : new ArrayList<>(c.meshEnds.values())) {
      close(e, crash);
    }
    for (LinkEnd e : new ArrayList<>(c.rdvEnds.values())) {
      close(e, crash);
    }
    c.meshEnds.clear();
    c.rdvEnds.clear();
    c.work.clear();
    for (int j : new ArrayList<>(c.up)) {
      RendezvousSimClient d = clients.get(j);
      c.up.remove(j);
      d.up.remove(c.index);
      atLive(d, now + (crash ? ICE_MILLIS : latency()), () -> submit(d, false, lists(d), null));
    }
    for (int j : c.specials) {
      RendezvousEncounter e = encounters.get(pairKey(c.index, j));
      if (e != null) {
        finish(e);
      }
    }
    at(now + exp(cfg.meanOfflineMillis()), () -> start(c));
  }

  private String newTidName(RendezvousSimClient c) {
    return PREFIX + "-t" + c.index + "x" + (++c.tidSeq);
  }

  /** A running client's Transport ID is gone (the server dropped it): it registers a new one. */
  private void newTid(RendezvousSimClient c) {
    Holder h = ids.get(c.tid);
    if (h != null && h.who == c.index) {
      ids.remove(c.tid);
      squat.maybeSquat(c.tid);
    }
    c.tid = newTidName(c);
    ids.put(c.tid, new Holder(c.index, c.inc));
    c.tids.add(c.tid);
  }

  // ---------------------------------------------------------------- stepping the two cores of a client

  void submit(RendezvousSimClient c, boolean mesh, Object event, LinkEnd cause) {
    if (!c.online) {
      return;
    }
    c.work.add(new RendezvousSimClient.Work(mesh, event, cause));
    if (c.draining) {
      return;
    }
    c.draining = true;
    try {
      RendezvousSimClient.Work w;
      while (c.online && (w = c.work.poll()) != null) {
        if (w.mesh()) {
          List<Effect> effects = c.mesh.step((MeshEvent) w.event(), now);
          if (trace.contains(c.index)) {
            System.out.println(now + " #" + c.index + " mesh <- " + w.event() + "\n    -> " + effects);
          }
          for (Effect f : effects) {
            applyMesh(c, f);
          }
        } else {
          c.current = w.cause();
          List<RendezvousEffect> effects = c.rdv.step((RendezvousEvent) w.event(), now);
          if (trace.contains(c.index)) {
            System.out.println(now + " #" + c.index + " rdv <- " + w.event() + "\n    -> " + effects);
          }
          for (RendezvousEffect f : effects) {
            applyRendezvous(c, f);
          }
          c.current = null;
          int held = c.rdv.held().size();
          report.maxNamespaces = Math.max(report.maxNamespaces, held);
          if (held > cfg.budget()) {
            report.overBudget++;
          }
        }
      }
    } finally {
      c.draining = false;
    }
  }

  private void applyMesh(RendezvousSimClient c, Effect f) {
    if (f instanceof Effect.ClaimId cl) {
      claim(c, cl.id());
    } else if (f instanceof Effect.ReleaseId r) {
      release(c, r.id());
    } else if (f instanceof Effect.Connect cn) {
      connect(c, cn.localId(), cn.remoteId());
    } else if (f instanceof Effect.Disconnect d) {
      String key = d.localId() + " " + d.remoteId();
      c.connecting.remove(key);
      LinkEnd e = c.meshEnds.remove(key);
      if (e != null) {
        close(e, false);
      }
    } else if (f instanceof Effect.ScheduleAt t) {
      atLive(c, t.atMillis(), () -> submit(c, true, new MeshEvent.Timer(t.key()), null));
    } else if (f instanceof Effect.HandOff h) {
      String key = h.localId() + " " + h.remoteId();
      LinkEnd e = c.meshEnds.remove(key);
      if (e == null || e.closed) {
        submit(c, true, new MeshEvent.MeetingEnded(h.localId(), h.remoteId(), MeetingVerdict.UNPROVEN), null);
        return;
      }
      e.rdvLink = c.nextLink++;
      c.rdvEnds.put(e.rdvLink, e);
      submit(c, false, new RendezvousEvent.MeetingOpened(e.rdvLink, h.namespace(), h.localId(), h.remoteId(),
          h.inbound(), c.dtls, e.other.fingerprint, true), e);
    } else if (f instanceof Effect.Send) {
      throw new IllegalStateException("a mesh message in a meeting namespace: " + f);
    } else if (!(f instanceof Effect.Notify)) {
      throw new IllegalStateException("the rendezvous simulator does not know the effect " + f);
    }
  }

  private void applyRendezvous(RendezvousSimClient c, RendezvousEffect f) {
    if (f instanceof RendezvousEffect.ToMesh m) {
      if (m.event() instanceof MeshEvent.AddNamespace a && !c.labels.add(a.spec().label())
          || m.event() instanceof MeshEvent.RemoveNamespace r && !c.labels.remove(r.label())) {
        report.namespaceErrors++;
      }
      submit(c, true, m.event(), null);
    } else if (f instanceof RendezvousEffect.ToContacts t) {
      toContacts(c, t.event());
    } else if (f instanceof RendezvousEffect.SendMeeting s) {
      LinkEnd e = c.rdvEnds.get(s.link());
      if (e != null) {
        send(e, ContactWire.toTree(s.message()));
      }
    } else if (f instanceof RendezvousEffect.CloseMeeting cm) {
      LinkEnd e = c.rdvEnds.remove(cm.link());
      if (e != null) {
        close(e, false);
      }
    } else if (f instanceof RendezvousEffect.ScheduleAt t) {
      atLive(c, t.atMillis(), () -> submit(c, false, new RendezvousEvent.Timer(t.key()), null));
    } else if (f instanceof RendezvousEffect.SaveSpecial s) {
      c.saved.put(s.contact().fingerprint(), s.contact());
    } else if (f instanceof RendezvousEffect.DeleteSpecial d) {
      throw new IllegalStateException("a special contact was ended in a world where nobody ends one: " + d);
    } else if (f instanceof RendezvousEffect.Notify n) {
      notified(c, n.notification());
    } else {
      throw new IllegalStateException("the rendezvous simulator does not know the effect " + f);
    }
  }

  private void notified(RendezvousSimClient c, RendezvousNotification n) {
    if (n instanceof RendezvousNotification.Met met) {
      Integer j = byFp.get(met.contact());
      LinkEnd cause = c.current;
      if (j == null || cause == null || cause.other.who != j || !clients.get(j).tids.contains(met.transportId())) {
        report.violation("client " + c.index + " met " + met + " on a link to "
            + (cause == null ? "nobody" : cause.other.who));
        return;
      }
      report.meetings++;
      RendezvousEncounter e = encounters.get(pairKey(c.index, j));
      if (e != null && e.met < 0) {
        e.viaRendezvous = true;
      }
    } else if (n instanceof RendezvousNotification.StateChanged st) {
      Integer j = byFp.get(st.contact());
      if (st.state().looking() && j != null && c.up.contains(j)) {
        report.seekingWhileConnected++;
      }
    } else if (n instanceof RendezvousNotification.Imposter imp) {
      Integer j = byFp.get(imp.contact());
      LinkEnd cause = c.current;
      if (cause != null && j != null && cause.other.who == j) {
        report.contactRefused++;
      } else {
        report.impostersCaught++;
      }
    }
  }

  // ---------------------------------------------------------------- the signaling server and links

  private void claim(RendezvousSimClient c, String id) {
    long gen = ++gens;
    c.claiming.put(id, gen);
    if (rendezvous(id)) {
      connections(c);
      c.connections.add(id);
      report.maxConnections = Math.max(report.maxConnections, c.connections.size());
      claims++;
    }
    long sig = sig();
    atLive(c, now + sig, () -> {
      Long g = c.claiming.get(id);
      if (g == null || g != gen) {
        return;
      }
      boolean free = !ids.containsKey(id);
      if (free) {
        ids.put(id, new Holder(c.index, c.inc));
        squat.watch(id);
      }
      atLive(c, now + sig, () -> {
        Long still = c.claiming.get(id);
        if (still == null || still != gen) {
          return;
        }
        c.claiming.remove(id);
        if (!free) {
          connections(c);
          c.connections.remove(id);
        }
        submit(c, true, free ? new MeshEvent.IdClaimed(id) : new MeshEvent.IdTaken(id), null);
      });
    });
  }

  private void release(RendezvousSimClient c, String id) {
    c.claiming.remove(id);
    Holder h = ids.get(id);
    if (h != null && h.who == c.index) {
      ids.remove(id);
    }
    connections(c);
    c.connections.remove(id);
    // Its links close with it: the mesh core hears nothing of its own, the owner of a handed-off one does.
    for (LinkEnd e : new ArrayList<>(c.meshEnds.values())) {
      if (e.local.equals(id)) {
        c.meshEnds.remove(e.local + " " + e.remote);
        close(e, false);
      }
    }
    for (LinkEnd e : new ArrayList<>(c.rdvEnds.values())) {
      if (e.local.equals(id)) {
        c.rdvEnds.remove(e.rdvLink);
        close(e, false);
        submit(c, false, new RendezvousEvent.MeetingClosed(e.rdvLink), null);
      }
    }
    c.connecting.keySet().removeIf(k -> k.startsWith(id + " "));
  }

  private void connect(RendezvousSimClient c, String local, String remote) {
    String key = local + " " + remote;
    long gen = ++gens;
    c.connecting.put(key, gen);
    Holder from = ids.get(local);
    long sig = sig();
    if (from == null || from.who != c.index) {
      failConnect(c, key, gen, sig);
      return;
    }
    atLive(c, now + sig, () -> {
      Holder h = ids.get(remote);
      if (h == null) {
        failConnect(c, key, gen, EXPIRE_MILLIS);
        return;
      }
      if (h.who == c.index) {
        failConnect(c, key, gen, sig);
        return;
      }
      atLive(c, now + sig + sig + 2 * latency() + rnd.nextLong(500), () -> {
        Long g = c.connecting.get(key);
        if (g == null || g != gen || !h.equals(ids.get(remote)) || ids.get(local) == null
            || ids.get(local).who != c.index) {
          return;
        }
        c.connecting.remove(key);
        LinkEnd mine = new LinkEnd(c.index, c.inc, local, remote, c.dtls);
        if (h.who < 0) {
          LinkEnd theirs = new LinkEnd(h.who, 0, remote, local, bytes(HandshakeTranscript.FINGERPRINT_BYTES));
          LinkEnd.join(mine, theirs);
          c.meshEnds.put(key, mine);
          squat.opened(theirs, false);
          submit(c, true, new MeshEvent.Connected(local, remote, false), null);
          return;
        }
        RendezvousSimClient t = clients.get(h.who);
        if (!t.online || t.inc != h.inc) {
          return;
        }
        LinkEnd theirs = new LinkEnd(t.index, t.inc, remote, local, t.dtls);
        LinkEnd.join(mine, theirs);
        replace(c, key, mine);
        replace(t, remote + " " + local, theirs);
        submit(c, true, new MeshEvent.Connected(local, remote, false), null);
        submit(t, true, new MeshEvent.Connected(remote, local, true), null);
      });
    });
  }

  void replace(RendezvousSimClient c, String key, LinkEnd e) {
    LinkEnd old = c.meshEnds.put(key, e);
    if (old != null) {
      close(old, false);
    }
  }

  private void failConnect(RendezvousSimClient c, String key, long gen, long delay) {
    atLive(c, now + delay, () -> {
      Long g = c.connecting.get(key);
      if (g != null && g == gen) {
        c.connecting.remove(key);
        String[] parts = key.split(" ");
        submit(c, true, new MeshEvent.ConnectFailed(parts[0], parts[1]), null);
      }
    });
  }

  /** Sends {@code tree} from {@code e} to the other end (FIFO, with latency); dropped if the link is closed. */
  void send(LinkEnd e, Object tree) {
    if (e.closed) {
      return;
    }
    LinkEnd to = e.other;
    long t = Math.max(now + latency(), to.lastArrival);
    to.lastArrival = t;
    at(t, () -> receive(to, tree));
  }

  private void receive(LinkEnd to, Object tree) {
    if (to.who < 0) {
      squat.received(to, tree);
      return;
    }
    RendezvousSimClient c = clients.get(to.who);
    if (!c.online || c.inc != to.inc || to.rdvLink < 0 || c.rdvEnds.get(to.rdvLink) != to) {
      return;
    }
    ContactWire.Decoded d = ContactWire.fromTree(tree);
    submit(c, false, d instanceof ContactWire.Decoded.Ok ok
        ? new RendezvousEvent.MeetingReceived(to.rdvLink, ok.message())
        : new RendezvousEvent.MeetingDiscarded(to.rdvLink, "rejected"), to);
  }

  /**
   * Closes the link at {@code e}; the other end hears it after the messages already on their way (a clean close) or
   * when ICE gives up. {@code e}'s own side hears nothing (the caller tells it if it must).
   */
  private void close(LinkEnd e, boolean silent) {
    if (e.closed) {
      return;
    }
    e.closed = true;
    LinkEnd o = e.other;
    o.closed = true;
    if (o.who < 0) {
      return;
    }
    RendezvousSimClient d = clients.get(o.who);
    long t = silent ? now + ICE_MILLIS : Math.max(now + latency(), o.lastArrival);
    at(t, () -> {
      if (!d.online || d.inc != o.inc) {
        return;
      }
      if (o.rdvLink >= 0) {
        if (d.rdvEnds.remove(o.rdvLink, o)) {
          submit(d, false, new RendezvousEvent.MeetingClosed(o.rdvLink), o);
        }
      } else if (d.meshEnds.remove(o.local + " " + o.remote, o)) {
        submit(d, true, new MeshEvent.Disconnected(o.local, o.remote), null);
      }
    });
  }

  static boolean rendezvous(String id) {
    return id.startsWith(PREFIX + "-rendezvous-");
  }

  private void connections(RendezvousSimClient c) {
    connArea += (double) c.connections.size() * (now - c.connSince);
    c.connSince = now;
  }

  // ---------------------------------------------------------------- the contacts core's model

  private void toContacts(RendezvousSimClient c, ContactEvent ev) {
    if (ev instanceof ContactEvent.Ping p) {
      ping(c, byFp.get(p.contact()));
    } else if (ev instanceof ContactEvent.SendSpecial s) {
      int j = byFp.get(s.contact());
      if (c.up.contains(j)) {
        RendezvousSimClient d = clients.get(j);
        atLive(d, now + latency(), () -> {
          if (d.up.contains(c.index)) {
            submit(d, false, new RendezvousEvent.FromContacts(new ContactNotification.Special(c.fp, s.message())),
                null);
          }
        });
      }
    } else if (ev instanceof ContactEvent.Relocated r) {
      int j = byFp.get(r.contact());
      if (!clients.get(j).tids.contains(r.transportId())) {
        report.violation("client " + c.index + " took " + r.transportId() + " as client " + j + "'s Transport ID");
      }
      c.storedTid.put(j, r.transportId());
      c.blacklist.remove(r.transportId());
      ping(c, j);
    } else {
      throw new IllegalStateException("the rendezvous simulator does not know the contacts event " + ev);
    }
  }

  private void ping(RendezvousSimClient c, int j) {
    if (c.up.contains(j)) {
      return;
    }
    String tid = c.storedTid.get(j);
    String fp = clients.get(j).fp;
    if (c.blacklist.contains(tid)) {
      atLive(c, now, () -> submit(c, false, new RendezvousEvent.FromContacts(
          new ContactNotification.Unreachable(fp, tid)), null));
      return;
    }
    atLive(c, now + 2 * sig() + 2 * latency() + rnd.nextLong(1_000), () -> {
      if (c.up.contains(j)) {
        return;
      }
      Holder h = ids.get(tid);
      RendezvousSimClient d = clients.get(j);
      if (h == null) {
        atLive(c, now + EXPIRE_MILLIS, () -> submit(c, false, new RendezvousEvent.FromContacts(
            new ContactNotification.Unreachable(fp, tid)), null));
      } else if (h.who == j && d.online && d.inc == h.inc) {
        linkUp(c, d);
      } else {
        report.transportIdImposters++;
        c.blacklist.add(tid);
        submit(c, false, new RendezvousEvent.FromContacts(new ContactNotification.Imposter(fp, tid, "another key")),
            null);
      }
    });
  }

  private void linkUp(RendezvousSimClient c, RendezvousSimClient d) {
    c.up.add(d.index);
    d.up.add(c.index);
    c.storedTid.put(d.index, d.tid);
    d.storedTid.put(c.index, c.tid);
    c.blacklist.remove(d.tid);
    d.blacklist.remove(c.tid);
    RendezvousEncounter e = encounters.get(pairKey(c.index, d.index));
    if (e != null && e.met < 0) {
      e.met = now;
      report.timeToMeet.add(now - e.since);
      if (e.viaRendezvous) {
        report.timeToMeetRendezvous.add(now - e.since);
      }
    }
    submit(c, false, lists(c), null);
    submit(d, false, lists(d), null);
  }

  private RendezvousEvent lists(RendezvousSimClient c) {
    List<ContactView> saved = new ArrayList<>();
    for (int j : c.specials) {
      RendezvousSimClient d = clients.get(j);
      IdentityKey k = d.id.publicKey();
      saved.add(new ContactView(d.fp, k.hex(), "c" + j, c.storedTid.get(j), null, 0, false, c.up.contains(j), ""));
    }
    return new RendezvousEvent.FromContacts(new ContactNotification.ListsChanged(
        new ContactLists(List.of(), List.of(), saved)));
  }

  // ---------------------------------------------------------------- encounters

  private static long pairKey(int a, int b) {
    return ((long) Math.min(a, b) << 32) | Math.max(a, b);
  }

  private void finish(RendezvousEncounter e) {
    encounters.remove(pairKey(e.a, e.b));
    e.finish(now, SLOT, report);
  }

  byte[] bytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }
}
