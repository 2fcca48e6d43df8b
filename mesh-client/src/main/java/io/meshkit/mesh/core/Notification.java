package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Member;
import java.util.List;

/** What the application sees of the mesh (the CLI's {@code role} and {@code network} events), per namespace label. */
public sealed interface Notification {

  /** Our role or router changed in {@code namespace}. {@code routerId} is the router's slot ID (ours when ROUTER). */
  record RoleChanged(String namespace, Role role, String routerId) implements Notification {}

  /**
   * The on-network list of {@code namespace}, self excluded, sorted by Discovery ID: told once when first known (even
   * empty) and whenever it changes.
   */
  record NetworkChanged(String namespace, List<Member> peers) implements Notification {
    public NetworkChanged {
      peers = List.copyOf(peers);
    }
  }

  /** Something the node cannot fix by itself, e.g. its Discovery ID is taken (another instance with the same data). */
  record Fault(String namespace, String reason) implements Notification {}

  /** After {@link MeshEvent.RemoveNamespace}: the namespace said goodbye and released its IDs. */
  record NamespaceStopped(String namespace) implements Notification {}

  /** After {@link MeshEvent.Stop}: every ID released; the adapter may exit. */
  record Stopped() implements Notification {}
}
