package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.MeshMessage;
import io.meshkit.mesh.core.wire.Member;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What every part of one namespace unit shares: its spec and IDs, the time of the current step, the node's name and
 * Transport ID, the effects of the step (in order), and its timers. One pending timer per kind; a newer one supersedes
 * the older, and a part that ends cancels its kinds, so a timer never fires into a part it was not meant for.
 * {@link TimerKey.Kind#RELEASE_SLOT} and {@link TimerKey.Kind#MEETING} timers are all honoured (each names its ID).
 */
final class UnitContext {
  final long unit;
  final NamespaceSpec spec;
  final MeshConfig cfg;
  final NamespaceIds ids;
  final RandomGenerator random;
  private final NodeState node;
  private final EnumMap<TimerKey.Kind, Long> pending = new EnumMap<>(TimerKey.Kind.class);
  private long generations;

  /** The node-wide facts every unit reads: time, wall-clock offset, name, Transport ID, the step's effect list. */
  static final class NodeState {
    long now;
    long wallOffset;
    String name;
    String transportId;
    List<Effect> out;
  }

  UnitContext(long unit, NamespaceSpec spec, RandomGenerator random, NodeState node) {
    this.unit = unit;
    this.spec = spec;
    this.cfg = spec.config();
    this.ids = new NamespaceIds(spec);
    this.random = random;
    this.node = node;
  }

  long now() {
    return node.now;
  }

  /** Wall clock (Unix ms) now, from the offset the adapter gave at start. */
  long wallClock() {
    return Math.max(0, node.now + node.wallOffset);
  }

  String discoveryId() {
    return ids.discoveryId;
  }

  /** Our own registry member: Discovery ID, name, discovery UUID, Transport ID. */
  Member self() {
    return new Member(ids.discoveryId, node.name, spec.discoveryUuid(), node.transportId);
  }

  MeshMessage.CheckIn checkIn() {
    return new MeshMessage.CheckIn(io.meshkit.mesh.core.wire.MeshWire.PROTOCOL, ids.discoveryId, node.name,
        spec.discoveryUuid(), node.transportId);
  }

  void emit(Effect e) {
    node.out.add(e);
  }

  void send(String local, String remote, MeshMessage m) {
    emit(new Effect.Send(local, remote, m));
  }

  void connect(String local, String remote) {
    emit(new Effect.Connect(local, remote));
  }

  void disconnect(String local, String remote) {
    emit(new Effect.Disconnect(local, remote));
  }

  void notify(Notification n) {
    emit(new Effect.Notify(n));
  }

  /** A random delay in [0, bound]. */
  long jitter(long bound) {
    return bound <= 0 ? 0 : random.nextLong(bound + 1);
  }

  void schedule(TimerKey.Kind kind, long at, String ref) {
    long gen = ++generations;
    if (!everyOneHonoured(kind)) {
      pending.put(kind, gen);
    }
    emit(new Effect.ScheduleAt(at, new TimerKey(unit, kind, gen, ref)));
  }

  /** True (and the timer consumed) when {@code key} is the latest of its kind, or a RELEASE_SLOT or MEETING timer. */
  boolean fire(TimerKey key) {
    if (everyOneHonoured(key.kind())) {
      return true;
    }
    Long gen = pending.get(key.kind());
    if (gen == null || gen != key.generation()) {
      return false;
    }
    pending.remove(key.kind());
    return true;
  }

  private static boolean everyOneHonoured(TimerKey.Kind kind) {
    return kind == TimerKey.Kind.RELEASE_SLOT || kind == TimerKey.Kind.MEETING;
  }

  boolean pending(TimerKey.Kind kind) {
    return pending.containsKey(kind);
  }

  /** Forgets pending timers of {@code kinds}: when they fire they are ignored. */
  void cancel(EnumSet<TimerKey.Kind> kinds) {
    for (TimerKey.Kind k : kinds) {
      pending.remove(k);
    }
  }

  void cancel(TimerKey.Kind kind) {
    pending.remove(kind);
  }
}
