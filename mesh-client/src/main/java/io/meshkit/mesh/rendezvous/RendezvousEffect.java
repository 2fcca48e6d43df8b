package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.contacts.ContactMessage;
import io.meshkit.mesh.core.MeshEvent;

/**
 * Outputs of {@link RendezvousNode#step}, to be carried out in order. A {@link SaveSpecial} comes before the message or
 * notification that depends on it (a secret is stored before the agreement is sent or told).
 */
public sealed interface RendezvousEffect {

  /** Step the mesh core with {@code event} (add or remove a rendezvous namespace, a meeting's failure). */
  record ToMesh(MeshEvent event) implements RendezvousEffect {}

  /** Step the contacts core with {@code event} (a ping, a special-contact message, a contact's new Transport ID). */
  record ToContacts(ContactEvent event) implements RendezvousEffect {}

  /** Send a message on a rendezvous link (dropped if it is closed). */
  record SendMeeting(long link, ContactMessage message) implements RendezvousEffect {}

  /** Close a rendezvous link; no event comes back for it. */
  record CloseMeeting(long link) implements RendezvousEffect {}

  /** Deliver {@link RendezvousEvent.Timer} with {@code key} at {@code atMillis} (the step clock). */
  record ScheduleAt(long atMillis, RendezvousTimer key) implements RendezvousEffect {}

  /** Store the special contact (insert or replace), secret included. */
  record SaveSpecial(SpecialContact contact) implements RendezvousEffect {}

  /** Forget the special contact and its secret. */
  record DeleteSpecial(String contact) implements RendezvousEffect {}

  /** Tell the user. */
  record Notify(RendezvousNotification notification) implements RendezvousEffect {}
}
