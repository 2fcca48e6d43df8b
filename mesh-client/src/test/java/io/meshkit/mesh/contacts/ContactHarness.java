package io.meshkit.mesh.contacts;

import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.identity.Identity;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Several {@link ContactNode}s on a virtual clock and an in-memory "signaling server": a connect to an ID some node
 * holds opens a link to it after {@link #latency}; every message goes through its JSON text and back (so the codec is
 * exercised too); a close reaches the other end; timers fire in time order. What each node stored (the {@code Save…}
 * effects) is kept as a node's "disk", so a restart can be simulated. A relay in the middle ({@link #mitm}) gives each
 * side a different remote DTLS fingerprint, as a signaling server that rewrote the SDP would.
 */
final class ContactHarness {
  long now;
  long latency = 20;
  boolean mitm;
  private long seq;
  private final SplittableRandom random = new SplittableRandom(7);
  private final PriorityQueue<Pending> queue = new PriorityQueue<>();
  final Map<String, Peer> byId = new HashMap<>();
  final List<Peer> peers = new ArrayList<>();
  /** Links by (peer, link number) → the other end. */
  private final Map<String, End> ends = new HashMap<>();
  /** Link ends their own node closed: nothing is delivered there any more. */
  private final java.util.Set<String> closedHere = new java.util.HashSet<>();

  private record Pending(long at, long order, Runnable action) implements Comparable<Pending> {
    @Override
    public int compareTo(Pending o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
    }
  }

  private record End(Peer peer, long link) {}

  /** One client: its node, its IDs, what it was told and what it stored. */
  final class Peer {
    final String name;
    final Identity identity;
    final String uuid;
    String transportId;
    String discoveryId;
    ContactNode node;
    boolean up;
    long nextInbound = -1;
    final List<ContactNotification> told = new ArrayList<>();
    final Map<String, Contact> diskContacts = new HashMap<>();
    final Map<String, ChatMessage> diskOutbox = new java.util.LinkedHashMap<>();
    final List<ChatMessage> diskReceived = new ArrayList<>();
    final List<ContactMessage> sent = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    Peer(String name, long key, String uuid) {
      this.name = name;
      this.identity = Identity.of(BigInteger.valueOf(key));
      this.uuid = uuid;
    }

    void start(String transport) {
      transportId = transport;
      discoveryId = "mesh-n0123456789abcdef-" + uuid;
      node = new ContactNode(identity, name, transportId, uuid, ContactsConfig.defaults(),
          new SplittableRandom(random.nextLong()), List.copyOf(diskContacts.values()),
          List.copyOf(diskOutbox.values()));
      up = true;
      byId.put(transportId, this);
      byId.put(discoveryId, this);
      step(new ContactEvent.Start(1_700_000_000_000L + now));
    }

    /** A crash: IDs freed at once, links dropped (the other ends see a close), nothing more from this node. */
    void kill() {
      up = false;
      byId.values().removeIf(p -> p == this);
      for (Map.Entry<String, End> e : new ArrayList<>(ends.entrySet())) {
        if (e.getKey().startsWith(name + "/")) {
          ends.remove(e.getKey());
          End other = e.getValue();
          ends.remove(other.peer().name + "/" + other.link());
          later(latency, () -> other.peer().step(new ContactEvent.Closed(other.link())));
        }
      }
    }

    void step(ContactEvent e) {
      if (!up) {
        return;
      }
      for (ContactEffect f : node.step(e, now)) {
        apply(this, f);
      }
    }

    String fingerprint() {
      return identity.publicKey().fingerprint();
    }

    Member member() {
      return new Member(discoveryId, name, uuid, transportId);
    }

    <T extends ContactNotification> List<T> told(Class<T> type) {
      return told.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends ContactNotification> T last(Class<T> type) {
      List<T> all = told(type);
      return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    List<String> receivedTexts() {
      return diskReceived.stream().map(ChatMessage::text).toList();
    }
  }

  Peer peer(String name, long key) {
    return peer(name, key, String.format("%08d-0000-4000-8000-000000000000", peers.size() + 1));
  }

  Peer peer(String name, long key, String uuid) {
    Peer p = new Peer(name, key, uuid);
    peers.add(p);
    return p;
  }

  void later(long delay, Runnable r) {
    queue.add(new Pending(now + delay, seq++, r));
  }

  /** Runs events until the queue is empty or {@code until} is reached. */
  void runFor(long millis) {
    long end = now + millis;
    while (!queue.isEmpty() && queue.peek().at() <= end) {
      Pending p = queue.poll();
      now = Math.max(now, p.at());
      p.action().run();
    }
    now = end;
  }

  /** Runs until {@code done} holds (checked after each event), at most {@code millis}. */
  boolean runUntil(Predicate<ContactHarness> done, long millis) {
    long end = now + millis;
    while (!done.test(this)) {
      if (queue.isEmpty() || queue.peek().at() > end) {
        now = end;
        return done.test(this);
      }
      Pending p = queue.poll();
      now = Math.max(now, p.at());
      p.action().run();
    }
    return true;
  }

  private byte[] fingerprint() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return b;
  }

