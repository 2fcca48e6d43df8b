package io.meshkit.mesh.core;

/**
 * One registry entry: a participant of the namespace as the router announces it.
 *
 * @param discoveryId {@code {prefix}-{ns}-{uuid}}, the key of the registry
 * @param name        friendly name, 1..{@value #MAX_NAME_LENGTH} characters, no control characters
 * @param uuid        the persistent discovery UUID
 * @param transportId the member's current Transport ID
 */
public record Member(String discoveryId, String name, String uuid, String transportId) {

  /** Longest friendly name (characters). */
  public static final int MAX_NAME_LENGTH = 64;

  public Member {
    if (!MeshIds.isValidId(discoveryId)) {
      throw new IllegalArgumentException("discoveryId is not a valid PeerJS ID");
    }
    requireName(name);
    MeshIds.requireUuid(uuid);
    if (!MeshIds.isValidId(transportId)) {
      throw new IllegalArgumentException("transportId is not a valid PeerJS ID");
    }
    if (!discoveryId.endsWith("-" + uuid)) {
      throw new IllegalArgumentException("discoveryId does not end with the uuid");
    }
  }

  static String requireName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("name must have 1.." + MAX_NAME_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new IllegalArgumentException("name contains a control character");
      }
    }
    return name;
  }
}
