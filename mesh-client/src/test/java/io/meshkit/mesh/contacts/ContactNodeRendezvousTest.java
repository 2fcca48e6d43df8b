package io.meshkit.mesh.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.contacts.ContactHarness.Peer;
import io.meshkit.mesh.contacts.ContactNotification.Imposter;
import io.meshkit.mesh.contacts.ContactNotification.Special;
import io.meshkit.mesh.contacts.ContactNotification.Unreachable;
import org.junit.jupiter.api.Test;

/**
 * What the contacts core does for special contacts (docs/PROTOCOL.md §13.2): it carries their messages on an
 * authenticated link and hands what arrives to the rendezvous part, says when a direct try failed (and tells an
 * impostor apart from silence), and takes a contact's new Transport ID from a meeting.
 */
class ContactNodeRendezvousTest {
  private final ContactHarness h = new ContactHarness();
  private final Peer alice = h.peer("alice", 1111);
  private final Peer bob = h.peer("bob", 2222);

  private void contacts() {
    alice.start("mesh-aaaaaaaa-0000-4000-8000-000000000001");
    bob.start("mesh-bbbbbbbb-0000-4000-8000-000000000001");
    h.sameNetwork(alice, bob);
    h.befriend(alice, bob);
  }

  @Test
  void shouldCarrySpecialContactMessagesOnTheAuthenticatedLink() {
    contacts();
    ContactMessage offer = new ContactMessage.SpecialOffer(new byte[32]);
    alice.step(new ContactEvent.SendSpecial(bob.fingerprint(), offer));
    h.runFor(1_000);
    Special got = bob.last(Special.class);
    assertThat(got).isNotNull();
    assertThat(got.contact()).isEqualTo(alice.fingerprint());
    assertThat(got.message()).isInstanceOf(ContactMessage.SpecialOffer.class);
  }

  @Test
  void shouldDropASpecialContactMessageWhenNoLinkIsUp() {
    contacts();
    bob.kill();
    h.runFor(30_000);
    int sent = alice.sent.size();
    alice.step(new ContactEvent.SendSpecial(bob.fingerprint(), new ContactMessage.SpecialEnd()));
    assertThat(alice.sent).hasSize(sent);
  }

  @Test
  void shouldSayADirectTryFailedWhenNobodyAnswers() {
    contacts();
    String bobsId = bob.transportId;
    bob.kill();
    h.sameNetwork(alice);
    h.runFor(70_000);
    int before = alice.told(Unreachable.class).size();
    alice.step(new ContactEvent.Ping(bob.fingerprint()));
    assertThat(h.runUntil(x -> alice.told(Unreachable.class).size() > before, 60_000)).isTrue();
    assertThat(alice.last(Unreachable.class)).isEqualTo(new Unreachable(bob.fingerprint(), bobsId));
  }

  @Test
  void shouldReportAnImpostorAsAnImpostorOnly() {
    contacts();
    String bobsId = bob.transportId;
    bob.kill();
    h.sameNetwork(alice);
    h.runFor(70_000);
    int before = alice.told(Unreachable.class).size();
    h.peer("mallory", 6666).start(bobsId);
    alice.step(new ContactEvent.Ping(bob.fingerprint()));
    assertThat(h.runUntil(x -> alice.last(Imposter.class) != null, 60_000)).isTrue();
    assertThat(alice.told(Unreachable.class)).hasSize(before);
  }

  @Test
  void shouldTakeANewTransportIdFromAMeetingAndReachTheContactThere() {
    contacts();
    bob.kill();
    h.runFor(30_000);
    String bobsNewId = "mesh-bbbbbbbb-0000-4000-8000-000000000002";
    bob.start(bobsNewId);
    alice.step(new ContactEvent.Relocated(bob.fingerprint(), bobsNewId));
    assertThat(alice.node.contact(bob.fingerprint()).orElseThrow().transportId()).isEqualTo(bobsNewId);
    assertThat(alice.diskContacts.get(bob.fingerprint()).transportId()).isEqualTo(bobsNewId);
    assertThat(h.runUntil(x -> alice.node.lists().saved().stream().anyMatch(ContactView::connected)
        || alice.node.lists().here().stream().anyMatch(ContactView::connected), 30_000)).isTrue();
  }
}
