package io.meshkit.mesh.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The router's registry: entries keyed by discovery ID, a version, and the set of entries touched since the last push.
 * A push ({@link #flush()}) carries the final state of each touched entry, so its size grows with the number of
 * changes, never with the registry.
 */
final class Registry {

  /** {@code confirmed}: checked in to this router (has a link); otherwise imported and kept until {@code keepUntil}. */
  record Entry(Member member, long lastHeard, boolean confirmed, long keepUntil) {}

  private final TreeMap<String, Entry> entries = new TreeMap<>();
  private final LinkedHashSet<String> touched = new LinkedHashSet<>();
  private long version;

  long version() {
    return version;
  }

  int size() {
    return entries.size();
  }

  boolean contains(String discoveryId) {
    return entries.containsKey(discoveryId);
  }

  boolean isConfirmed(String discoveryId) {
    Entry e = entries.get(discoveryId);
    return e != null && e.confirmed();
  }

  /** Adds or refreshes a checked-in member; true when the visible list changed. */
  boolean upsertConfirmed(Member m, long now) {
    Entry old = entries.put(m.discoveryId(), new Entry(m, now, true, Long.MAX_VALUE));
    boolean changed = old == null || !old.member().equals(m);
    if (changed) {
      touched.add(m.discoveryId());
    }
    return changed;
  }

  /** Adds members we only know from a cache or a merge; never overrides an existing entry. True when anything was added. */
  boolean importProvisional(List<Member> members, long now, long keepUntil) {
    boolean changed = false;
    for (Member m : members) {
      if (!entries.containsKey(m.discoveryId())) {
        entries.put(m.discoveryId(), new Entry(m, now, false, keepUntil));
        touched.add(m.discoveryId());
        changed = true;
      }
    }
    return changed;
  }

  void heard(String discoveryId, long now) {
    Entry e = entries.get(discoveryId);
    if (e != null && e.confirmed()) {
      entries.put(discoveryId, new Entry(e.member(), now, true, e.keepUntil()));
    }
  }

  boolean remove(String discoveryId) {
    if (entries.remove(discoveryId) != null) {
      touched.add(discoveryId);
      return true;
    }
    return false;
  }

  /**
   * Removes confirmed entries silent since before {@code silentBefore} and provisional entries past their keep time;
   * {@code self} is never removed. Returns the removed IDs.
   */
  List<String> expire(long now, long silentBefore, String self) {
    List<String> gone = new ArrayList<>();
    for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Entry> me = it.next();
      // Read key and value first: TreeMap's iterator removal may reuse the entry object for the successor.
      String id = me.getKey();
      Entry e = me.getValue();
      if (id.equals(self)) {
        continue;
      }
      boolean expired = e.confirmed() ? e.lastHeard() < silentBefore : e.keepUntil() <= now;
      if (expired) {
        it.remove();
        touched.add(id);
        gone.add(id);
      }
    }
    return gone;
  }

  /** Earliest keep time of a provisional entry, or {@code Long.MAX_VALUE}. */
  long nextProvisionalExpiry() {
    long min = Long.MAX_VALUE;
    for (Entry e : entries.values()) {
      if (!e.confirmed()) {
        min = Math.min(min, e.keepUntil());
      }
    }
    return min;
  }

  /** Bumps the version and returns the delta of everything touched since the last flush, or null when nothing was. */
  MeshMessage.Delta flush() {
    if (touched.isEmpty()) {
      return null;
    }
    List<Member> upserts = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (String id : touched) {
      Entry e = entries.get(id);
      if (e == null) {
        removed.add(id);
      } else {
        upserts.add(e.member());
      }
    }
    touched.clear();
    version++;
    return new MeshMessage.Delta(version, upserts, removed);
  }

  /** Forgets pending changes (used once when a new router has built its initial state). */
  void clearTouched() {
    touched.clear();
  }

  List<Member> members() {
    List<Member> list = new ArrayList<>(entries.size());
    for (Entry e : entries.values()) {
      list.add(e.member());
    }
    return list;
  }

  /** Discovery IDs of checked-in members other than {@code self}: the links a push goes to. */
  List<String> confirmedOthers(String self) {
    List<String> list = new ArrayList<>(entries.size());
    for (Map.Entry<String, Entry> me : entries.entrySet()) {
      if (me.getValue().confirmed() && !me.getKey().equals(self)) {
        list.add(me.getKey());
      }
    }
    return list;
  }
}
