package io.meshkit.mesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.contacts.ContactMessage;
import io.meshkit.mesh.contacts.ContactNotification;
import io.meshkit.mesh.contacts.Handshake;
import io.meshkit.mesh.core.MeetingVerdict;
import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.identity.HandshakeTranscript.Role;
import io.meshkit.mesh.identity.Identity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every transition of a special contact's state (docs/PROTOCOL.md §13.2.7) with a fake clock: direct, seeking, note,
 * paused; the meeting that ends a search (handshake and notes on a handed-off link), impostors there, slot rollover
 * in the middle of a meeting, and the 30-day pause prompt.
 */
class SpecialStateTest {
  static final byte[] SECRET = RendezvousVectorsTest.SECRET_A;
  private static final long DAY = 24L * 3600 * 1000;
  private final Identity bob = RendezvousHarness.identity(2);
  private final String bobFp = RendezvousHarness.fp(bob);

  private RendezvousHarness alice(long lastSeenAgo) {
    SpecialContact b = new SpecialContact(bob.publicKey(), SECRET, RendezvousHarness.WALL - 40 * DAY,
        RendezvousHarness.WALL - lastSeenAgo, false, 0);
    return new RendezvousHarness(1, 0, RendezvousConfig.defaults(), List.of(b));
  }

  /** Alice started with bob listed but not connected; her direct try failed: she looks for him. */
  private RendezvousHarness seeking() {
    RendezvousHarness a = alice(0);
    a.list(bob, "bob", false);
    a.start();
    a.tell(new ContactNotification.Unreachable(bobFp, "mesh-t-bob"));
    return a;
  }

  private String currentNamespace(RendezvousHarness a) {
    return RendezvousNamespace.of(SECRET, TimeSlot.at(a.wall()));
  }

  @Test
  void shouldTryDirectlyAtStartAndSeekWhenThatFails() {
    RendezvousHarness a = alice(0);
    a.list(bob, "bob", false);
    a.start();
    assertThat(a.lastToContacts()).containsExactly(new ContactEvent.Ping(bobFp));
    assertThat(a.meshNamespaces).isEmpty();
    a.tell(new ContactNotification.Unreachable(bobFp, "mesh-t-bob"));
    assertThat(a.node.state(bobFp)).contains(SpecialState.SEEKING);
    assertThat(a.notified(RendezvousNotification.StateChanged.class))
        .containsExactly(new RendezvousNotification.StateChanged(bobFp, SpecialState.SEEKING));
    assertThat(a.meshNamespaces.values()).containsExactly(currentNamespace(a));
    MeshEvent.AddNamespace add = (MeshEvent.AddNamespace) a.lastToMesh().get(0);
    assertThat(add.spec().meeting()).isTrue();
    assertThat(add.spec().prefix()).isEqualTo("mesh");
  }

  @Test
  void shouldSeekWhenTheDirectTryNeverAnswers() {
    RendezvousHarness a = alice(0);
    a.list(bob, "bob", false);
    a.start();
    a.advanceBy(RendezvousConfig.defaults().directTimeoutMillis());
    assertThat(a.node.state(bobFp)).contains(SpecialState.SEEKING);
    assertThat(a.meshNamespaces).hasSize(1);
  }

  @Test
  void shouldStayDirectWhenConnectedAtStart() {
    RendezvousHarness a = alice(0);
    a.list(bob, "bob", true);
    a.start();
    assertThat(a.node.state(bobFp)).contains(SpecialState.DIRECT);
    assertThat(a.toContacts()).noneMatch(e -> e instanceof ContactEvent.Ping);
    assertThat(a.meshNamespaces).isEmpty();
  }

  @Test
  void shouldSeekWhenAnImpostorAnswersAtTheTransportId() {
    RendezvousHarness a = alice(0);
    a.list(bob, "bob", false);
    a.start();
    a.tell(new ContactNotification.Imposter(bobFp, "mesh-t-bob", "wrong key"));
    assertThat(a.node.state(bobFp)).contains(SpecialState.SEEKING);
    assertThat(a.meshNamespaces).hasSize(1);
  }

