package io.meshkit.mesh.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/** One node under test with a fake clock: feed events, inspect effects and notifications. */
final class NodeHarness {
  static final String PREFIX = "app";
  static final String NS = "nabc";

  final MeshNode node;
  final MeshConfig config;
  long now;
  List<Effect> last = List.of();
  final List<Effect> all = new ArrayList<>();
  final List<Effect.ScheduleAt> timers = new ArrayList<>();

  NodeHarness(String uuid, MeshConfig config, long seed) {
    this.config = config;
    this.node = new MeshNode(config, new Identity(uuid, "name-" + uuid, PREFIX + "-t" + uuid), NS,
        new SplittableRandom(seed));
  }

  NodeHarness(String uuid) {
    this(uuid, MeshConfig.defaults(PREFIX), 1);
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

  List<Effect> step(MeshEvent e) {
    last = node.step(e, now);
    all.addAll(last);
    for (Effect f : last) {
      if (f instanceof Effect.ScheduleAt s) {
        timers.add(s);
      }
    }
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

  /** Starts and claims the discovery ID; returns the effects of the claim. */
  List<Effect> startAndOpen() {
    step(new MeshEvent.Start());
    return step(new MeshEvent.IdClaimed(node.discoveryId()));
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

  /** Makes this node router of slot 1 at once (election delay 0 → claim → claimed). */
  void becomeRouter() {
    startAndOpen();
    advanceBy(0);
    step(new MeshEvent.IdClaimed(slot(1)));
  }
}
