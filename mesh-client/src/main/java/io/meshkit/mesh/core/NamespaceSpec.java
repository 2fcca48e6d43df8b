package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Member;
import java.util.Objects;

/**
 * One namespace a node takes part in (docs/PROTOCOL.md §14): the local network's, and later rendezvous or beacon
 * namespaces. Each has its own Discovery ID {@code {prefix}-{namespace}-{discoveryUuid}} and its own timings.
 *
 * @param label         the application's name for it ({@code "local"}, a contact's rendezvous, …): notifications
 *                      carry it, {@link MeshEvent.RemoveNamespace} names it; unique within a node
 * @param prefix        the ID prefix (fixed, or a beacon's)
 * @param namespace     the namespace ID part ({@link Namespace#of} for a network)
 * @param discoveryUuid the discovery UUID used in this namespace (the persistent one for network namespaces)
 * @param config        timings and limits
 */
public record NamespaceSpec(String label, String prefix, String namespace, String discoveryUuid, MeshConfig config) {
  public NamespaceSpec {
    if (label == null || label.isEmpty() || label.length() > 64) {
      throw new IllegalArgumentException("label must have 1..64 characters");
    }
    MeshIds.requireIdPart(prefix, "prefix");
    MeshIds.requireIdPart(namespace, "namespace");
    Member.requireUuid(discoveryUuid);
    Objects.requireNonNull(config, "config");
    MeshIds.discoveryId(prefix, namespace, discoveryUuid); // fits the ID length limit
    MeshIds.routerId(prefix, namespace, config.maxSlots());
  }

  /** {@code {prefix}-{namespace}-{discoveryUuid}}. */
  public String discoveryId() {
    return MeshIds.discoveryId(prefix, namespace, discoveryUuid);
  }
}
