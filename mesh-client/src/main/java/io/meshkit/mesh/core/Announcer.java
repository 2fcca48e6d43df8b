package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Member;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the application was told about one namespace (CLI {@code role} and {@code network} events), so that a
 * notification goes out only when role, router or the list really changed, and the first list even when empty.
 */
final class Announcer {
  private final String label;
  private Role role;
  private String routerId;
  private List<Member> network;
  private boolean dirty;

  Announcer(String label) {
    this.label = label;
  }

  /** The list may have changed; it is rebuilt and compared at the next {@link #announce}. */
  void dirty() {
    dirty = true;
  }

  Role role() {
    return role;
  }

  String routerId() {
    return routerId;
  }

  List<Member> network() {
    return network;
  }

  /** After a stop: no role any more. */
  void forgetRole() {
    role = null;
    routerId = null;
  }

  /**
   * Tells the current state if it changed. {@code current} is null while searching (nothing is told then), else the
   * role, the router's slot ID and, built only when dirty, the list without ourselves.
   */
  void announce(Role current, String currentRouterId, Supplier<List<Member>> list, UnitContext ctx) {
    if (current == null) {
      return;
    }
    if (current != role || !currentRouterId.equals(routerId)) {
      role = current;
      routerId = currentRouterId;
      ctx.notify(new Notification.RoleChanged(label, current, currentRouterId));
    }
    if (dirty) {
      dirty = false;
      List<Member> now = list.get();
      if (!now.equals(network)) {
        network = List.copyOf(now);
        ctx.notify(new Notification.NetworkChanged(label, network));
      }
    }
  }
}
