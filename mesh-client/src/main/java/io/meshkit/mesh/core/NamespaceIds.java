package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.PeerJsId;

/**
 * The IDs of one namespace and how to tell them apart (docs/PROTOCOL.md §2.4): with {@code base = prefix-ns-}, a slot ID
 * is {@code base} + 1..64 without leading zeros, a Discovery ID {@code base} + a discovery UUID (8 or more characters,
 * so never a slot number).
 */
final class NamespaceIds {
  final String base;
  final String discoveryId;
  private final int maxSlots;

  NamespaceIds(NamespaceSpec spec) {
    this.base = spec.prefix() + "-" + spec.namespace() + "-";
    this.discoveryId = spec.discoveryId();
    this.maxSlots = spec.config().maxSlots();
  }

  /** True when {@code id} starts with this namespace's base (a slot or Discovery ID of it). */
  boolean owns(String id) {
    return id != null && id.startsWith(base);
  }

  String slotId(int slot) {
    if (slot < 1 || slot > maxSlots) {
      throw new IllegalArgumentException("slot out of range: " + slot);
    }
    return base + slot;
  }

  /** The slot number of {@code id} (1..{@value MeshConfig#MAX_SLOTS_LIMIT}) if it is a slot ID of this namespace, else -1. */
  int slotOf(String id) {
    if (!owns(id)) {
      return -1;
    }
    String rest = id.substring(base.length());
    if (rest.isEmpty() || rest.length() > 2 || rest.charAt(0) == '0') {
      return -1;
    }
    for (int i = 0; i < rest.length(); i++) {
      if (rest.charAt(i) < '0' || rest.charAt(i) > '9') {
        return -1;
      }
    }
    int slot = Integer.parseInt(rest);
    return slot <= MeshConfig.MAX_SLOTS_LIMIT ? slot : -1;
  }

  /** A slot number this node may use (1..maxSlots) for {@code id}, else -1. */
  int usableSlotOf(String id) {
    int slot = slotOf(id);
    return slot <= maxSlots ? slot : -1;
  }

  /** True when {@code id} is a Discovery ID of this namespace (not a slot, a valid discovery UUID after the base). */
  boolean isDiscoveryId(String id) {
    if (!owns(id) || !PeerJsId.isValid(id)) {
      return false;
    }
    String uuid = id.substring(base.length());
    return uuid.length() >= Member.MIN_UUID_LENGTH && uuid.length() <= Member.MAX_UUID_LENGTH
        && PeerJsId.isValid(uuid);
  }

  /** The discovery UUID of a Discovery ID of this namespace. */
  String uuidOf(String discoveryId) {
    return discoveryId.substring(base.length());
  }

  int maxSlots() {
    return maxSlots;
  }
}