  private void apply(Peer p, ContactEffect f) {
    p.log.add(now + " " + f.toString().substring(0, Math.min(120, f.toString().length())));
    if (f instanceof ContactEffect.Connect c) {
      Peer target = byId.get(c.remoteId());
      if (target == null) {
        later(5_000, () -> p.step(new ContactEvent.ConnectFailed(c.link()))); // the server's EXPIRE
        return;
      }
      long inbound = target.nextInbound--;
      ends.put(p.name + "/" + c.link(), new End(target, inbound));
      ends.put(target.name + "/" + inbound, new End(p, c.link()));
      byte[] offerer = fingerprint();
      byte[] answerer = fingerprint();
      byte[] seenByAnswerer = mitm ? fingerprint() : offerer; // the relay's own certificates
      byte[] seenByOfferer = mitm ? fingerprint() : answerer;
      later(latency, () -> target.step(new ContactEvent.Opened(inbound, c.remoteId(), c.localId(), true, answerer,
          seenByAnswerer, true)));
      later(latency, () -> p.step(new ContactEvent.Opened(c.link(), c.localId(), c.remoteId(), false, offerer,
          seenByOfferer, true)));
    } else if (f instanceof ContactEffect.Send s) {
      End other = ends.get(p.name + "/" + s.link());
      p.sent.add(s.message());
      if (other == null) {
        return;
      }
      String json = ContactWire.encode(s.message());
      Object tree;
      try {
        tree = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Object.class);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      later(latency, () -> {
        if (closedHere.contains(other.peer().name + "/" + other.link()) || !other.peer().up) {
          return; // data sent before a close still arrives (ordered channel); only the closer stops listening
        }
        ContactWire.Decoded d = ContactWire.fromTree(tree);
        if (!(d instanceof ContactWire.Decoded.Ok ok)) {
          throw new AssertionError("the core sent what its own codec refuses: " + json);
        }
        other.peer().step(new ContactEvent.Received(other.link(), ok.message()));
      });
    } else if (f instanceof ContactEffect.Close c) {
      closedHere.add(p.name + "/" + c.link());
      End other = ends.remove(p.name + "/" + c.link());
      if (other != null) {
        ends.remove(other.peer().name + "/" + other.link());
        later(latency, () -> {
          if (closedHere.add(other.peer().name + "/" + other.link())) {
            other.peer().step(new ContactEvent.Closed(other.link()));
          }
        });
      }
    } else if (f instanceof ContactEffect.ScheduleAt t) {
      later(t.atMillis() - now, () -> p.step(new ContactEvent.Timer(t.key())));
    } else if (f instanceof ContactEffect.SaveContact c) {
      p.diskContacts.put(c.contact().fingerprint(), c.contact());
    } else if (f instanceof ContactEffect.SaveOutgoing o) {
      p.diskOutbox.put(o.message().id(), o.message());
      p.diskContacts.put(o.contact().fingerprint(), o.contact());
    } else if (f instanceof ContactEffect.SaveIncoming i) {
      p.diskReceived.add(i.message());
      p.diskContacts.put(i.contact().fingerprint(), i.contact());
    } else if (f instanceof ContactEffect.MarkDelivered d) {
      p.diskOutbox.remove(d.id());
    } else if (f instanceof ContactEffect.Notify n) {
      p.told.add(n.notification());
    } else {
      throw new AssertionError("unknown effect " + f);
    }
  }

  /** Both peers list each other on this network (as the mesh core would tell them). */
  void sameNetwork(Peer... ps) {
    for (Peer p : ps) {
      List<Member> others = new ArrayList<>();
      for (Peer o : ps) {
        if (o != p && o.up) {
          others.add(o.member());
        }
      }
      p.step(new ContactEvent.NetworkChanged(others));
    }
  }

  /** Makes {@code a} and {@code b} contacts through request/accept/confirm. */
  void befriend(Peer a, Peer b) {
    a.step(new ContactEvent.RequestContact(b.discoveryId));
    if (!runUntil(h -> b.last(ContactNotification.RequestReceived.class) != null, 10_000)) {
      throw new AssertionError("no request arrived");
    }
    b.step(new ContactEvent.Answer(b.last(ContactNotification.RequestReceived.class).request(), true));
    if (!runUntil(h -> a.node.contact(b.fingerprint()).isPresent() && b.node.contact(a.fingerprint()).isPresent(),
        10_000)) {
      throw new AssertionError("no contact made");
    }
  }
}
