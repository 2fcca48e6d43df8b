package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A member's copy of the router's registry (docs/PROTOCOL.md §7.2, §7.3): a snapshot plus the deltas applied in version
 * order, and the successor the router designated. Only entries of our own namespace are kept.
 */
final class MemberCopy {

  /** Outcome of applying a delta. */
  enum Applied { APPLIED, STALE, GAP }

  private final NamespaceIds ids;
  private final TreeMap<String, Entry> entries = new TreeMap<>();
  private long version = -1;
  private String successor = "";

  MemberCopy(NamespaceIds ids) {
    this.ids = ids;
  }

  long version() {
    return version;
  }

  String successor() {
    return successor;
  }

  void apply(Snapshot s) {
    entries.clear();
    for (Entry e : s.entries()) {
      put(e);
    }
    version = s.version();
    successor = s.successor();
  }

  /**
   * Applies {@code d} when it is the next version. A delta is idempotent on a snapshot that already holds some of its
   * changes (a welcome sent between two pushes), so version order alone decides.
   */
  Applied apply(MeshMessage.Delta d) {
    if (d.version() <= version) {
      return Applied.STALE;
    }
    if (d.version() != version + 1) {
      return Applied.GAP;
    }
    for (Entry e : d.upserts()) {
      put(e);
    }
    for (String id : d.removed()) {
      entries.remove(id);
    }
    if (d.successor() != null) {
      successor = d.successor();
    }
    version = d.version();
    return Applied.APPLIED;
  }

  private void put(Entry e) {
    if (ids.isDiscoveryId(e.discoveryId())) {
      entries.put(e.discoveryId(), e);
    }
  }

  void remove(String discoveryId) {
    entries.remove(discoveryId);
  }

  List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  /** Everyone but {@code self}, sorted by Discovery ID. */
  List<Member> others(String self) {
    List<Member> list = new ArrayList<>(entries.size());
    for (Entry e : entries.values()) {
      if (!e.discoveryId().equals(self)) {
        list.add(e.member());
      }
    }
    return list;
  }

  void reset() {
    entries.clear();
    version = -1;
    successor = "";
  }
}
