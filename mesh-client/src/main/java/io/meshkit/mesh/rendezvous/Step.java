package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.contacts.ContactMessage;
import io.meshkit.mesh.core.MeshEvent;
import java.util.ArrayList;
import java.util.List;

/** What the parts of one {@link RendezvousNode} step share: the time, the wall-clock offset, the effects in order. */
final class Step {
  long now;
  long wallOffset;
  List<RendezvousEffect> out = new ArrayList<>();

  long wall() {
    return now + wallOffset;
  }

  void emit(RendezvousEffect e) {
    out.add(e);
  }

  void mesh(MeshEvent e) {
    emit(new RendezvousEffect.ToMesh(e));
  }

  void contacts(ContactEvent e) {
    emit(new RendezvousEffect.ToContacts(e));
  }

  void special(String contact, ContactMessage m) {
    contacts(new ContactEvent.SendSpecial(contact, m));
  }

  void notify(RendezvousNotification n) {
    emit(new RendezvousEffect.Notify(n));
  }

  void schedule(long at, RendezvousTimer.Kind kind, long link, String ref) {
    emit(new RendezvousEffect.ScheduleAt(Math.max(at, now), new RendezvousTimer(kind, link, ref)));
  }
}
