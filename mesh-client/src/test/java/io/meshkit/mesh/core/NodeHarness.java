package io.meshkit.mesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * One node under test with a fake clock, hosting the namespace {@value #LABEL} ({@value #PREFIX}-{@value #NS}-…):
 * feed events, inspect effects and notifications. Every effect must be one of the kinds an adapter knows; a new kind
 * fails every test until the adapters (and this list) handle it.
 */
final class NodeHarness {
  static final String PREFIX = "app";
  static final String NS = "nabc";
  static final String LABEL = "local";
  /** The wall clock at time 0 the harness gives the node. */
  static final long WALL = 1_700_000_000_000L;
  private static final Set<Class<?>> KNOWN_EFFECTS = Set.of(Effect.ClaimId.class, Effect.ReleaseId.class,
      Effect.Connect.class, Effect.Send.class, Effect.Disconnect.class, Effect.ScheduleAt.class, Effect.Notify.class,
      Effect.HandOff.class);

  final MeshNode node;
  final MeshConfig config;
  final String uuid;
  long now;
  List<Effect> last = List.of();
  final List<Effect> all = new ArrayList<>();
  final List<Effect.ScheduleAt> timers = new ArrayList<>();

  NodeHarness(String uuid, MeshConfig config, long seed) {
    this(spec(uuid, config), seed);
  }

  /** A node hosting {@code spec} (its label must be {@value #LABEL}, its namespace {@value #NS}). */
  NodeHarness(NamespaceSpec spec, long seed) {
    this.uuid = spec.discoveryUuid();
    this.config = spec.config();
    this.node = new MeshNode("name-" + uuid, PREFIX + "-t" + uuid, new SplittableRandom(seed));
    step(new MeshEvent.AddNamespace(spec));
  }

  NodeHarness(String uuid) {
    this(uuid, MeshConfig.defaults(), 1);
  }

  static NamespaceSpec spec(String uuid, MeshConfig config) {
    return new NamespaceSpec(LABEL, PREFIX, NS, uuid, config);
  }

  static String discoveryId(String uuid) {
    return PREFIX + "-" + NS + "-" + uuid;
  }

  static String slot(int k) {
    return PREFIX + "-" + NS + "-" + k;
  }

  static Member member(String uuid) {
    return new Member(discoveryId(uuid), "name-" + uuid, uuid, PREFIX + "-t" + uuid);
  }

  static MeshMessage.CheckIn checkInMessage(String uuid) {
    return new MeshMessage.CheckIn(2, discoveryId(uuid), "name-" + uuid, uuid, PREFIX + "-t" + uuid);
  }

  /** A one-part welcome from router {@code routerUuid} on {@code slot} listing {@code uuids} (router included). */
  static MeshMessage.Welcome welcome(int slot, String routerUuid, long version, String successorUuid,
                                     String... uuids) {
    List<Entry> entries = new ArrayList<>();
    for (String u : uuids) {
      entries.add(new Entry(member(u), WALL));
    }
    return new MeshMessage.Welcome(2, slot, discoveryId(routerUuid), version,
        successorUuid == null ? "" : discoveryId(successorUuid), 1, 1, entries);
  }

  String me() {
    return discoveryId(uuid);
  }

  List<Effect> step(MeshEvent e) {
    last = node.step(e, now);
    for (Effect f : last) {
      assertThat(KNOWN_EFFECTS).as("effect kind an adapter knows").contains(f.getClass());
      if (f instanceof Effect.ScheduleAt s) {
        assertThat(s.atMillis()).as("timers are never in the past").isGreaterThanOrEqualTo(now);
        timers.add(s);
      }
    }
    all.addAll(last);
    return last;
  }

  /** Advances the clock to {@code t}, firing due timers in time order. */
  void advanceTo(long t) {
    while (true) {
      Effect.ScheduleAt next = timers.stream().filter(s -> s.atMillis() <= t)
          .min((a, b) -> Long.compare(a.atMillis(), b.atMillis())).orElse(null);
      if (next == null) {
        break;
      }
      timers.remove(next);
      now = Math.max(now, next.atMillis());
      step(new MeshEvent.Timer(next.key()));
    }
    now = t;
  }

  void advanceBy(long ms) {
    advanceTo(now + ms);
  }

  /** Starts and claims the Discovery ID; returns the effects of the claim. */
  List<Effect> startAndOpen() {
    step(new MeshEvent.Start(WALL));
    return step(new MeshEvent.IdClaimed(me()));
  }

  /** Makes this node router of slot 1 at once (election delay 0 → claim → claimed). */
  void becomeRouter() {
    startAndOpen();
    advanceBy(0);
    step(new MeshEvent.IdClaimed(slot(1)));
  }

  /** As router of {@code routerSlot}: member {@code u} connects and checks in. */
  void checkInAt(int routerSlot, String u) {
    step(new MeshEvent.Connected(slot(routerSlot), discoveryId(u), true));
    step(new MeshEvent.Received(slot(routerSlot), discoveryId(u), checkInMessage(u)));
  }

  /** As router of slot 1. */
  void checkIn(String u) {
    checkInAt(1, u);
  }

  Role role() {
    return node.role(LABEL).orElse(null);
  }

  String routerId() {
    return node.routerId(LABEL).orElse(null);
  }

  List<Member> network() {
    return node.network(LABEL).orElse(null);
  }

  <T extends Effect> List<T> lastOf(Class<T> type) {
    return last.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  <T extends Effect> List<T> allOf(Class<T> type) {
    return all.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  List<Notification> notifications() {
    return all.stream().filter(Effect.Notify.class::isInstance).map(e -> ((Effect.Notify) e).notification())
        .collect(Collectors.toList());
  }

  /** Sends of a given message type in the last step. */
  <M extends MeshMessage> List<Effect.Send> lastSends(Class<M> type) {
    return lastOf(Effect.Send.class).stream().filter(s -> type.isInstance(s.message())).collect(Collectors.toList());
  }

  <M extends MeshMessage> List<Effect.Send> allSends(Class<M> type) {
    return allOf(Effect.Send.class).stream().filter(s -> type.isInstance(s.message())).collect(Collectors.toList());
  }

  long claimsOf(String id) {
    return allOf(Effect.ClaimId.class).stream().filter(c -> c.id().equals(id)).count();
  }

  /** The delay of the ATTEMPT timer set in the last step. */
  long attemptTimeoutDelay() {
    return lastOf(Effect.ScheduleAt.class).stream().filter(s -> s.key().kind() == TimerKey.Kind.ATTEMPT)
        .mapToLong(s -> s.atMillis() - now).max().orElseThrow();
  }
}
