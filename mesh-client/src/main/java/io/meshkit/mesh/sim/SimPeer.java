package io.meshkit.mesh.sim;

import io.meshkit.mesh.core.MeshNode;
import io.meshkit.mesh.core.Role;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One simulated process: the real core, the namespaces it takes part in, and per namespace what the application was
 * last told. A restart makes a new incarnation (a new node with the same discovery UUID); events of an older one never
 * reach it.
 */
public final class SimPeer {
  final int index;
  final String uuid;
  final long tag;
  MeshNode node;
  int incarnation;
  boolean alive;
  int group;
  /** Namespaces hosted (by namespace ID, which is also the label). */
  final Set<String> namespaces = new LinkedHashSet<>();
  /** Per namespace: what the application was told. */
  final Map<String, NsView> views = new TreeMap<>();

  /** What one namespace told the application. */
  static final class NsView {
    Role role;
    String routerId;
    int listCount = -1;
    long listHash;
    boolean good;
  }

  SimPeer(int index, String uuid, long tag) {
    this.index = index;
    this.uuid = uuid;
    this.tag = tag;
  }

  public int index() {
    return index;
  }

  public MeshNode node() {
    return node;
  }

  public boolean alive() {
    return alive;
  }

  /** The role told in the default namespace, or null. */
  public Role role() {
    return role(Simulator.DEFAULT_NS);
  }

  public Role role(String ns) {
    NsView v = views.get(ns);
    return v == null ? null : v.role;
  }

  public String routerId() {
    NsView v = views.get(Simulator.DEFAULT_NS);
    return v == null ? null : v.routerId;
  }

  public Set<String> namespaces() {
    return Set.copyOf(namespaces);
  }

  NsView view(String ns) {
    return views.computeIfAbsent(ns, k -> new NsView());
  }
}
