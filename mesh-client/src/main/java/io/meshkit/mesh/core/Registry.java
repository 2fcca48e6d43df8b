package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.MeshMessage;
import io.meshkit.mesh.core.wire.MeshWire;
import io.meshkit.mesh.core.wire.Split;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The router's registry (docs/PROTOCOL.md §8): entries keyed by Discovery ID, a version, the entries touched since the
 * last push, and the designated successor. A push carries the final state of each touched entry, so its size grows
 * with the number of changes, never with the registry. Each entry remembers its wire size, so splitting a snapshot
 * costs no encoding.
 */
final class Registry {

  /** One entry and what only the router knows about it. */
  private static final class Item {
    Entry entry;
    int size;
    /** Checked in at this router (has a link); otherwise provisional, kept until {@code keepUntil}. */
    boolean confirmed;
    long keepUntil;
    /**
     * When it first checked in at this router: its tenure (successor choice). Kept while the entry is demoted by a
     * move to another slot (the member is still the one that came first), {@link #NEVER} while it never checked in here.
     */
    long since = NEVER;
    /** The local slot ID its link is on (confirmed entries). */
    String via;
    /**
     * Its link has checked in. False while a new connection that replaced the link has not checked in again
     * (docs/PROTOCOL.md §8.2): the entry stays listed, but pushes and pings wait for the check-in.
     */
    boolean linked;
    long lastHeard;

    void set(Entry e) {
      entry = e;
      size = MeshWire.size(e);
    }
  }

  /** A confirmed member's link. */
  record Link(String via, String discoveryId) {}

  /** {@code since} of an entry that never checked in at this router. */
  private static final long NEVER = Long.MAX_VALUE;

  private final String self;
  private final TreeMap<String, Item> items = new TreeMap<>();
  private final LinkedHashSet<String> touched = new LinkedHashSet<>();
  private long version;
  /** The successor the members were told (welcomes carry the current one; deltas carry changes). */
  private String announcedSuccessor = "";

  Registry(String self) {
    this.self = self;
  }

  long version() {
    return version;
  }

  int size() {
    return items.size();
  }

  boolean contains(String id) {
    return items.containsKey(id);
  }

  boolean isConfirmed(String id) {
    Item i = items.get(id);
    return i != null && i.confirmed;
  }

  /** The router's own entry: confirmed, never expires, no link. */
  void putSelf(Member m, long wallClock, long now) {
    Item i = items.computeIfAbsent(m.discoveryId(), k -> new Item());
    boolean changed = i.entry == null || !i.entry.member().equals(m);
    i.set(new Entry(m, wallClock));
    i.confirmed = true;
    i.since = Long.MIN_VALUE;
    i.lastHeard = now;
    if (changed) {
      touched.add(m.discoveryId());
    }
  }

  /**
   * Adds or refreshes a checked-in member on link {@code via}; true when the visible entry changed (new, another name
   * or Transport ID), which must be pushed.
   */
  boolean upsertConfirmed(Member m, long wallClock, long now, String via) {
    Item i = items.get(m.discoveryId());
    boolean added = i == null;
    if (added) {
      i = new Item();
      items.put(m.discoveryId(), i);
    }
    boolean changed = added || !i.entry.member().equals(m);
    if (i.since == NEVER) {
      i.since = now;
    }
    i.set(new Entry(m, wallClock));
    i.confirmed = true;
    i.keepUntil = Long.MAX_VALUE;
    i.via = via;
    i.linked = true;
    i.lastHeard = now;
    if (changed) {
      touched.add(m.discoveryId());
    }
    return changed;
  }

  /** The Transport ID we have for {@code id}, or null. */
  String transportIdOf(String id) {
    Item i = items.get(id);
    return i == null ? null : i.entry.member().transportId();
  }

  /**
   * Adds entries we only know from a cache or a merge, never overriding an existing one and never beyond
   * {@code max} entries in all. True when anything was added.
   */
  boolean importProvisional(List<Entry> entries, long now, long keepUntil, int max) {
    boolean changed = false;
    for (Entry e : entries) {
      if (items.size() >= max) {
        break;
      }
      if (!items.containsKey(e.discoveryId()) && !e.discoveryId().equals(self)) {
        Item i = new Item();
        i.set(e);
        i.confirmed = false;
        i.keepUntil = keepUntil;
        i.lastHeard = now;
        items.put(e.discoveryId(), i);
        touched.add(e.discoveryId());
        changed = true;
      }
    }
    return changed;
  }

  void heard(String id, long now) {
    Item i = items.get(id);
    if (i != null && i.confirmed) {
      i.lastHeard = now;
    }
  }

  /** The link of confirmed member {@code id}, or null. */
  String viaOf(String id) {
    Item i = items.get(id);
    return i != null && i.confirmed ? i.via : null;
  }

  /**
   * A new connection replaced the link {@code via} of confirmed member {@code id}: it counts as checked in again only
   * after its next check-in.
   */
  void unlink(String id, String via) {
    Item i = items.get(id);
    if (i != null && i.confirmed && via.equals(i.via)) {
      i.linked = false;
    }
  }

  boolean remove(String id) {
    if (!id.equals(self) && items.remove(id) != null) {
      touched.add(id);
      return true;
    }
    return false;
  }

  /** Confirmed members whose link is on {@code via} become provisional until {@code keepUntil} (their link is gone). */
  void demoteLinksOn(String via, long keepUntil) {
    for (Item i : items.values()) {
      if (i.confirmed && via.equals(i.via)) {
        i.confirmed = false;
        i.via = null;
        i.linked = false;
        i.keepUntil = keepUntil;
      }
    }
  }

