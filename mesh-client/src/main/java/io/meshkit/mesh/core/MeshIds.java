package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.PeerJsId;

/**
 * The PeerJS IDs of the mesh (docs/PROTOCOL.md §2.4). Transport ID {@code {prefix}-{uuid}}, Discovery ID
 * {@code {prefix}-{ns}-{uuid}}, router slot IDs {@code {prefix}-{ns}-{k}} for k = 1..maxSlots (slot 1 is the design's
 * Router ID).
 */
public final class MeshIds {

  private MeshIds() {}

  public static String transportId(String prefix, String uuid) {
    return checked(requireIdPart(prefix, "prefix") + "-" + requireIdPart(uuid, "uuid"));
  }

  public static String discoveryId(String prefix, String namespace, String uuid) {
    return checked(requireIdPart(prefix, "prefix") + "-" + requireIdPart(namespace, "namespace") + "-"
        + Member.requireUuid(uuid));
  }

  /** Router slot {@code slot} (1-based): {@code {prefix}-{ns}-{slot}}. */
  public static String routerId(String prefix, String namespace, int slot) {
    if (slot < 1 || slot > MeshConfig.MAX_SLOTS_LIMIT) {
      throw new IllegalArgumentException("slot must be in 1.." + MeshConfig.MAX_SLOTS_LIMIT + ": " + slot);
    }
    return checked(requireIdPart(prefix, "prefix") + "-" + requireIdPart(namespace, "namespace") + "-" + slot);
  }

  /** True when {@code id} is a valid PeerJS ID no longer than {@link PeerJsId#MAX_LENGTH}. */
  public static boolean isValidId(String id) {
    return PeerJsId.isValid(id);
  }

  static String requireIdPart(String part, String what) {
    return PeerJsId.require(part, what);
  }

  private static String checked(String id) {
    if (!PeerJsId.isValid(id)) {
      throw new IllegalArgumentException("not a valid PeerJS ID (length " + id.length() + ")");
    }
    return id;
  }
}