  @Test
  void shouldGoBackToDirectWhenALinkComesUpAndLeaveTheNamespaces() {
    RendezvousHarness a = seeking();
    a.list(bob, "bob", true);
    assertThat(a.node.state(bobFp)).contains(SpecialState.DIRECT);
    assertThat(a.meshNamespaces).isEmpty();
    // The link goes down: one direct try, then seeking again if it fails.
    a.list(bob, "bob", false);
    assertThat(a.lastToContacts()).contains(new ContactEvent.Ping(bobFp));
    assertThat(a.node.state(bobFp)).contains(SpecialState.DIRECT);
    a.tell(new ContactNotification.Unreachable(bobFp, "mesh-t-bob"));
    assertThat(a.node.state(bobFp)).contains(SpecialState.SEEKING);
  }

  /**
   * A try begun before the link came up (to an older Transport ID: a meeting told the new one and the link to it is
   * up) fails late: the contact is here, so it stays direct and no namespace is held for it.
   */
  @Test
  void shouldStayDirectWhenAnOlderTryFailsAfterTheLinkIsUp() {
    RendezvousHarness a = seeking();
    a.list(bob, "bob", true);
    a.tell(new ContactNotification.Unreachable(bobFp, "mesh-t-bob-old"));
    assertThat(a.node.state(bobFp)).contains(SpecialState.DIRECT);
    assertThat(a.meshNamespaces).isEmpty();
    a.tell(new ContactNotification.Imposter(bobFp, "mesh-t-bob-older", "wrong key"));
    assertThat(a.node.state(bobFp)).contains(SpecialState.DIRECT);
    assertThat(a.meshNamespaces).isEmpty();
    a.advanceBy(RendezvousConfig.defaults().directRetryMillis() + RendezvousConfig.defaults().directTimeoutMillis());
    assertThat(a.node.state(bobFp)).contains(SpecialState.DIRECT);
    assertThat(a.meshNamespaces).isEmpty();
  }

  @Test
  void shouldRetryTheTransportIdDirectlyWhileSeeking() {
    RendezvousHarness a = seeking();
    long pings = a.toContacts().stream().filter(e -> e instanceof ContactEvent.Ping).count();
    a.advanceBy(RendezvousConfig.defaults().directRetryMillis());
    assertThat(a.toContacts().stream().filter(e -> e instanceof ContactEvent.Ping).count()).isEqualTo(pings + 1);
  }

  @Test
  void shouldLeaveANoteForContactsOfflineWhenOurTransportIdChanges() {
    RendezvousHarness a = alice(0);
    a.list(bob, "bob", true);
    a.start();
    a.list(bob, "bob", false);
    a.tell(new ContactNotification.Unreachable(bobFp, "mesh-t-bob"));
    a.list(bob, "bob", true);
    assertThat(a.node.state(bobFp)).contains(SpecialState.DIRECT);
    // While connected, a new Transport ID goes out in presence (the contacts core): nothing to do here.
    a.step(new RendezvousEvent.TransportIdChanged("mesh-new1"));
    assertThat(a.node.state(bobFp)).contains(SpecialState.DIRECT);
    assertThat(a.meshNamespaces).isEmpty();
    // Offline: wait for it in the rendezvous namespace with a note.
    a.list(bob, "bob", false);
    a.step(new RendezvousEvent.TransportIdChanged("mesh-new2"));
    assertThat(a.node.state(bobFp)).contains(SpecialState.NOTE);
    assertThat(a.meshNamespaces.values()).containsExactly(currentNamespace(a));
  }

