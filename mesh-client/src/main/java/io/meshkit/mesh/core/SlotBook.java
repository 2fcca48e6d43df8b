package io.meshkit.mesh.core;

import java.util.HashMap;
import java.util.Map;

/**
 * The router slots of one namespace and what we saw of them. A slot is skipped by a search for {@code heldIdMillis}
 * after we marked it, because peerjs-server keeps a silently dead client's ID for {@code alive_timeout}. Two kinds of
 * marks, which differ only in when a router above the slot probes it again:
 * <ul>
 *   <li><b>vanished</b>: its router's link closed or went silent — held until {@code alive_timeout}, so probing earlier
 *       is pointless;</li>
 *   <li><b>unanswered</b>: a connect to the slot's holder timed out or failed. That is weak evidence (on a loaded
 *       machine a live router may simply be slow), so a router above it probes again soon (the caller's back-off)
 *       instead of leaving the mesh split until the hold would have ended.</li>
 * </ul>
 * Any sign of life (a welcome from the slot, a clean {@code Leaving}) clears the mark.
 */
final class SlotBook {
  private record Mark(long seen, boolean vanished) {}

  private final MeshConfig cfg;
  private final String base;
  /** Slot → when and how we saw it fail. */
  private final Map<Integer, Mark> dead = new HashMap<>();

  SlotBook(MeshConfig cfg, String namespace) {
    this.cfg = cfg;
    this.base = cfg.prefix() + "-" + namespace + "-";
  }

  String id(int slot) {
    if (slot < 1 || slot > cfg.maxSlots()) {
      throw new IllegalArgumentException("slot out of range: " + slot);
    }
    return base + slot;
  }

  /** Slot number of {@code id} if it is one of our namespace's slot IDs, else -1. */
  int slotOf(String id) {
    if (id == null || !id.startsWith(base) || id.length() - base.length() > 2) {
      return -1;
    }
    try {
      int slot = Integer.parseInt(id.substring(base.length()));
      return slot >= 1 && slot <= cfg.maxSlots() && id.equals(base + slot) ? slot : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The slot's router vanished (link closed, ICE, TTL): presumed held for {@code heldIdMillis}. */
  void markDead(int slot, long now) {
    dead.put(slot, new Mark(now, true));
  }

  /** A connect to the slot's holder timed out or failed: skipped like a dead slot, but probed again soon. */
  void markUnanswered(int slot, long now) {
    Mark m = dead.get(slot);
    if (m == null || !m.vanished() || now - m.seen() >= cfg.heldIdMillis()) {
      dead.put(slot, new Mark(now, false));
    }
  }

  void markAlive(int slot) {
    dead.remove(slot);
  }

  boolean presumedDead(int slot, long now) {
    Mark m = dead.get(slot);
    return m != null && now - m.seen() < cfg.heldIdMillis();
  }

  /** When a search that found every slot presumed dead should try again: when the first hold should be over. */
  long retryAt(long now) {
    long earliest = Long.MAX_VALUE;
    for (Mark m : dead.values()) {
      earliest = Math.min(earliest, m.seen() + cfg.heldIdMillis());
    }
    return Math.max(now + cfg.connectTimeoutMillis(), earliest == Long.MAX_VALUE ? now : earliest);
  }

  /**
   * The next time after {@code now} when a router on {@code slot} should probe the marked slots below it, or
   * {@code Long.MAX_VALUE}: a vanished router's slot when its hold should have expired, an unanswered one
   * {@code unansweredDelay} after the mark (it may well be alive). Marks already due were probed (or the heartbeat
   * probes them).
   */
  long probeDueBelow(int slot, long unansweredDelay, long now) {
    long at = Long.MAX_VALUE;
    for (Map.Entry<Integer, Mark> e : dead.entrySet()) {
      if (e.getKey() < slot) {
        Mark m = e.getValue();
        long due = m.seen() + (m.vanished() ? cfg.heldIdMillis() : unansweredDelay);
        if (due > now) {
          at = Math.min(at, due);
        }
      }
    }
    return at;
  }
}