  /**
   * Removes confirmed entries last heard at or before {@code silentSince} (silent for at least the TTL when it is
   * {@code now - ttl}) and provisional entries past their keep time; ourselves never. Returns the removed IDs with the
   * links they had (null for provisional ones).
   */
  List<Link> expire(long now, long silentSince) {
    List<Link> gone = new ArrayList<>();
    for (Iterator<Map.Entry<String, Item>> it = items.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Item> me = it.next();
      // Read key and value first: TreeMap's iterator removal may reuse the entry object for the successor.
      String id = me.getKey();
      Item i = me.getValue();
      if (id.equals(self)) {
        continue;
      }
      boolean expired = i.confirmed ? i.lastHeard <= silentSince : i.keepUntil <= now;
      if (expired) {
        it.remove();
        touched.add(id);
        gone.add(new Link(i.via, id));
      }
    }
    return gone;
  }

  /** Earliest keep time of a provisional entry, or {@code Long.MAX_VALUE}. */
  long nextProvisionalExpiry() {
    long min = Long.MAX_VALUE;
    for (Item i : items.values()) {
      if (!i.confirmed) {
        min = Math.min(min, i.keepUntil);
      }
    }
    return min;
  }

  /** Confirmed members not heard from after {@code since}: whom the heartbeat pings. */
  List<Link> silentSince(long since) {
    List<Link> list = new ArrayList<>();
    for (Map.Entry<String, Item> me : items.entrySet()) {
      Item i = me.getValue();
      if (i.confirmed && i.linked && i.lastHeard <= since) {
        list.add(new Link(i.via, me.getKey()));
      }
    }
    return list;
  }

  /**
   * The designated successor (docs/PROTOCOL.md §8.6): the confirmed member (not us) with the earliest first check-in
   * here, ties by the smaller Discovery ID; "" when there is none.
   */
  String successor() {
    String best = "";
    long bestSince = Long.MAX_VALUE;
    for (Map.Entry<String, Item> me : items.entrySet()) {
      Item i = me.getValue();
      if (i.confirmed && !me.getKey().equals(self) && i.since < bestSince) {
        best = me.getKey();
        bestSince = i.since;
      }
    }
    return best;
  }

  /** True when there is something to push: touched entries or a new successor. */
  boolean dirty() {
    return !touched.isEmpty() || !successor().equals(announcedSuccessor);
  }

  /**
   * The deltas of everything touched since the last push (consecutive versions, each under the size limit); bumps the
   * version. Empty when there was nothing.
   */
  List<MeshMessage.Delta> flush() {
    String successor = successor();
    String successorChange = successor.equals(announcedSuccessor) ? null : successor;
    List<Entry> upserts = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (String id : touched) {
      Item i = items.get(id);
      if (i == null) {
        removed.add(id);
      } else {
        upserts.add(i.entry);
      }
    }
    touched.clear();
    announcedSuccessor = successor;
    List<MeshMessage.Delta> deltas = Split.deltas(version + 1, upserts, removed, successorChange, this::sizeOf);
    version += deltas.size();
    return deltas;
  }

  /** Forgets pending changes (once, when a new router has built its initial state and told nobody yet). */
  void clearTouched() {
    touched.clear();
    announcedSuccessor = successor();
  }

  /** The snapshot as {@code welcome} parts (the router's slot and Discovery ID given). */
  List<MeshMessage.Welcome> welcome(int slot) {
    List<Entry> all = new ArrayList<>(items.size());
    for (Item i : items.values()) {
      all.add(i.entry);
    }
    return Split.welcome(slot, self, version, successor(), all, this::sizeOf);
  }

  /** Every entry but ours (what a merge hands over). */
  List<Entry> othersEntries() {
    List<Entry> list = new ArrayList<>(items.size());
    for (Map.Entry<String, Item> me : items.entrySet()) {
      if (!me.getKey().equals(self)) {
        list.add(me.getValue().entry);
      }
    }
    return list;
  }

  /** Every entry (ours included). */
  List<Entry> entries() {
    List<Entry> list = new ArrayList<>(items.size());
    for (Item i : items.values()) {
      list.add(i.entry);
    }
    return list;
  }

  /** Everyone but us, sorted by Discovery ID: the application's list. */
  List<Member> others() {
    List<Member> list = new ArrayList<>(items.size());
    for (Map.Entry<String, Item> me : items.entrySet()) {
      if (!me.getKey().equals(self)) {
        list.add(me.getValue().entry.member());
      }
    }
    return list;
  }

  /** The links a push goes to: every confirmed member but us whose link has checked in. */
  List<Link> confirmedLinks() {
    List<Link> list = new ArrayList<>(items.size());
    for (Map.Entry<String, Item> me : items.entrySet()) {
      Item i = me.getValue();
      if (i.confirmed && i.linked) {
        list.add(new Link(i.via, me.getKey()));
      }
    }
    return list;
  }

  /** Every confirmed member's link, checked in again or not (what to close when we stop routing). */
  List<Link> memberLinks() {
    List<Link> list = new ArrayList<>(items.size());
    for (Map.Entry<String, Item> me : items.entrySet()) {
      Item i = me.getValue();
      if (i.confirmed && i.via != null) {
        list.add(new Link(i.via, me.getKey()));
      }
    }
    return list;
  }

  private int sizeOf(Entry e) {
    Item i = items.get(e.discoveryId());
    return i != null && i.entry == e ? i.size : MeshWire.size(e);
  }
}
