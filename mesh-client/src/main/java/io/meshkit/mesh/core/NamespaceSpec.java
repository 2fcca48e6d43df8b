package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Member;
import java.util.Objects;

/**
 * One namespace a node takes part in (docs/PROTOCOL.md §14): the local network's, a rendezvous or a beacon namespace.
 * Each has its own Discovery ID {@code {prefix}-{namespace}-{discoveryUuid}} and its own timings.
 *
 * <p>A <b>meeting namespace</b> ({@code meetingTimeoutMillis > 0}; docs/PROTOCOL.md §13.2.4) is one that exactly two
 * peers share to find each other (a rendezvous namespace): the election of §6 runs in it, but a link to a slot holder
 * carries no check-in: it is handed to the application ({@link Effect.HandOff}), which proves who is at the other end
 * and tells the node how each meeting ended ({@link MeshEvent.MeetingEnded}).
 *
 * @param label                the application's name for it ({@code "local"}, a contact's rendezvous, …):
 *                             notifications carry it, {@link MeshEvent.RemoveNamespace} names it; unique within a node
 * @param prefix               the ID prefix (fixed, or a beacon's)
 * @param namespace            the namespace ID part ({@link Namespace#of} for a network)
 * @param discoveryUuid        the discovery UUID used in this namespace (the persistent one for network namespaces, a
 *                             fresh one for a meeting namespace)
 * @param config               timings and limits
 * @param meetingTimeoutMillis 0 for a network namespace; for a meeting namespace, how long a handed-off link may take
 *                             to prove itself before the node gives up on it (as if the application had said it failed)
 */
public record NamespaceSpec(String label, String prefix, String namespace, String discoveryUuid, MeshConfig config,
                            long meetingTimeoutMillis) {
  public NamespaceSpec {
    if (label == null || label.isEmpty() || label.length() > 64) {
      throw new IllegalArgumentException("label must have 1..64 characters");
    }
    MeshIds.requireIdPart(prefix, "prefix");
    MeshIds.requireIdPart(namespace, "namespace");
    Member.requireUuid(discoveryUuid);
    Objects.requireNonNull(config, "config");
    if (meetingTimeoutMillis < 0) {
      throw new IllegalArgumentException("meetingTimeoutMillis must be >= 0");
    }
    MeshIds.discoveryId(prefix, namespace, discoveryUuid); // fits the ID length limit
    MeshIds.routerId(prefix, namespace, config.maxSlots());
  }

  /** A network namespace (§2.2): the registry protocol of §5–§10. */
  public NamespaceSpec(String label, String prefix, String namespace, String discoveryUuid, MeshConfig config) {
    this(label, prefix, namespace, discoveryUuid, config, 0);
  }

  /** A meeting namespace whose handed-off links must prove themselves within {@code timeoutMillis}. */
  public static NamespaceSpec meeting(String label, String prefix, String namespace, String discoveryUuid,
                                      MeshConfig config, long timeoutMillis) {
    if (timeoutMillis <= 0) {
      throw new IllegalArgumentException("a meeting namespace needs a timeout > 0");
    }
    return new NamespaceSpec(label, prefix, namespace, discoveryUuid, config, timeoutMillis);
  }

  /** True for a meeting namespace. */
  public boolean meeting() {
    return meetingTimeoutMillis > 0;
  }

  /** {@code {prefix}-{namespace}-{discoveryUuid}}. */
  public String discoveryId() {
    return MeshIds.discoveryId(prefix, namespace, discoveryUuid);
  }
}
