package io.meshkit.mesh.core;

import java.util.List;

/** What the application sees of the mesh (the CLI's {@code role} and {@code network} events). */
public sealed interface Notification {

  /** Our role or router changed. {@code routerId} is the slot ID of the current router (ours when ROUTER). */
  record RoleChanged(Role role, String routerId) implements Notification {}

  /**
   * The on-network list, self excluded, sorted by discovery ID: sent once when first known (even empty) and whenever it
   * changes.
   */
  record NetworkChanged(List<Member> peers) implements Notification {
    public NetworkChanged {
      peers = List.copyOf(peers);
    }
  }

  /** Something the node cannot fix by itself, e.g. our Discovery ID is taken (another instance with the same data dir). */
  record Fault(String reason) implements Notification {}

  /** After {@link MeshEvent.Stop}: every ID released; the adapter may exit. */
  record Stopped() implements Notification {}
}