  @Test
  void shouldMeetTheContactHandItsNoteOverAndGoDirect() {
    RendezvousHarness a = seeking();
    String label = a.meshNamespaces.keySet().iterator().next();
    MeetingPeer b = new MeetingPeer(bob, Role.RESPONDER, "mesh-bob-now");
    b.open(a, 7, label, "mesh-rendezvous-x-alice", "mesh-rendezvous-x-1", false);
    b.run(a, 7);
    assertThat(b.met).as("bob got a valid note from alice").isTrue();
    assertThat(b.theirTransportId).isEqualTo(a.transportId);
    assertThat(a.toContacts()).contains(new ContactEvent.Relocated(bobFp, "mesh-bob-now"));
    assertThat(a.notified(RendezvousNotification.Met.class)).hasSize(1);
    assertThat(a.node.state(bobFp)).contains(SpecialState.DIRECT);
    assertThat(a.toMesh()).contains(new MeshEvent.MeetingEnded("mesh-rendezvous-x-alice", "mesh-rendezvous-x-1",
        MeetingVerdict.MET));
    // The namespace is left after a grace (our note is not cut off), then not taken again.
    assertThat(a.meshNamespaces).containsKey(label);
    a.advanceBy(RendezvousConfig.defaults().closeGraceMillis());
    assertThat(a.meshNamespaces).isEmpty();
  }

  @Test
  void shouldRefuseAnImpostorInTheNamespaceAndTellTheMeshCore() {
    RendezvousHarness a = seeking();
    String label = a.meshNamespaces.keySet().iterator().next();
    MeetingPeer mallory = new MeetingPeer(RendezvousHarness.identity(66), Role.RESPONDER, "mesh-mallory");
    mallory.open(a, 9, label, "mesh-rendezvous-x-alice", "mesh-rendezvous-x-1", false);
    mallory.run(a, 9);
    assertThat(a.notified(RendezvousNotification.Imposter.class)).hasSize(1);
    assertThat(a.toMesh()).contains(new MeshEvent.MeetingEnded("mesh-rendezvous-x-alice", "mesh-rendezvous-x-1",
        MeetingVerdict.REFUSED));
    assertThat(a.allOf(RendezvousEffect.CloseMeeting.class)).containsExactly(new RendezvousEffect.CloseMeeting(9));
    assertThat(a.toContacts()).noneMatch(e -> e instanceof ContactEvent.Relocated);
    assertThat(a.allOf(RendezvousEffect.SendMeeting.class)).as("our Transport ID never goes to an impostor")
        .noneMatch(sm -> sm.message() instanceof ContactMessage.Note);
    assertThat(a.node.state(bobFp)).contains(SpecialState.SEEKING);
  }

  @Test
  void shouldRefuseANoteTheContactSignedForSomeoneElse() {
    RendezvousHarness a = seeking();
    String label = a.meshNamespaces.keySet().iterator().next();
    MeetingPeer b = new MeetingPeer(bob, Role.RESPONDER, "mesh-bob-now");
    b.noteFor = RendezvousHarness.identity(66).publicKey(); // a note bob once wrote for another contact
    b.open(a, 7, label, "l", "r", false);
    b.run(a, 7);
    assertThat(a.toContacts()).noneMatch(e -> e instanceof ContactEvent.Relocated);
    assertThat(a.toMesh()).contains(new MeshEvent.MeetingEnded("l", "r", MeetingVerdict.REFUSED));
  }

  @Test
  void shouldKeepANamespaceWithAMeetingInProgressAcrossTheSlotChange() {
    RendezvousHarness a = seeking();
    String first = a.meshNamespaces.keySet().iterator().next();
    // Just before the window leaves this slot: a meeting opens, bob answers slowly.
    long end = TimeSlot.at(a.wall()).endMillis();
    a.advanceTo(a.now + (end + 60_000 - 500) - a.wall());
    assertThat(a.meshNamespaces).containsKey(first);
    MeetingPeer b = new MeetingPeer(bob, Role.RESPONDER, "mesh-bob-now");
    b.open(a, 11, first, "l", "r", false);
    a.advanceBy(2_000); // the window moved on: the next slot only
    assertThat(RendezvousSchedule.window(a.wall(), RendezvousSchedule.DEFAULT_SKEW_MILLIS)).hasSize(1);
    assertThat(a.meshNamespaces).as("kept for the meeting in progress").containsKey(first);
    assertThat(a.meshNamespaces).hasSize(2);
    b.run(a, 11);
    assertThat(b.met).isTrue();
    a.advanceBy(RendezvousConfig.defaults().closeGraceMillis());
    assertThat(a.meshNamespaces).isEmpty();
  }

