package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.contacts.ContactMessage;
import io.meshkit.mesh.contacts.ContactNotification;

/**
 * Inputs of {@link RendezvousNode#step}: what the contacts core told, what happened on rendezvous links (links the mesh
 * core handed off, {@code Effect.HandOff}), and the user's commands. Rendezvous links are named by a number the adapter
 * gives them.
 */
public sealed interface RendezvousEvent {

  /** First event: the wall clock at this step's time, and our current Transport ID. */
  record Start(long wallClockMillis, String transportId) implements RendezvousEvent {}

  /** Shutting down: rendezvous links are closed; nothing more happens. */
  record Stop() implements RendezvousEvent {}

  /** A timer asked for with {@link RendezvousEffect.ScheduleAt} is due. */
  record Timer(RendezvousTimer key) implements RendezvousEvent {}

  /** Something the contacts core told its user (lists, authenticated links, failures, special-contact messages). */
  record FromContacts(ContactNotification notification) implements RendezvousEvent {}

  /** Our Transport ID changed (registered anew). */
  record TransportIdChanged(String transportId) implements RendezvousEvent {}

  /**
   * A new ID prefix (a new beacon, docs/PROTOCOL.md §13.3.5): rendezvous namespaces are joined under it, while those
   * of the older prefixes are kept until {@link PrefixDropped} (the overlap).
   */
  record PrefixChanged(String prefix) implements RendezvousEvent {}

  /** The overlap of an old prefix is over: its rendezvous namespaces are left (a meeting under way first finishes). */
  record PrefixDropped(String prefix) implements RendezvousEvent {}

  /**
   * The mesh core handed off the open link (localId, remoteId) of rendezvous namespace {@code namespace} (its label);
   * the adapter numbers it {@code link}. The fingerprints are the SHA-256 DTLS fingerprints of the local and remote SDP
   * (null if missing); {@code reliable} whether the channel is reliable and ordered.
   */
  record MeetingOpened(long link, String namespace, String localId, String remoteId, boolean inbound,
                       byte[] localFingerprint, byte[] remoteFingerprint, boolean reliable)
      implements RendezvousEvent {}

  /** A valid message arrived on a rendezvous link. */
  record MeetingReceived(long link, ContactMessage message) implements RendezvousEvent {}

  /** Something invalid arrived on a rendezvous link ({@code reason} is ours). */
  record MeetingDiscarded(long link, String reason) implements RendezvousEvent {}

  /** A rendezvous link closed. */
  record MeetingClosed(long link) implements RendezvousEvent {}

  // ------------------------------------------------------------------ the user's commands

  /** Ask {@code contact} to become a special contact, or agree to its asking. */
  record MakeSpecial(String contact) implements RendezvousEvent {}

  /** Decline {@code contact}'s asking. */
  record DeclineSpecial(String contact) implements RendezvousEvent {}

  /** Stop being special contacts with {@code contact} (the secret is forgotten on both sides). */
  record EndSpecial(String contact) implements RendezvousEvent {}

  /** Pause or resume looking for {@code contact} in rendezvous namespaces. */
  record Pause(String contact, boolean paused) implements RendezvousEvent {}
}
