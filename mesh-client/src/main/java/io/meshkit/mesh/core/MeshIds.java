package io.meshkit.mesh.core;

import java.util.regex.Pattern;

/**
 * The PeerJS IDs of the mesh. Transport ID {@code {prefix}-{uuid}}, Discovery ID {@code {prefix}-{ns}-{uuid}},
 * Router slot IDs {@code {prefix}-{ns}-{k}} for k = 1..maxSlots (slot 1 is the design's Router ID).
 */
public final class MeshIds {

  /** The PeerJS client's own check (peerjs 1.5.5 {@code util.validateId}); the reference server checks nothing. */
  public static final Pattern PEERJS_ID = Pattern.compile("^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$");
  /** Longest ID we produce or accept from the network. */
  public static final int MAX_ID_LENGTH = 128;
  /** Shortest discovery UUID: keeps a Discovery ID from ever looking like a router slot ID ({@code -1}). */
  public static final int MIN_UUID_LENGTH = 8;

  private MeshIds() {}

  public static String transportId(String prefix, String uuid) {
    return checked(prefix + "-" + requireUuid(uuid));
  }

  public static String discoveryId(String prefix, String namespace, String uuid) {
    return checked(prefix + "-" + namespace + "-" + requireUuid(uuid));
  }

  /** Router slot {@code slot} (1-based): {@code {prefix}-{ns}-{slot}}. */
  public static String routerId(String prefix, String namespace, int slot) {
    if (slot < 1) {
      throw new IllegalArgumentException("slot must be >= 1: " + slot);
    }
    return checked(prefix + "-" + namespace + "-" + slot);
  }

  /** True when {@code id} is a valid PeerJS ID no longer than {@link #MAX_ID_LENGTH}. */
  public static boolean isValidId(String id) {
    return id != null && !id.isEmpty() && id.length() <= MAX_ID_LENGTH && PEERJS_ID.matcher(id).matches();
  }

  static String requireIdPart(String part, String what) {
    if (!isValidId(part)) {
      throw new IllegalArgumentException(what + " is not a valid PeerJS ID part");
    }
    return part;
  }

  static String requireUuid(String uuid) {
    requireIdPart(uuid, "uuid");
    if (uuid.length() < MIN_UUID_LENGTH) {
      throw new IllegalArgumentException("uuid shorter than " + MIN_UUID_LENGTH);
    }
    return uuid;
  }

  private static String checked(String id) {
    if (!isValidId(id)) {
      throw new IllegalArgumentException("not a valid PeerJS ID (length " + id.length() + ")");
    }
    return id;
  }
}
