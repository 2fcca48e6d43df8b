package io.meshkit.mesh.core;

/** Outputs of {@link MeshNode#step(MeshEvent, long)}: what the adapters must do, in order. */
public sealed interface Effect {

  /**
   * Open a signaling connection that claims {@code id}. One PeerJS client holds one ID per signaling connection, so each
   * claimed ID (Discovery ID, a router slot, a probe of a lower slot) is its own connection. Answer with
   * {@link MeshEvent.IdClaimed} or {@link MeshEvent.IdTaken}.
   */
  record ClaimId(String id) implements Effect {}

  /** Close the signaling connection of {@code id} (and its data connections): the server frees the ID at once. */
  record ReleaseId(String id) implements Effect {}

  /**
   * Open a data connection from our Discovery ID to {@code peerId}. Answer with {@link MeshEvent.Connected} or
   * {@link MeshEvent.ConnectFailed}; the core runs its own timeout, so the adapter may also never answer.
   */
  record Connect(String peerId) implements Effect {}

  /** Send {@code message} on the link to {@code peerId}; silently dropped when there is no such link. */
  record Send(String peerId, MeshMessage message) implements Effect {}

  /** Close the link to {@code peerId} (no {@link MeshEvent.Disconnected} is expected back). */
  record Disconnect(String peerId) implements Effect {}

  /** Deliver {@link MeshEvent.Timer} with {@code key} at {@code atMillis} (same clock as {@code step}). */
  record ScheduleAt(long atMillis, TimerKey key) implements Effect {}

  /** Tell the application (CLI {@code --json} events). */
  record Notify(Notification notification) implements Effect {}
}
