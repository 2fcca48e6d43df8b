package io.meshkit.mesh.contacts;

/** What the user is told (terminal UI lines, {@code --json} events). Contacts are named by fingerprint. */
public sealed interface ContactNotification {

  /** A stranger asks to become a contact; answer with {@link ContactEvent.Answer}({@code request}, …). */
  record RequestReceived(long request, String name, String fingerprint, String safetyNumber)
      implements ContactNotification {}

  /** Request {@code request} is no longer waiting: {@code outcome} accepted, rejected, timeout or gone. */
  record RequestClosed(long request, String outcome) implements ContactNotification {}

  /** Our request to {@code discoveryId} ended: {@code outcome} accepted, rejected or failed. */
  record RequestAnswered(String discoveryId, String outcome) implements ContactNotification {}

  /**
   * A link to {@code remoteId} is authenticated: its peer holds the key of {@code fingerprint} (a contact or not).
   * {@code handshakeMillis} is what the handshake added to the link's setup (from open to the peer's valid proof);
   * {@code connectMillis} what the connection took before (from our connect to open; 0 for an incoming link).
   */
  record Authenticated(String fingerprint, String remoteId, boolean initiator, long connectMillis,
                       long handshakeMillis) implements ContactNotification {}

  /** A new contact (both sides agreed). */
  record ContactAdded(ContactView contact) implements ContactNotification {}

  /** The lists changed (on this network, strangers, saved). */
  record ListsChanged(ContactLists lists) implements ContactNotification {}

  /** A message is stored and will be delivered when the contact is reachable. */
  record Queued(ChatMessage message) implements ContactNotification {}

  /**
   * The contact acknowledged our message: it is stored at its end. {@code latencyMillis}: from the user's send to the
   * acknowledgement (the chat round trip when the contact was reachable).
   */
  record Delivered(String contact, String id, long seq, long latencyMillis) implements ContactNotification {}

  /** A message from a contact (stored before this is told; shown once). */
  record MessageReceived(ChatMessage message, String name) implements ContactNotification {}

  /**
   * {@code transportId} answered for {@code contact} but failed its identity check ({@code reason}): it is blacklisted
   * for that contact and nothing from it is shown as the contact's.
   */
  record Imposter(String contact, String transportId, String reason) implements ContactNotification {}

  /**
   * A direct link to {@code contact} at {@code transportId} did not come up: no answer, the connect failed, or its
   * handshake failed without showing another key (an impostor is told by {@link Imposter} instead).
   */
  record Unreachable(String contact, String transportId) implements ContactNotification {}

  /** A special-contact message (docs/PROTOCOL.md §13.2.6) arrived from {@code contact} on an authenticated link. */
  record Special(String contact, ContactMessage message) implements ContactNotification {}

  /**
   * A handshake with {@code remoteId} failed: it timed out, or a proof did not verify over our transcript (a relay in
   * the middle that rewrote the DTLS fingerprints, or a broken peer). Nothing from that link was believed.
   */
  record HandshakeFailed(String remoteId, String reason) implements ContactNotification {}

  /** A command could not be carried out. */
  record CommandFailed(String command, String reason) implements ContactNotification {}
}
