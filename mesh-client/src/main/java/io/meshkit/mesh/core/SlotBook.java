package io.meshkit.mesh.core;

import java.util.HashMap;
import java.util.Map;

/**
 * What one namespace unit saw of its router slots (docs/PROTOCOL.md §6.2). A marked slot is skipped by searches for
 * {@code heldIdMillis}, because peerjs-server keeps a silently dead client's ID for {@code alive_timeout}. Two kinds:
 * <ul>
 *   <li><b>vanished</b>: its router's link closed or went silent: held until {@code alive_timeout};</li>
 *   <li><b>unanswered</b>: a connect to the slot's holder timed out or failed: weak evidence (a live router may be
 *       slow); a router above it probes it again at its next probe.</li>
 * </ul>
 * Any sign of life (a welcome from the slot, a clean {@code leaving}) clears the mark. In a meeting namespace a third
 * kind, <b>shunned</b>, is kept for the unit's life: its holder proved to be someone other than the peer we look for.
 */
final class SlotBook {
  private record Mark(long seen, boolean vanished) {}

  private final long heldIdMillis;
  private final Map<Integer, Mark> marks = new HashMap<>();
  private final java.util.Set<Integer> shunned = new java.util.HashSet<>();

  SlotBook(MeshConfig cfg) {
    this.heldIdMillis = cfg.heldIdMillis();
  }

  /** The slot's router vanished (link closed, ICE, TTL): presumed held for {@code heldIdMillis}. */
  void markVanished(int slot, long now) {
    marks.put(slot, new Mark(now, true));
  }

  /** A connect to the slot's holder timed out or failed; does not weaken a fresh vanished mark. */
  void markUnanswered(int slot, long now) {
    Mark m = marks.get(slot);
    if (m == null || !m.vanished() || now - m.seen() >= heldIdMillis) {
      marks.put(slot, new Mark(now, false));
    }
  }

  void markAlive(int slot) {
    marks.remove(slot);
  }

  /** Meeting namespace: the slot's holder is not the peer we look for; never try it again. */
  void shun(int slot) {
    shunned.add(slot);
  }

  boolean shunned(int slot) {
    return shunned.contains(slot);
  }

  /** True when a search skips the slot: shunned, or marked within {@code heldIdMillis}. */
  boolean presumedDead(int slot, long now) {
    if (shunned.contains(slot)) {
      return true;
    }
    Mark m = marks.get(slot);
    return m != null && now - m.seen() < heldIdMillis;
  }

  /** True while the slot is presumed held by a vanished router (a connect to it would hang; no back-off for that). */
  boolean vanished(int slot, long now) {
    Mark m = marks.get(slot);
    return m != null && m.vanished() && now - m.seen() < heldIdMillis;
  }

  /** When a search that found every slot skipped should try again: when the first mark expires (docs/PROTOCOL.md §6). */
  long retryAt(long now) {
    long earliest = Long.MAX_VALUE;
    for (Map.Entry<Integer, Mark> m : marks.entrySet()) {
      if (!shunned.contains(m.getKey())) {
        earliest = Math.min(earliest, m.getValue().seen() + heldIdMillis);
      }
    }
    // Every slot shunned (squatters everywhere): look again after a hold time, in case the namespace clears.
    return earliest == Long.MAX_VALUE ? now + heldIdMillis : Math.max(now, earliest);
  }
}
