package io.meshkit.mesh.sim;

import io.meshkit.mesh.core.MeshNode;
import io.meshkit.mesh.core.Role;

/** One simulated process: the real core plus what the application was last told. */
public final class SimPeer {
  final int index;
  final MeshNode node;
  /** Random tag of this peer's discovery ID, summed into list fingerprints. */
  final long tag;
  boolean alive;
  int group;
  Role role;
  String routerId;
  int listCount = -1;
  long listHash;
  boolean good;

  SimPeer(int index, MeshNode node, long tag) {
    this.index = index;
    this.node = node;
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

  public Role role() {
    return role;
  }

  public String routerId() {
    return routerId;
  }
}
