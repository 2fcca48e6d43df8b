package io.meshkit.mesh.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The IDs one namespace unit holds or is claiming on the signaling server (one signaling connection each), so that
 * every claim is eventually released and no ID is claimed twice.
 */
final class HeldIds {
  private final UnitContext ctx;
  private final Set<String> claiming = new LinkedHashSet<>();
  private final Set<String> held = new LinkedHashSet<>();

  HeldIds(UnitContext ctx) {
    this.ctx = ctx;
  }

  boolean holds(String id) {
    return held.contains(id);
  }

  boolean claiming(String id) {
    return claiming.contains(id);
  }

  /** Claims {@code id} unless it is held or being claimed already. */
  void claim(String id) {
    if (!held.contains(id) && claiming.add(id)) {
      ctx.emit(new Effect.ClaimId(id));
    }
  }

  /** The claim of {@code id} succeeded; true when we were claiming it (else it is unwanted: the caller releases it). */
  boolean claimed(String id) {
    if (claiming.remove(id)) {
      held.add(id);
      return true;
    }
    return held.contains(id);
  }

  /** The claim was refused or the ID was lost: we neither hold nor claim it any more. */
  void gone(String id) {
    claiming.remove(id);
    held.remove(id);
  }

  /** Releases {@code id} if held or being claimed (closing that signaling connection). */
  void release(String id) {
    if (held.remove(id) | claiming.remove(id)) {
      ctx.emit(new Effect.ReleaseId(id));
    }
  }

  void releaseAll() {
    for (String id : List.copyOf(held)) {
      release(id);
    }
    for (String id : List.copyOf(claiming)) {
      release(id);
    }
  }

  /** Slot IDs held other than {@code except} (may be null). */
  List<String> heldSlotsExcept(String except) {
    return held.stream().filter(id -> !id.equals(except) && !id.equals(ctx.discoveryId())).toList();
  }
}
