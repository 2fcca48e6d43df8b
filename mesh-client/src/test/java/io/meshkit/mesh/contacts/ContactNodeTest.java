package io.meshkit.mesh.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.contacts.ContactHarness.Peer;
import io.meshkit.mesh.contacts.ContactNotification.Delivered;
import io.meshkit.mesh.contacts.ContactNotification.Imposter;
import io.meshkit.mesh.contacts.ContactNotification.ListsChanged;
import io.meshkit.mesh.contacts.ContactNotification.MessageReceived;
import io.meshkit.mesh.contacts.ContactNotification.RequestAnswered;
import io.meshkit.mesh.contacts.ContactNotification.RequestClosed;
import io.meshkit.mesh.contacts.ContactNotification.RequestReceived;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The contacts core on a virtual clock: requests, contacts, lists, imposters, chat, outbox. */
class ContactNodeTest {
  private final ContactHarness h = new ContactHarness();
  private final Peer alice = h.peer("alice", 1111);
  private final Peer bob = h.peer("bob", 2222);

  private void startBoth() {
    alice.start("mesh-aaaaaaaa-0000-4000-8000-000000000001");
    bob.start("mesh-bbbbbbbb-0000-4000-8000-000000000001");
    h.sameNetwork(alice, bob);
  }

  @Test
  void shouldMakeContactsThroughRequestAcceptConfirmWithAddressesFromInsideTheLink() {
    startBoth();
    alice.step(new ContactEvent.RequestContact(bob.discoveryId));
    assertThat(h.runUntil(x -> bob.last(RequestReceived.class) != null, 5_000)).isTrue();
    RequestReceived r = bob.last(RequestReceived.class);
    assertThat(r.name()).isEqualTo("alice");
    assertThat(r.fingerprint()).isEqualTo(alice.fingerprint());
    assertThat(r.safetyNumber()).hasSize(60);
    assertThat(alice.node.contact(bob.fingerprint())).isEmpty();

    bob.step(new ContactEvent.Answer(r.request(), true));
    h.runFor(1_000);
    Contact atAlice = alice.node.contact(bob.fingerprint()).orElseThrow();
    Contact atBob = bob.node.contact(alice.fingerprint()).orElseThrow();
    assertThat(atAlice.transportId()).isEqualTo(bob.transportId);
    assertThat(atAlice.discoveryUuid()).isEqualTo(bob.uuid);
    assertThat(atAlice.name()).isEqualTo("bob");
    assertThat(atBob.transportId()).isEqualTo(alice.transportId);
    assertThat(atBob.discoveryUuid()).isEqualTo(alice.uuid);
    assertThat(alice.last(RequestAnswered.class).outcome()).isEqualTo("accepted");
    assertThat(bob.last(RequestClosed.class).outcome()).isEqualTo("accepted");
    assertThat(alice.diskContacts).containsKey(bob.fingerprint());
    assertThat(bob.diskContacts).containsKey(alice.fingerprint());
    // Both list the other "on this network" as a contact, connected.
    ContactLists lists = alice.last(ListsChanged.class).lists();
    assertThat(lists.here()).singleElement().satisfies(v -> {
      assertThat(v.fingerprint()).isEqualTo(bob.fingerprint());
      assertThat(v.connected()).isTrue();
      assertThat(v.discoveryId()).isEqualTo(bob.discoveryId);
    });
    assertThat(lists.strangers()).isEmpty();
    assertThat(lists.saved()).isEmpty();
    assertThat(alice.last(ListsChanged.class).lists().here().get(0).safetyNumber())
        .isEqualTo(bob.last(ListsChanged.class).lists().here().get(0).safetyNumber());
  }

  @Test
  void shouldStoreNothingWhenTheRequestIsRejectedOrNotAnswered() {
    startBoth();
    alice.step(new ContactEvent.RequestContact(bob.discoveryId));
    h.runUntil(x -> bob.last(RequestReceived.class) != null, 5_000);
    bob.step(new ContactEvent.Answer(bob.last(RequestReceived.class).request(), false));
    h.runFor(1_000);
    assertThat(alice.last(RequestAnswered.class).outcome()).isEqualTo("rejected");
    assertThat(alice.diskContacts).isEmpty();
    assertThat(bob.diskContacts).isEmpty();

    alice.step(new ContactEvent.RequestContact(bob.discoveryId));
    h.runUntil(x -> bob.told(RequestReceived.class).size() == 2, 5_000);
    h.runFor(ContactsConfig.defaults().requestTimeoutMillis() + 1_000);
    assertThat(bob.last(RequestClosed.class).outcome()).isEqualTo("timeout");
    assertThat(alice.last(RequestAnswered.class).outcome()).isEqualTo("rejected");
    assertThat(alice.diskContacts).isEmpty();
    assertThat(bob.diskContacts).isEmpty();
    // A stale answer to a request that is gone is refused, not carried out.
    bob.step(new ContactEvent.Answer(bob.last(RequestReceived.class).request(), true));
    assertThat(bob.last(ContactNotification.CommandFailed.class).reason()).isEqualTo("no such request waiting");
  }

