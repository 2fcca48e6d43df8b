package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.contacts.ContactLists;
import io.meshkit.mesh.contacts.ContactNotification;
import io.meshkit.mesh.contacts.ContactView;
import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.identity.IdentityKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * One {@link RendezvousNode} under test with a fake clock: its own wall clock (so two harnesses can disagree), the
 * contact list the contacts core would tell it, every effect recorded, timers fired in time order.
 */
final class RendezvousHarness {
  /** 2024-06-10T14:35:00Z: the middle of a slot. */
  static final long WALL = 1_718_030_100_000L;

  final Identity me;
  final RendezvousNode node;
  final long wallOffset;
  long now;
  String transportId;
  final List<RendezvousEffect> all = new ArrayList<>();
  List<RendezvousEffect> last = List.of();
  private final List<RendezvousEffect.ScheduleAt> timers = new ArrayList<>();
  /** The contacts the contacts core lists, by fingerprint. */
  final Map<String, ContactView> contacts = new LinkedHashMap<>();
  /** The namespaces held as the mesh core would see them: label → namespace ID. */
  final Map<String, String> meshNamespaces = new HashMap<>();

  RendezvousHarness(long seed, long wallOffset, RendezvousConfig cfg, List<SpecialContact> stored) {
    this.me = identity(seed);
    this.wallOffset = wallOffset;
    this.transportId = "mesh-t" + seed;
    this.node = new RendezvousNode(me, "mesh", cfg, new SplittableRandom(seed), stored);
  }

  RendezvousHarness(long seed) {
    this(seed, 0, RendezvousConfig.defaults(), List.of());
  }

  static Identity identity(long seed) {
    return Identity.of(BigInteger.valueOf(1_000_003L * seed + 7));
  }

  static String fp(Identity i) {
    return i.publicKey().fingerprint();
  }

  List<RendezvousEffect> step(RendezvousEvent e) {
    last = node.step(e, now);
    for (RendezvousEffect f : last) {
      if (f instanceof RendezvousEffect.ScheduleAt t) {
        timers.add(t);
      } else if (f instanceof RendezvousEffect.ToMesh m) {
        if (m.event() instanceof MeshEvent.AddNamespace a) {
          if (meshNamespaces.put(a.spec().label(), a.spec().namespace()) != null) {
            throw new AssertionError("namespace added twice: " + a.spec().label());
          }
        } else if (m.event() instanceof MeshEvent.RemoveNamespace r) {
          if (meshNamespaces.remove(r.label()) == null) {
            throw new AssertionError("removing a namespace not held: " + r.label());
          }
        }
      }
    }
    all.addAll(last);
    return last;
  }

  void start() {
    step(new RendezvousEvent.Start(WALL + wallOffset + now, transportId));
  }

  /** Advances to {@code t}, firing due timers in time order. */
  void advanceTo(long t) {
    while (true) {
      RendezvousEffect.ScheduleAt next = timers.stream().filter(s -> s.atMillis() <= t)
          .min((a, b) -> Long.compare(a.atMillis(), b.atMillis())).orElse(null);
      if (next == null) {
        break;
      }
      timers.remove(next);
      now = Math.max(now, next.atMillis());
      step(new RendezvousEvent.Timer(next.key()));
    }
    now = t;
  }

  void advanceBy(long ms) {
    advanceTo(now + ms);
  }

  long wall() {
    return WALL + wallOffset + now;
  }

  /** The contacts core lists {@code who} (connected or not). */
  void list(Identity who, String name, boolean connected) {
    IdentityKey k = who.publicKey();
    contacts.put(k.fingerprint(), new ContactView(k.fingerprint(), k.hex(), name, "mesh-t-" + name, null, 0, false,
        connected, ""));
    tellLists();
  }

  void tellLists() {
    step(new RendezvousEvent.FromContacts(new ContactNotification.ListsChanged(
        new ContactLists(List.of(), List.of(), new ArrayList<>(contacts.values())))));
  }

  void tell(ContactNotification n) {
    step(new RendezvousEvent.FromContacts(n));
  }

  <T extends RendezvousEffect> List<T> allOf(Class<T> type) {
    return all.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  <T extends RendezvousEffect> List<T> lastOf(Class<T> type) {
    return last.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  List<RendezvousNotification> notifications() {
    return allOf(RendezvousEffect.Notify.class).stream().map(RendezvousEffect.Notify::notification)
        .collect(Collectors.toList());
  }

  <N extends RendezvousNotification> List<N> notified(Class<N> type) {
    return notifications().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  List<ContactEvent> toContacts() {
    return allOf(RendezvousEffect.ToContacts.class).stream().map(RendezvousEffect.ToContacts::event)
        .collect(Collectors.toList());
  }

  List<ContactEvent> lastToContacts() {
    return lastOf(RendezvousEffect.ToContacts.class).stream().map(RendezvousEffect.ToContacts::event)
        .collect(Collectors.toList());
  }

  List<MeshEvent> lastToMesh() {
    return lastOf(RendezvousEffect.ToMesh.class).stream().map(RendezvousEffect.ToMesh::event)
        .collect(Collectors.toList());
  }

  List<MeshEvent> toMesh() {
    return allOf(RendezvousEffect.ToMesh.class).stream().map(RendezvousEffect.ToMesh::event)
        .collect(Collectors.toList());
  }
}
