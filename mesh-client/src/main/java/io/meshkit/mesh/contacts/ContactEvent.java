package io.meshkit.mesh.contacts;

import io.meshkit.mesh.core.wire.Member;
import java.util.List;

/**
 * Inputs of {@link ContactNode#step}: what the user asked and what the adapters saw. Links are named by a number: the
 * core numbers the links it opens ({@link ContactEffect.Connect}, positive), the adapter numbers the links others open
 * to us (negative), so the two never collide.
 */
public sealed interface ContactEvent {

  /** First event; {@code wallClockMillis} is the wall clock at this step's time (dates messages and contacts). */
  record Start(long wallClockMillis) implements ContactEvent {}

  /** Shutting down: every link is closed; nothing more happens. */
  record Stop() implements ContactEvent {}

  /**
   * A data connection of a contact link opened. For an incoming one ({@code inbound}, link number below 0) this is the
   * first the core hears of it; {@code localId} is the ID it was opened to (our Transport ID, or our Discovery ID for a
   * request). The fingerprints are the SHA-256 DTLS fingerprints from the local and remote SDP, or null if an SDP had
   * none; {@code reliable} is whether the channel is reliable and ordered.
   */
  record Opened(long link, String localId, String remoteId, boolean inbound, byte[] localFingerprint,
                byte[] remoteFingerprint, boolean reliable) implements ContactEvent {}

  /** An outgoing connect failed (peer unavailable, ICE failed). */
  record ConnectFailed(long link) implements ContactEvent {}

  /** The link closed (or ICE reported it lost). */
  record Closed(long link) implements ContactEvent {}

  /** A valid message arrived on the link. */
  record Received(long link, ContactMessage message) implements ContactEvent {}

  /** Something arrived that was not a valid message (counts against the link's rate); {@code reason} is ours. */
  record Discarded(long link, String reason) implements ContactEvent {}

  /** A timer asked for with {@link ContactEffect.ScheduleAt} is due. */
  record Timer(ContactTimer key) implements ContactEvent {}

  /** The on-network list of the local namespace changed (self excluded); empty when we are in no namespace. */
  record NetworkChanged(List<Member> peers) implements ContactEvent {
    public NetworkChanged {
      peers = List.copyOf(peers);
    }
  }

  /** Our Transport ID changed: tell the contacts. */
  record TransportIdChanged(String transportId) implements ContactEvent {}

  // ------------------------------------------------------------------ the user's commands

  /** Ask the peer at {@code discoveryId} (a stranger on this network) to become a contact. */
  record RequestContact(String discoveryId) implements ContactEvent {}

  /** Answer request {@code request} (the number told in {@link ContactNotification.RequestReceived}). */
  record Answer(long request, boolean accept) implements ContactEvent {}

  /** Reach a contact now (a direct connection to its last Transport ID, identity checked). */
  record Ping(String contact) implements ContactEvent {}

  /** Close every link to a contact (it is reached again when there is something to deliver, or on a ping). */
  record Hangup(String contact) implements ContactEvent {}

  /** Send {@code text} to a contact: queued at once, delivered when it is reachable. */
  record SendText(String contact, String text) implements ContactEvent {}

  /**
   * Send a special-contact message ({@link ContactMessage.SpecialOffer}, {@code SpecialAccept}, {@code SpecialEnd},
   * {@code SpecialCheck}; docs/PROTOCOL.md §13.2.6) to a contact on its current authenticated link. Dropped when no
   * link to it is up: the sender resends when one is ({@link ContactNotification.ListsChanged} says {@code connected}).
   */
  record SendSpecial(String contact, ContactMessage message) implements ContactEvent {
    public SendSpecial {
      if (!(message instanceof ContactMessage.SpecialOffer || message instanceof ContactMessage.SpecialAccept
          || message instanceof ContactMessage.SpecialEnd || message instanceof ContactMessage.SpecialCheck)) {
        throw new IllegalArgumentException("not a special-contact message");
      }
    }
  }

  /**
   * A rendezvous meeting told us the contact's current Transport ID (docs/PROTOCOL.md §13.2.5, a verified note): store
   * it, take it off the contact's blacklist, and reach the contact there now.
   */
  record Relocated(String contact, String transportId) implements ContactEvent {}

  /** Mark a contact as verified (the users compared the safety number) or not. */
  record SetVerified(String contact, boolean verified) implements ContactEvent {}
}
