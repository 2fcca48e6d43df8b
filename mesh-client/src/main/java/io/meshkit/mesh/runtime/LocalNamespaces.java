package io.meshkit.mesh.runtime;

import io.meshkit.mesh.core.MeshConfig;
import io.meshkit.mesh.core.Namespace;
import io.meshkit.mesh.core.NamespaceSpec;
import io.meshkit.mesh.core.wire.Member;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The namespaces of the local network a client takes part in: one per prefix it holds, for its public address
 * (docs/PROTOCOL.md §2.2). With a fixed prefix that is one namespace, labelled {@value MeshRuntime#LOCAL}; with a
 * beacon (§13.3.5) the current prefix's, plus the previous prefix's during a rotation's overlap, labelled
 * {@code local:{prefix}}. The newest is the <em>current</em> one: its role is the client's role. The list people see
 * is the union of all of them by discovery UUID, so nobody leaves it while the mesh moves to the next prefix.
 */
final class LocalNamespaces {

  /** One local namespace: the label the core knows it by, and its spec. */
  record Local(String label, String prefix, NamespaceSpec spec) {
    String namespace() {
      return spec.namespace();
    }
  }

  /** What {@link #update} changed: labels to remove (first), then specs to add. */
  record Changes(List<String> removed, List<NamespaceSpec> added) {
    boolean isEmpty() {
      return removed.isEmpty() && added.isEmpty();
    }
  }

  private final String discoveryUuid;
  private final MeshConfig mesh;
  private final boolean beacon;
  /** Oldest first; the last is the current one. */
  private final List<Local> locals = new ArrayList<>();

  /**
   * @param beacon true when prefixes come from a beacon (labels carry the prefix); false for the one fixed prefix
   */
  LocalNamespaces(String discoveryUuid, MeshConfig mesh, boolean beacon) {
    this.discoveryUuid = discoveryUuid;
    this.mesh = mesh;
    this.beacon = beacon;
  }

  /**
   * Makes the hosted namespaces those of {@code prefixes} (oldest first) at {@code address} (4 or 16 bytes; null when
   * discovery is off: none). A namespace whose prefix is no longer held, or whose address moved, is removed; the
   * missing ones are added, in the order of {@code prefixes}.
   */
  Changes update(List<String> prefixes, byte[] address) {
    Map<String, NamespaceSpec> wanted = new LinkedHashMap<>();
    if (address != null) {
      for (String p : prefixes) {
        String label = label(p);
        wanted.put(label, new NamespaceSpec(label, p, Namespace.of(p, address), discoveryUuid, mesh));
      }
    }
    List<String> removed = new ArrayList<>();
    for (Local l : List.copyOf(locals)) {
      NamespaceSpec w = wanted.get(l.label());
      if (w == null || !w.namespace().equals(l.namespace())) {
        removed.add(l.label());
        locals.remove(l);
      }
    }
    List<NamespaceSpec> added = new ArrayList<>();
    for (NamespaceSpec w : wanted.values()) {
      if (locals.stream().noneMatch(l -> l.label().equals(w.label()))) {
        added.add(w);
        locals.add(new Local(w.label(), w.prefix(), w));
      }
    }
    // Keep the order of prefixes (the current one last), whatever order they were added in.
    List<String> order = List.copyOf(wanted.keySet());
    locals.sort(Comparator.comparingInt(l -> order.indexOf(l.label())));
    return new Changes(removed, added);
  }

  String label(String prefix) {
    return beacon ? "local:" + prefix : MeshRuntime.LOCAL;
  }

  /** The current (newest) local namespace. */
  Optional<Local> current() {
    return locals.isEmpty() ? Optional.empty() : Optional.of(locals.get(locals.size() - 1));
  }

  boolean isCurrent(String label) {
    return current().map(l -> l.label().equals(label)).orElse(false);
  }

  boolean isLocal(String label) {
    return locals.stream().anyMatch(l -> l.label().equals(label));
  }

  /** Whether {@code id} is our Discovery ID in one of them (links to it are contact requests, §8.8). */
  boolean isOurDiscoveryId(String id) {
    return locals.stream().anyMatch(l -> l.spec().discoveryId().equals(id));
  }

  /**
   * The list people see: every member of every local namespace, once per discovery UUID (the current namespace's
   * entry first), sorted by discovery ID; empty when none is known yet, null when no namespace has told a list.
   */
  List<Member> merged(Function<String, Optional<List<Member>>> networkOf) {
    Map<String, Member> byUuid = new LinkedHashMap<>();
    boolean known = false;
    for (int i = locals.size() - 1; i >= 0; i--) {
      Optional<List<Member>> list = networkOf.apply(locals.get(i).label());
      if (list.isPresent()) {
        known = true;
        for (Member m : list.get()) {
          byUuid.putIfAbsent(m.uuid(), m);
        }
      }
    }
    if (!known) {
      return null;
    }
    List<Member> out = new ArrayList<>(byUuid.values());
    out.sort(Comparator.comparing(Member::discoveryId));
    return out;
  }
}
