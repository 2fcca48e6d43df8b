package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.MeshMessage;

/** Outputs of {@link MeshNode#step(MeshEvent, long)}: what the adapters must do, in order. */
public sealed interface Effect {

  /**
   * Open a signaling connection that claims {@code id} (one PeerJS client holds one ID per signaling connection). Answer
   * with {@link MeshEvent.IdClaimed} or {@link MeshEvent.IdTaken}, later {@link MeshEvent.IdLost} if it is gone for good.
   */
  record ClaimId(String id) implements Effect {}

  /**
   * Close the signaling connection of {@code id} (a claim still in flight included) and its data connections: the
   * server frees the ID at once. No events come back for it or its links.
   */
  record ReleaseId(String id) implements Effect {}

  /**
   * Open a data connection from our claimed {@code localId} to {@code remoteId}. Answer with {@link MeshEvent.Connected}
   * or {@link MeshEvent.ConnectFailed}; the core runs its own timeout, so the adapter may also never answer.
   */
  record Connect(String localId, String remoteId) implements Effect {}

  /**
   * Send {@code message} on the link (localId, remoteId), in the link's serialization; dropped when there is no such
   * open link (the core learns of a closed link by {@link MeshEvent.Disconnected}).
   */
  record Send(String localId, String remoteId, MeshMessage message) implements Effect {}

  /** Close the link (localId, remoteId), or a connect to it still in flight; no event comes back for it. */
  record Disconnect(String localId, String remoteId) implements Effect {}

  /** Deliver {@link MeshEvent.Timer} with {@code key} at {@code atMillis} (same clock as {@code step}); no cancel. */
  record ScheduleAt(long atMillis, TimerKey key) implements Effect {}

  /**
   * The open link (localId, remoteId) of meeting namespace {@code namespace} is the application's from now on
   * (docs/PROTOCOL.md §13.2.4): it carries no mesh message; the application proves who is at the other end, closes the
   * link when done, and answers {@link MeshEvent.MeetingEnded} with its verdict. The adapter
   * gives the link's later events (messages, close) to the application, never to the node. {@code inbound}: the
   * remote opened it (to our router slot).
   */
  record HandOff(String namespace, String localId, String remoteId, boolean inbound) implements Effect {}

  /** Tell the application (CLI {@code --json} events). */
  record Notify(Notification notification) implements Effect {}
}
