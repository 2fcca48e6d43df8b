package io.meshkit.mesh.core.wire;

/**
 * A participant of a namespace as its router lists it (the identity fields of a registry entry, docs/PROTOCOL.md §4.2).
 *
 * @param discoveryId {@code {prefix}-{ns}-{discoveryUuid}}, the key of the registry
 * @param name        friendly name ({@link FriendlyName} rules)
 * @param uuid        the persistent discovery UUID: {@value #MIN_UUID_LENGTH}–{@value #MAX_UUID_LENGTH} characters,
 *                    a valid PeerJS ID part; the Discovery ID ends with {@code "-" + uuid}
 * @param transportId the member's current Transport ID, or null when it did not say (a minimal client's check-in)
 */
public record Member(String discoveryId, String name, String uuid, String transportId) {

  /** Shortest discovery UUID: keeps a Discovery ID from ever looking like a router slot ID ({@code -1} .. {@code -64}). */
  public static final int MIN_UUID_LENGTH = 8;
  /** Longest discovery UUID. */
  public static final int MAX_UUID_LENGTH = 64;

  public Member {
    PeerJsId.require(discoveryId, "discoveryID");
    FriendlyName.of(name);
    requireUuid(uuid);
    if (transportId != null) {
      PeerJsId.require(transportId, "transportID");
    }
    if (!discoveryId.endsWith("-" + uuid) || discoveryId.length() == uuid.length() + 1) {
      throw new IllegalArgumentException("discoveryID does not end with -discoveryUUID");
    }
  }

  /** {@code uuid} itself when it is a valid discovery UUID, else {@link IllegalArgumentException}. */
  public static String requireUuid(String uuid) {
    if (uuid == null || uuid.length() < MIN_UUID_LENGTH || uuid.length() > MAX_UUID_LENGTH || !PeerJsId.isValid(uuid)) {
      throw new IllegalArgumentException("discoveryUUID must be a PeerJS ID part of " + MIN_UUID_LENGTH + "–"
          + MAX_UUID_LENGTH + " characters");
    }
    return uuid;
  }

  /** The same member with another Transport ID. */
  public Member withTransportId(String id) {
    return new Member(discoveryId, name, uuid, id);
  }
}
