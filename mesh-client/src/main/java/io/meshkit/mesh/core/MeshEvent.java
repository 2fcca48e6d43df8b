package io.meshkit.mesh.core;

/**
 * Inputs of {@link MeshNode#step(MeshEvent, long)}: what the adapters observed. Link events name the remote PeerJS ID
 * of the data connection ({@code peerId}): for a connection we opened, the ID we connected to; for one we accepted, the
 * connecting peer's ID (PeerJS {@code DataConnection.peer}). The adapter keeps at most one link per remote ID (a new one
 * replaces the old).
 */
public sealed interface MeshEvent {

  /** First event: claim the Discovery ID and start the election. */
  record Start() implements MeshEvent {}

  /** Clean exit requested (CLI {@code quit}): the node says goodbye and releases its IDs. */
  record Stop() implements MeshEvent {}

  /** The signaling server accepted our claim of {@code id} (PeerJS {@code OPEN}). */
  record IdClaimed(String id) implements MeshEvent {}

  /** The signaling server refused {@code id} (PeerJS {@code ID-TAKEN}, client error {@code unavailable-id}). */
  record IdTaken(String id) implements MeshEvent {}

  /** We lost {@code id} for good: its signaling connection dropped and could not re-attach. */
  record IdLost(String id) implements MeshEvent {}

  /** A data connection to or from {@code peerId} is open. {@code inbound}: the remote opened it. */
  record Connected(String peerId, boolean inbound) implements MeshEvent {}

  /** Our connect to {@code peerId} failed (PeerJS {@code peer-unavailable} after EXPIRE, ICE failed, …). */
  record ConnectFailed(String peerId) implements MeshEvent {}

  /** The link to {@code peerId} closed or ICE reported {@code disconnected}/{@code failed}. */
  record Disconnected(String peerId) implements MeshEvent {}

  /** A decoded, valid message arrived on the link to {@code peerId}. */
  record Received(String peerId, MeshMessage message) implements MeshEvent {}

  /** An undecodable or invalid message arrived from {@code peerId}; {@code reason} is ours, never the raw input. */
  record Invalid(String peerId, String reason) implements MeshEvent {}

  /** A timer the node asked for with {@link Effect.ScheduleAt} is due. */
  record Timer(TimerKey key) implements MeshEvent {}

  /** Our Transport ID changed (signaling reconnect under a new ID): re-check in with it. */
  record TransportIdChanged(String transportId) implements MeshEvent {}
}
