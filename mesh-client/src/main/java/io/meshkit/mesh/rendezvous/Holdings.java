package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.core.NamespaceSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rendezvous namespaces a client holds (docs/PROTOCOL.md §13.2.3): at most {@code budget}, chosen by the pair's
 * priority in each slot, which both contacts compute alike; a namespace with a meeting in progress, or just met in, is
 * kept until that is over (a slot change never cuts a meeting, §13.2.2). Each namespace joined gets a fresh Discovery
 * UUID. Owned by {@link RendezvousNode}, which says what it wants ({@link #hold}) after every step.
 */
final class Holdings {
  /** A namespace the node would like to hold: {@code contact}'s in {@code slot}, with the pair's priority there. */
  record Want(String contact, TimeSlot slot, byte[] secret, long priority) {}

  private static final class Held {
    final String label;
    final String contact;
    final String namespace;
    final String prefix;
    int meetings;
    /** Met here: kept until the LEAVE timer, so that our note leaves before the links close. */
    boolean leaving;

    Held(String label, String contact, String namespace, String prefix) {
      this.label = label;
      this.contact = contact;
      this.namespace = namespace;
      this.prefix = prefix;
    }
  }

  private static final Comparator<Want> ORDER = Comparator
      .comparing((Want w) -> w.priority(), (a, b) -> Long.compareUnsigned(b, a))
      .thenComparing(Want::contact)
      .thenComparing(Want::slot);

  private String prefix;
  /** Older prefixes still in their overlap (docs/PROTOCOL.md §13.3.5): their namespaces are kept, outside the budget. */
  private final Set<String> overlapping = new LinkedHashSet<>();
  /** Bumped at every prefix change, so that a namespace joined again under the new prefix has a label of its own. */
  private int generation;
  private final RendezvousConfig cfg;
  private final Step s;
  private final Supplier<String> uuids;
  private final Map<String, Held> held = new LinkedHashMap<>();

  Holdings(String prefix, RendezvousConfig cfg, Step s, Supplier<String> uuids) {
    this.prefix = prefix;
    this.cfg = cfg;
    this.s = s;
    this.uuids = uuids;
  }

  String label(String contact, TimeSlot slot) {
    return "rv-" + contact.substring(0, 16) + "-" + slot.index() + (generation == 0 ? "" : "-g" + generation);
  }

  /**
   * A new prefix: the next hold joins under it; the namespaces of the old one stay for the overlap, outside the budget,
   * until {@link #prefixDropped}.
   */
  void prefixChanged(String newPrefix) {
    overlapping.add(prefix);
    overlapping.remove(newPrefix);
    prefix = newPrefix;
    generation++;
  }

  /** The overlap of {@code old} is over: its namespaces go at the next hold (once their meetings are over). */
  void prefixDropped(String old) {
    overlapping.remove(old);
  }

  /**
   * Holds what must stay (meetings in progress, just met), then, of {@code wants}, those whose priority {@code p}
   * passes the bar {@code p × n ≥ (n − r) × 2^64} (n wants, r the budget left; all of them when n ≤ r), highest first,
   * at most r; leaves the rest. A bar rather than simply the r highest: a side's choice then depends only on its own
   * number of candidates and the pair's priority, which both contacts share, so they hold their pair together whenever
   * the more loaded side does (the r highest would also depend on the other candidates' priorities, which they do
   * not share).
   */
  void hold(List<Want> wants) {
    Set<String> keep = new LinkedHashSet<>();
    int counted = 0;
    for (Held h : held.values()) {
      boolean current = h.prefix.equals(prefix);
      if (h.meetings > 0 || h.leaving || (!current && overlapping.contains(h.prefix))) {
        keep.add(h.label);
        counted += current ? 1 : 0;
      }
    }
    int room = cfg.budget() - counted;
    List<Want> ordered = new ArrayList<>(wants);
    ordered.sort(ORDER);
    Map<String, Want> chosen = new LinkedHashMap<>();
    int n = ordered.size();
    BigInteger bar = n <= room ? BigInteger.ZERO : BigInteger.valueOf(n - (long) Math.max(0, room)).shiftLeft(64);
    for (Want w : ordered) {
      String label = label(w.contact(), w.slot());
      if (keep.contains(label) || chosen.containsKey(label)) {
        continue;
      }
      if (room <= 0 || unsigned(w.priority()).multiply(BigInteger.valueOf(n)).compareTo(bar) < 0) {
        break; // ordered by priority: nothing after passes either
      }
      chosen.put(label, w);
      room--;
    }
    for (Held h : new ArrayList<>(held.values())) {
      if (!keep.contains(h.label) && !chosen.containsKey(h.label)) {
        held.remove(h.label);
        s.mesh(new MeshEvent.RemoveNamespace(h.label));
      }
    }
    for (Map.Entry<String, Want> e : chosen.entrySet()) {
      if (!held.containsKey(e.getKey())) {
        Want w = e.getValue();
        String ns = RendezvousNamespace.of(w.secret(), w.slot());
        held.put(e.getKey(), new Held(e.getKey(), w.contact(), ns, prefix));
        s.mesh(new MeshEvent.AddNamespace(NamespaceSpec.meeting(e.getKey(), prefix, ns, uuids.get(), cfg.mesh(),
            cfg.meetingTimeoutMillis())));
      }
    }
  }

  private static BigInteger unsigned(long v) {
    return new BigInteger(Long.toUnsignedString(v));
  }

  /** The contact whose namespace {@code label} is, or null if we do not hold it. */
  String contactOf(String label) {
    Held h = held.get(label);
    return h == null ? null : h.contact;
  }

  void meetingStarted(String label) {
    Held h = held.get(label);
    if (h != null) {
      h.meetings++;
    }
  }

  void meetingEnded(String label) {
    Held h = held.get(label);
    if (h != null && h.meetings > 0) {
      h.meetings--;
    }
  }

  /** Met {@code contact} in {@code label}: keep that one for the close grace; the pair's others go (not wanted now). */
  void met(String contact, String label) {
    Held h = held.get(label);
    if (h != null) {
      h.leaving = true;
      s.schedule(s.now + cfg.closeGraceMillis(), RendezvousTimer.Kind.LEAVE, 0, label);
    }
  }

  void leaveDue(String label) {
    Held h = held.get(label);
    if (h != null) {
      h.leaving = false;
      h.meetings = 0; // the met link's close may never be reported once we leave
    }
  }

  /** The contact is no longer looked for at all (ended, paused, a new secret): leave its namespaces now. */
  void removeContact(String contact) {
    for (Held h : new ArrayList<>(held.values())) {
      if (h.contact.equals(contact)) {
        held.remove(h.label);
        s.mesh(new MeshEvent.RemoveNamespace(h.label));
      }
    }
  }

  /** Label → namespace ID of every namespace held now. */
  Map<String, String> held() {
    Map<String, String> m = new LinkedHashMap<>();
    held.values().forEach(h -> m.put(h.label, h.namespace));
    return m;
  }
}
