package io.meshkit.mesh.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;

/**
 * The effects of one step, and timer bookkeeping: one pending timer per kind (a newer one supersedes the older, so
 * timers never need cancelling), except {@link TimerKey.Kind#RELEASE_SLOT}, whose timers are all honoured.
 */
final class Outbox {
  private List<Effect> effects = new ArrayList<>();
  private final EnumMap<TimerKey.Kind, Long> current = new EnumMap<>(TimerKey.Kind.class);
  private long generations;

  void add(Effect e) {
    effects.add(e);
  }

  void schedule(TimerKey.Kind kind, long at, String ref) {
    long gen = ++generations;
    if (kind != TimerKey.Kind.RELEASE_SLOT) {
      current.put(kind, gen);
    }
    effects.add(new Effect.ScheduleAt(at, new TimerKey(kind, gen, ref)));
  }

  /** True (and the timer consumed) when {@code key} is the latest of its kind or a RELEASE_SLOT timer. */
  boolean fire(TimerKey key) {
    if (key.kind() == TimerKey.Kind.RELEASE_SLOT) {
      return true;
    }
    Long gen = current.get(key.kind());
    if (gen == null || gen != key.generation()) {
      return false;
    }
    current.remove(key.kind());
    return true;
  }

  boolean pending(TimerKey.Kind kind) {
    return current.containsKey(kind);
  }

  /** The effects so far; starts a new list. */
  List<Effect> drain() {
    List<Effect> out = effects;
    effects = new ArrayList<>();
    return out;
  }
}
