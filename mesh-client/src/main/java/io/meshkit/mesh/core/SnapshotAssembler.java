package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the parts of one {@code welcome} snapshot (docs/PROTOCOL.md §7.2): parts are grouped by (slot, router,
 * version, parts); a part of another group starts a new assembly; a repeated part replaces the earlier copy; the
 * snapshot is complete when parts 1..parts are there. Parts may arrive in any order (an unordered link). Bounded: at
 * most {@code maxEntries} entries in all, else the snapshot is invalid and dropped.
 */
final class SnapshotAssembler {
  private final int maxEntries;
  private MeshMessage.Welcome key;
  private List<List<Entry>> parts;
  private int have;
  private int entries;

  SnapshotAssembler(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** Adds a part; returns the snapshot when it is complete, else null. */
  Snapshot add(MeshMessage.Welcome w) {
    if (key == null || key.slot() != w.slot() || !key.routerDiscoveryId().equals(w.routerDiscoveryId())
        || key.version() != w.version() || key.parts() != w.parts()) {
      key = w;
      parts = new ArrayList<>(java.util.Collections.nCopies(w.parts(), (List<Entry>) null));
      have = 0;
      entries = 0;
    }
    List<Entry> old = parts.get(w.part() - 1);
    if (old == null) {
      have++;
    } else {
      entries -= old.size();
    }
    parts.set(w.part() - 1, w.entries());
    entries += w.entries().size();
    if (entries > maxEntries) {
      reset();
      return null;
    }
    if (have < parts.size()) {
      return null;
    }
    List<Entry> all = new ArrayList<>(entries);
    for (List<Entry> p : parts) {
      all.addAll(p);
    }
    Snapshot s = new Snapshot(key.slot(), key.routerDiscoveryId(), key.version(), key.successor(), all);
    reset();
    return s;
  }

  boolean assembling() {
    return key != null;
  }

  void reset() {
    key = null;
    parts = null;
    have = 0;
    entries = 0;
  }
}