  @Test
  void shouldLeaveANamespaceWhoseMeetingNeverProvedItself() {
    RendezvousHarness a = seeking();
    String first = a.meshNamespaces.keySet().iterator().next();
    long end = TimeSlot.at(a.wall()).endMillis();
    a.advanceTo(a.now + (end + 60_000 - 500) - a.wall());
    MeetingPeer silent = new MeetingPeer(bob, Role.RESPONDER, "x");
    silent.open(a, 12, first, "l", "r", false);
    a.advanceBy(RendezvousConfig.defaults().meetingTimeoutMillis());
    assertThat(a.toMesh()).contains(new MeshEvent.MeetingEnded("l", "r", MeetingVerdict.UNPROVEN));
    assertThat(a.meshNamespaces).doesNotContainKey(first).hasSize(1);
  }

  @Test
  void shouldJoinUnderANewPrefixKeepTheOldForTheOverlapAndFinishAMeetingThere() {
    RendezvousHarness a = seeking();
    String first = a.meshNamespaces.keySet().iterator().next();
    a.step(new RendezvousEvent.PrefixChanged("b0123456789abcdef"));
    assertThat(a.meshNamespaces).as("the same namespace under both prefixes during the overlap").hasSize(2)
        .containsKey(first);
    MeshEvent.AddNamespace add = (MeshEvent.AddNamespace) a.lastToMesh().get(0);
    assertThat(add.spec().prefix()).isEqualTo("b0123456789abcdef");
    assertThat(add.spec().namespace()).isEqualTo(currentNamespace(a));
    // bob, still on the old beacon, arrives in the old namespace; the overlap ends while they are meeting.
    MeetingPeer b = new MeetingPeer(bob, Role.RESPONDER, "mesh-bob-now");
    b.open(a, 13, first, "l", "r", false);
    a.step(new RendezvousEvent.PrefixDropped("mesh"));
    assertThat(a.meshNamespaces).as("kept while the meeting runs").containsKey(first);
    b.run(a, 13);
    assertThat(b.met).isTrue();
    a.advanceBy(RendezvousConfig.defaults().closeGraceMillis());
    assertThat(a.meshNamespaces).isEmpty();
  }

  @Test
  void shouldLeaveTheOldPrefixsNamespacesWhenTheOverlapEnds() {
    RendezvousHarness a = seeking();
    String first = a.meshNamespaces.keySet().iterator().next();
    a.step(new RendezvousEvent.PrefixChanged("b0123456789abcdef"));
    a.step(new RendezvousEvent.PrefixDropped("mesh"));
    assertThat(a.meshNamespaces).hasSize(1).doesNotContainKey(first);
  }

  @Test
  void shouldHoldTheNeighbouringSlotOnlyNearTheBoundary() {
    RendezvousHarness a = seeking();
    long end = TimeSlot.at(a.wall()).endMillis();
    a.advanceTo(a.now + (end - 60_001) - a.wall());
    assertThat(a.meshNamespaces).hasSize(1);
    a.advanceBy(1);
    assertThat(a.meshNamespaces.values()).containsExactlyInAnyOrder(
        RendezvousNamespace.of(SECRET, TimeSlot.at(end - 1)), RendezvousNamespace.of(SECRET, TimeSlot.at(end)));
    a.advanceTo(a.now + (end + 60_000) - a.wall());
    assertThat(a.meshNamespaces.values()).containsExactly(RendezvousNamespace.of(SECRET, TimeSlot.at(end)));
  }