  @Test
  void shouldSplitTheListsByDiscoveryUuid() {
    Peer carol = h.peer("carol", 3333);
    startBoth();
    carol.start("mesh-cccccccc-0000-4000-8000-000000000001");
    h.befriend(alice, bob);
    h.sameNetwork(alice, carol); // bob left this network
    h.runFor(100);
    ContactLists l = alice.last(ListsChanged.class).lists();
    assertThat(l.here()).isEmpty();
    assertThat(l.strangers()).extracting(m -> m.name()).containsExactly("carol");
    assertThat(l.saved()).extracting(ContactView::name).containsExactly("bob");
    // bob shows up on this network with a new Transport ID: matched by its discovery UUID, listed as the contact.
    bob.kill();
    bob.start("mesh-bbbbbbbb-0000-4000-8000-000000000002");
    h.sameNetwork(alice, bob, carol);
    h.runFor(2_000);
    l = alice.last(ListsChanged.class).lists();
    assertThat(l.here()).extracting(ContactView::name).containsExactly("bob");
    assertThat(l.here().get(0).transportId()).isEqualTo("mesh-bbbbbbbb-0000-4000-8000-000000000002");
    assertThat(l.here().get(0).connected()).as("identity checked over a ping").isTrue();
    assertThat(l.strangers()).extracting(m -> m.name()).containsExactly("carol");
    assertThat(alice.node.contact(bob.fingerprint()).orElseThrow().transportId())
        .isEqualTo("mesh-bbbbbbbb-0000-4000-8000-000000000002");
  }

  @Test
  void shouldBlacklistAnImposterAtTheTransportIdAndShowNothingAsTheContacts() {
    startBoth();
    h.befriend(alice, bob);
    alice.step(new ContactEvent.SendText(bob.fingerprint(), "before"));
    h.runUntil(x -> alice.node.outbox(bob.fingerprint()).isEmpty(), 5_000);
    String bobsId = bob.transportId;
    bob.kill();
    h.sameNetwork(alice);
    h.runFor(1_000);
    // mallory now holds bob's old Transport ID, and claims bob's discovery UUID on this network.
    Peer mallory = h.peer("mallory", 6666, bob.uuid);
    mallory.start(bobsId);
    alice.step(new ContactEvent.SendText(bob.fingerprint(), "secret"));
    h.sameNetwork(alice, mallory);
    assertThat(h.runUntil(x -> alice.last(Imposter.class) != null, 10_000)).isTrue();
    Imposter imp = alice.last(Imposter.class);
    assertThat(imp.contact()).isEqualTo(bob.fingerprint());
    assertThat(imp.transportId()).isEqualTo(bobsId);
    assertThat(imp.reason()).isEqualTo("wrong key");
    h.runFor(60_000);
    assertThat(alice.node.contact(bob.fingerprint()).orElseThrow().blacklist()).containsExactly(bobsId);
    assertThat(alice.diskContacts.get(bob.fingerprint()).blacklist()).containsExactly(bobsId);
    assertThat(alice.told(Imposter.class)).hasSize(1); // not tried again
    assertThat(mallory.receivedTexts()).isEmpty();
    assertThat(mallory.sent).noneMatch(m -> m instanceof ContactMessage.Presence);
    assertThat(alice.node.outbox(bob.fingerprint())).extracting(ChatMessage::text).containsExactly("secret");
    ContactLists l = alice.last(ListsChanged.class).lists();
    assertThat(l.here()).as("mallory is not shown as bob").isEmpty();
    assertThat(l.strangers()).extracting(m -> m.name()).containsExactly("mallory");
    assertThat(l.saved()).extracting(ContactView::name).containsExactly("bob");
  }

