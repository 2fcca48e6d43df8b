package io.meshkit.mesh.core;

/**
 * Who this node is on the network. The adapter loads {@code discoveryUuid} from the data directory (generated once).
 *
 * @param discoveryUuid persistent UUID (a valid PeerJS ID part, at least {@value MeshIds#MIN_UUID_LENGTH} characters)
 * @param name          friendly name shown to others, at most {@value Member#MAX_NAME_LENGTH} characters
 * @param transportId   current Transport ID {@code {prefix}-{uuid}} (ephemeral)
 */
public record Identity(String discoveryUuid, String name, String transportId) {
  public Identity {
    MeshIds.requireUuid(discoveryUuid);
    Member.requireName(name);
    if (!MeshIds.isValidId(transportId)) {
      throw new IllegalArgumentException("transportId is not a valid PeerJS ID");
    }
  }
}
