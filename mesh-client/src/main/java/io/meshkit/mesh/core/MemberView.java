package io.meshkit.mesh.core;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A member's copy of the router's registry: a snapshot plus the deltas applied in version order. */
final class MemberView {

  /** Outcome of applying a delta. */
  enum Applied { APPLIED, STALE, GAP }

  private final TreeMap<String, Member> members = new TreeMap<>();
  private long version = -1;

  long version() {
    return version;
  }

  void apply(MeshMessage.Welcome w) {
    members.clear();
    for (Member m : w.members()) {
      members.put(m.discoveryId(), m);
    }
    version = w.version();
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
    for (Member m : d.upserts()) {
      members.put(m.discoveryId(), m);
    }
    for (String id : d.removed()) {
      members.remove(id);
    }
    version = d.version();
    return Applied.APPLIED;
  }

  void remove(String discoveryId) {
    members.remove(discoveryId);
  }

  List<Member> members() {
    return new ArrayList<>(members.values());
  }

  /** Everyone but {@code self}, sorted by discovery ID. */
  List<Member> others(String self) {
    List<Member> list = new ArrayList<>(members.size());
    for (Member m : members.values()) {
      if (!m.discoveryId().equals(self)) {
        list.add(m);
      }
    }
    return list;
  }

  void reset() {
    members.clear();
    version = -1;
  }
}