  @Test
  void shouldDeliverOnceInOrderAndAcknowledgeWhatWasStored() {
    startBoth();
    h.befriend(alice, bob);
    for (int i = 1; i <= 5; i++) {
      alice.step(new ContactEvent.SendText(bob.fingerprint(), "m" + i));
    }
    bob.step(new ContactEvent.SendText(alice.fingerprint(), "hi alice"));
    h.runFor(2_000);
    assertThat(bob.receivedTexts()).containsExactly("m1", "m2", "m3", "m4", "m5");
    assertThat(bob.told(MessageReceived.class)).extracting(r -> r.message().text())
        .containsExactly("m1", "m2", "m3", "m4", "m5");
    assertThat(alice.receivedTexts()).containsExactly("hi alice");
    assertThat(alice.told(Delivered.class)).extracting(Delivered::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(alice.diskOutbox).isEmpty();
    assertThat(alice.node.outbox(bob.fingerprint())).isEmpty();
    assertThat(bob.diskContacts.get(alice.fingerprint()).lastReceivedSeq()).isEqualTo(5);
    // Durability order: each message is stored before its acknowledgement goes out and before it is shown.
    List<String> effects = bob.log.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    for (int i = 0; i < effects.size(); i++) {
      if (effects.get(i).startsWith("Send") && effects.get(i).contains("message=Ack")) {
        assertThat(effects.get(i - 1)).startsWith("SaveIncoming");
      }
    }
    List<String> aliceEffects = alice.log.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    for (int i = 0; i < aliceEffects.size(); i++) {
      if (aliceEffects.get(i).startsWith("Notify[notification=Queued")) {
        assertThat(aliceEffects.get(i - 1)).startsWith("SaveOutgoing");
      }
    }
    assertThat(alice.diskContacts.get(bob.fingerprint()).nextSeq()).isEqualTo(6);
  }

  @Test
  void shouldKeepMessagesToAnUnreachableContactAndDeliverThemInOrderOnceItIsBack() {
    startBoth();
    h.befriend(alice, bob);
    bob.kill();
    h.sameNetwork(alice);
    h.runFor(500);
    for (int i = 1; i <= 40; i++) {
      alice.step(new ContactEvent.SendText(bob.fingerprint(), "q" + i));
    }
    assertThat(alice.told(ContactNotification.Queued.class)).hasSize(40);
    assertThat(alice.diskOutbox).hasSize(40); // stored before "queued" was told
    long connects = alice.sent.size();
    h.runFor(120_000); // retries with back-off against a Transport ID nobody holds
    assertThat(bob.receivedTexts()).isEmpty();
    assertThat(alice.node.outbox(bob.fingerprint())).hasSize(40);

    // bob restarts with a new Transport ID and pings its contacts: alice learns where it is, and delivers.
    bob.start("mesh-bbbbbbbb-0000-4000-8000-000000000009");
    assertThat(h.runUntil(x -> bob.diskReceived.size() == 40, 30_000)).isTrue();
    h.runFor(2_000);
    assertThat(bob.receivedTexts()).containsExactlyElementsOf(IntStream.rangeClosed(1, 40).mapToObj(i -> "q" + i)
        .toList());
    assertThat(bob.told(MessageReceived.class)).hasSize(40);
    assertThat(alice.node.outbox(bob.fingerprint())).isEmpty();
    assertThat(alice.diskOutbox).isEmpty();
    assertThat(alice.node.contact(bob.fingerprint()).orElseThrow().transportId())
        .isEqualTo("mesh-bbbbbbbb-0000-4000-8000-000000000009");
    assertThat(connects).isGreaterThan(0);
  }

  @Test
  void shouldDropDuplicatesWhenALinkDiesBeforeTheAcknowledgementsArrive() {
    startBoth();
    h.befriend(alice, bob);
    h.latency = 200;
    alice.step(new ContactEvent.SendText(bob.fingerprint(), "one"));
    alice.step(new ContactEvent.SendText(bob.fingerprint(), "two"));
    h.runFor(250); // delivered and stored at bob, acknowledgements on their way
    assertThat(bob.receivedTexts()).containsExactly("one", "two");
    // the link dies with both acks in flight: alice resends both on the next link
    ContactLists before = alice.last(ListsChanged.class).lists();
    assertThat(before.here().get(0).connected()).isTrue();
    dropLinks(alice);
    h.latency = 20;
    assertThat(h.runUntil(x -> alice.node.outbox(bob.fingerprint()).isEmpty(), 30_000)).isTrue();
    h.runFor(1_000);
    assertThat(bob.receivedTexts()).containsExactly("one", "two");
    assertThat(bob.told(MessageReceived.class)).hasSize(2);
    long resent = alice.sent.stream().filter(m -> m instanceof ContactMessage.Chat).count();
    assertThat(resent).as("sent twice each").isEqualTo(4);
  }

  @Test
  void shouldCloseALinkWhoseAcknowledgementsStopAndRetryOnANewOne() {
    startBoth();
    h.befriend(alice, bob);
    h.latency = 60_000; // the link is as good as dead, yet nobody closes it
    alice.step(new ContactEvent.SendText(bob.fingerprint(), "stuck"));
    h.runFor(ContactsConfig.defaults().ackTimeoutMillis() + 1_000);
    h.latency = 20;
    assertThat(h.runUntil(x -> bob.receivedTexts().contains("stuck") && alice.node.outbox(bob.fingerprint())
        .isEmpty(), 200_000)).isTrue();
    assertThat(bob.told(MessageReceived.class)).hasSize(1);
  }

  @Test
  void shouldDetectARelayInTheMiddleOnBothSidesAndChangeNothing() {
    startBoth();
    h.befriend(alice, bob);
    h.mitm = true; // from now on the signaling server relays every new connection
    dropLinks(alice);
    h.runFor(100);
    Contact aliceSeesBob = alice.node.contact(bob.fingerprint()).orElseThrow();
    Contact bobSeesAlice = bob.node.contact(alice.fingerprint()).orElseThrow();
    int receivedBefore = bob.diskReceived.size();
    alice.step(new ContactEvent.SendText(bob.fingerprint(), "through the relay"));
    h.runFor(5_000);
    assertThat(alice.told(ContactNotification.HandshakeFailed.class)).as(String.join("\n", alice.log))
        .isNotEmpty().allSatisfy(f -> assertThat(f.reason()).isEqualTo("proof does not verify"));
    assertThat(bob.told(ContactNotification.HandshakeFailed.class)).isNotEmpty()
        .allSatisfy(f -> assertThat(f.reason()).isEqualTo("proof does not verify"));
    assertThat(alice.told(Imposter.class)).isEmpty();
    assertThat(bob.told(Imposter.class)).isEmpty();
    assertThat(bob.diskReceived).hasSize(receivedBefore);
    assertThat(bob.node.contact(alice.fingerprint()).orElseThrow()).isEqualTo(bobSeesAlice);
    assertThat(alice.node.contact(bob.fingerprint()).orElseThrow())
        .isEqualTo(aliceSeesBob.withNextSeq(aliceSeesBob.nextSeq() + 1)); // only our own message counter moved
    assertThat(alice.node.outbox(bob.fingerprint())).hasSize(1);
    // Once the relay is gone, the next retry gets through.
    h.mitm = false;
    assertThat(h.runUntil(x -> bob.receivedTexts().contains("through the relay"), 120_000)).isTrue();
  }

  @Test
  void shouldRefuseLinksThatAreNotReliableOrHaveNoFingerprint() {
    startBoth();
    bob.step(new ContactEvent.Opened(-100, bob.transportId, alice.transportId, true, new byte[32], new byte[32],
        false));
    bob.step(new ContactEvent.Opened(-101, bob.transportId, alice.transportId, true, new byte[32], null, true));
    assertThat(bob.told(ContactNotification.HandshakeFailed.class)).extracting(
        ContactNotification.HandshakeFailed::reason).containsExactly("the link is not reliable",
        "no SHA-256 DTLS fingerprint in the SDP");
  }

  private void dropLinks(Peer p) {
    // The links of p close as after an ICE failure (both ends notice).
    for (long link = 1; link < 100; link++) {
      p.step(new ContactEvent.Closed(link));
    }
    for (long link = -1; link > -100; link--) {
      p.step(new ContactEvent.Closed(link));
    }
    List<Peer> others = h.peers.stream().filter(o -> o != p && o.up).toList();
    for (Peer o : others) {
      for (long link = 1; link < 100; link++) {
        o.step(new ContactEvent.Closed(link));
      }
      for (long link = -1; link > -100; link--) {
        o.step(new ContactEvent.Closed(link));
      }
    }
  }
}
