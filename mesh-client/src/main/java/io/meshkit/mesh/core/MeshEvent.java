package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.Objects;

/**
 * Inputs of {@link MeshNode#step(MeshEvent, long)}: what the application asked and what the adapters observed. Link
 * events name both ends: {@code localId} is the claimed ID the data connection belongs to (the one it was opened from,
 * or accepted on), {@code remoteId} the other end's PeerJS ID ({@code DataConnection.peer}). The adapter keeps at most
 * one link per (local ID, remote ID); a new one replaces the old.
 */
public sealed interface MeshEvent {

  /** First event. {@code wallClockMillis} is the wall clock (Unix ms) at this step's time, for registry timestamps. */
  record Start(long wallClockMillis) implements MeshEvent {}

  /** Clean exit of the whole node: every namespace says goodbye and releases its IDs, then {@link Notification.Stopped}. */
  record Stop() implements MeshEvent {}

  /** Take part in one more namespace (before or after {@link Start}); its label must not be in use. */
  record AddNamespace(NamespaceSpec spec) implements MeshEvent {}

  /** Leave a namespace cleanly (as on {@link Stop}, for that namespace only); then {@link Notification.NamespaceStopped}. */
  record RemoveNamespace(String label) implements MeshEvent {}

  /** The signaling server accepted our claim of {@code id} (PeerJS {@code OPEN}). */
  record IdClaimed(String id) implements MeshEvent {}

  /** The signaling server refused {@code id} (PeerJS {@code ID-TAKEN}, client error {@code unavailable-id}). */
  record IdTaken(String id) implements MeshEvent {}

  /** We lost {@code id} for good: its signaling connection dropped and could not re-attach. */
  record IdLost(String id) implements MeshEvent {}

  /** A data connection is open. {@code inbound}: the remote opened it (to our {@code localId}). */
  record Connected(String localId, String remoteId, boolean inbound) implements MeshEvent {}

  /** Our connect from {@code localId} to {@code remoteId} failed (PeerJS {@code peer-unavailable}, ICE failed, …). */
  record ConnectFailed(String localId, String remoteId) implements MeshEvent {}

  /** The link closed or ICE reported {@code disconnected}/{@code failed}. */
  record Disconnected(String localId, String remoteId) implements MeshEvent {}

  /** A decoded, valid message arrived on the link. */
  record Received(String localId, String remoteId, MeshMessage message) implements MeshEvent {}

  /**
   * A message arrived that the decoder rejected or whose type it does not know: it changes nothing but counts against
   * the link's message rate. {@code reason} is ours, never the raw input.
   */
  record Discarded(String localId, String remoteId, String reason) implements MeshEvent {}

  /** A timer the node asked for with {@link Effect.ScheduleAt} is due. */
  record Timer(TimerKey key) implements MeshEvent {}

  /**
   * The application is done with a link handed off by {@link Effect.HandOff} (docs/PROTOCOL.md §13.2.4), with
   * {@code verdict}: an incoming one frees its place; for an outgoing one, {@link MeetingVerdict#MET} lets the search go
   * on from where it was (a namespace still held searches again), {@link MeetingVerdict#REFUSED} makes it skip that slot
   * for the rest of the namespace's life, {@link MeetingVerdict#UNPROVEN} marks it like an unanswered connect (skipped
   * for a while, probed again).
   */
  record MeetingEnded(String localId, String remoteId, MeetingVerdict verdict) implements MeshEvent {
    public MeetingEnded {
      Objects.requireNonNull(verdict, "verdict");
    }
  }

  /** Our Transport ID changed (it was lost on the signaling server and registered anew): re-check in with it. */
  record TransportIdChanged(String transportId) implements MeshEvent {}
}
