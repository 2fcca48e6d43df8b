package io.meshkit.mesh.core.wire;

/**
 * One registry entry on the wire (docs/PROTOCOL.md §4.2): the member and when the router last accepted its check-in.
 *
 * @param member   who
 * @param lastSeen the router's wall-clock time (Unix milliseconds) of the member's last check-in at that router;
 *                 informational (liveness is the router's business), 0 to {@value MeshWire#MAX_INTEGER}
 */
public record Entry(Member member, long lastSeen) {
  public Entry {
    if (member == null) {
      throw new IllegalArgumentException("entry without member");
    }
    MeshWire.requireInteger(lastSeen, "lastSeen");
  }

  public String discoveryId() {
    return member.discoveryId();
  }
}
