package io.meshkit.mesh.contacts;

/**
 * Outputs of {@link ContactNode#step}, to be carried out in order. The order is the durability contract: a
 * {@code Save…} effect comes before the {@code Send} of the acknowledgement or the {@code Notify} that depends on it, so
 * an adapter that carries them out in order, and stops at the first that fails, never acknowledges or reports a message
 * it did not store.
 */
public sealed interface ContactEffect {

  /** Open a contact link (PeerJS, {@code json}, reliable) from our {@code localId} to {@code remoteId}. */
  record Connect(long link, String localId, String remoteId) implements ContactEffect {}

  /** Send a message on the link (dropped if it is not open). */
  record Send(long link, ContactMessage message) implements ContactEffect {}

  /** Close the link; no event comes back for it. */
  record Close(long link) implements ContactEffect {}

  /** Deliver {@link ContactEvent.Timer} with {@code key} at {@code atMillis} (the step clock). */
  record ScheduleAt(long atMillis, ContactTimer key) implements ContactEffect {}

  /** Store the contact (insert or replace by key). */
  record SaveContact(Contact contact) implements ContactEffect {}

  /** Store an outgoing message as queued and the contact's next sequence number, in one transaction. */
  record SaveOutgoing(ChatMessage message, Contact contact) implements ContactEffect {}

  /** Store a received message and the contact's new last sequence number, in one transaction. */
  record SaveIncoming(ChatMessage message, Contact contact, long receivedAt) implements ContactEffect {}

  /** Mark our message {@code id} to {@code contact} delivered at {@code at} (wall clock). */
  record MarkDelivered(String contact, String id, long at) implements ContactEffect {}

  /** Tell the user. */
  record Notify(ContactNotification notification) implements ContactEffect {}
}
