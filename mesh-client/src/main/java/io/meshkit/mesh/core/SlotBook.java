package io.meshkit.mesh.core;

import java.util.HashMap;
import java.util.Map;

/**
 * The router slots of one namespace and what we saw of them: a slot whose router vanished is presumed held on the
 * signaling server for {@code heldIdMillis} (peerjs-server keeps a silently dead client's ID for {@code alive_timeout}),
 * so a search skips it meanwhile.
 */
final class SlotBook {
  private final MeshConfig cfg;
  private final String base;
  /** Slot → when we saw its router vanish. */
  private final Map<Integer, Long> dead = new HashMap<>();

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

  void markDead(int slot, long now) {
    dead.put(slot, now);
  }

  void markAlive(int slot) {
    dead.remove(slot);
  }

  boolean presumedDead(int slot, long now) {
    Long seen = dead.get(slot);
    return seen != null && now - seen < cfg.heldIdMillis();
  }

  /** When a search that found every slot presumed dead should try again: when the first hold should be over. */
  long retryAt(long now) {
    long earliest = Long.MAX_VALUE;
    for (long seen : dead.values()) {
      earliest = Math.min(earliest, seen + cfg.heldIdMillis());
    }
    return Math.max(now + cfg.connectTimeoutMillis(), earliest == Long.MAX_VALUE ? now : earliest);
  }

  /** When the earliest hold of a slot below {@code slot} should be over, or {@code Long.MAX_VALUE}. */
  long holdEndBelow(int slot) {
    long at = Long.MAX_VALUE;
    for (Map.Entry<Integer, Long> e : dead.entrySet()) {
      if (e.getKey() < slot) {
        at = Math.min(at, e.getValue() + cfg.heldIdMillis());
      }
    }
    return at;
  }
}