  @Test
  void shouldAskToPauseAContactUnseenOver30DaysOnceAndStopWhenPaused() {
    RendezvousHarness a = alice(31 * DAY);
    a.list(bob, "bob", false);
    a.start();
    a.tell(new ContactNotification.Unreachable(bobFp, "mesh-t-bob"));
    assertThat(a.notified(RendezvousNotification.PauseSuggested.class)).hasSize(1);
    a.advanceBy(DAY);
    assertThat(a.notified(RendezvousNotification.PauseSuggested.class)).as("asked once").hasSize(1);
    a.step(new RendezvousEvent.Pause(bobFp, true));
    assertThat(a.node.state(bobFp)).contains(SpecialState.PAUSED);
    assertThat(a.meshNamespaces).isEmpty();
    assertThat(a.node.specials().get(0).paused()).isTrue();
    a.advanceBy(40 * DAY);
    assertThat(a.meshNamespaces).isEmpty();
    assertThat(a.notified(RendezvousNotification.PauseSuggested.class)).hasSize(1);
    a.step(new RendezvousEvent.Pause(bobFp, false));
    assertThat(a.lastToContacts()).contains(new ContactEvent.Ping(bobFp));
    a.tell(new ContactNotification.Unreachable(bobFp, "mesh-t-bob"));
    assertThat(a.node.state(bobFp)).contains(SpecialState.SEEKING);
  }

  @Test
  void shouldStartPausedWhenStoredPaused() {
    SpecialContact b = new SpecialContact(bob.publicKey(), SECRET, 0, RendezvousHarness.WALL, true, 0);
    RendezvousHarness a = new RendezvousHarness(1, 0, RendezvousConfig.defaults(), List.of(b));
    a.list(bob, "bob", false);
    a.start();
    assertThat(a.node.state(bobFp)).contains(SpecialState.PAUSED);
    assertThat(a.toContacts()).isEmpty();
    a.advanceBy(3_600_000);
    assertThat(a.meshNamespaces).isEmpty();
  }

  /**
   * The other end of a rendezvous link, played with the real handshake and note code: the contact (or an impostor with
   * its own key). It answers whatever the node sends, until the link is done.
   */
  static final class MeetingPeer {
    final Identity who;
    final Role role;
    final String transportId;
    io.meshkit.mesh.identity.IdentityKey noteFor;
    Handshake handshake;
    boolean authenticated;
    boolean met;
    String theirTransportId;
    private final java.util.ArrayDeque<ContactMessage> inbox = new java.util.ArrayDeque<>();
    private int seen;

    MeetingPeer(Identity who, Role role, String transportId) {
      this.who = who;
      this.role = role;
      this.transportId = transportId;
    }

    /** The mesh core handed off link {@code link}; our DTLS fingerprints mirror the node's. */
    void open(RendezvousHarness a, long link, String label, String aLocal, String aRemote, boolean aInbound) {
      byte[] fa = new byte[32];
      byte[] fb = new byte[32];
      fa[0] = 1;
      fb[0] = 2;
      seen = a.all.size();
      a.step(new RendezvousEvent.MeetingOpened(link, label, aLocal, aRemote, aInbound, fa, fb, true));
      handshake = new Handshake(who, aInbound ? Role.INITIATOR : Role.RESPONDER, aRemote, aLocal, fb, fa,
          new byte[32]);
      inbox.add(handshake.hello());
    }

    /** Exchanges messages with the node until nothing moves. */
    void run(RendezvousHarness a, long link) {
      for (int round = 0; round < 10; round++) {
        for (int i = seen; i < a.all.size(); i++) {
          if (a.all.get(i) instanceof RendezvousEffect.SendMeeting sm && sm.link() == link) {
            receive(a, sm.message());
          }
        }
        seen = a.all.size();
        if (inbox.isEmpty()) {
          return;
        }
        ContactMessage m = inbox.poll();
        a.step(new RendezvousEvent.MeetingReceived(link, m));
      }
    }

    private void receive(RendezvousHarness a, ContactMessage m) {
      if (!authenticated) {
        Handshake.Outcome o = handshake.onMessage(m);
        if (o instanceof Handshake.Outcome.Continue c) {
          c.reply().ifPresent(inbox::add);
        } else if (o instanceof Handshake.Outcome.Authenticated au) {
          authenticated = true;
          inbox.add(Notes.write(who, noteFor != null ? noteFor : au.peer(), transportId, 1_718_000_000_000L));
        }
        return;
      }
      if (m instanceof ContactMessage.Note n && Notes.verify(n, a.me.publicKey(), who.publicKey())) {
        met = true;
        theirTransportId = n.transportId();
      }
    }
  }
}
