package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.LABEL;
import static io.meshkit.mesh.core.NodeHarness.checkInMessage;
import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static io.meshkit.mesh.core.NodeHarness.slot;
import static io.meshkit.mesh.core.NodeHarness.welcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search for a router over the slots (docs/PROTOCOL.md §6). */
class ElectionTest {

  @Test
  void shouldClaimDiscoveryIdFirstThenRouterSlotOne() {
    NodeHarness h = new NodeHarness("aaaaaaaa");
    h.step(new MeshEvent.Start(NodeHarness.WALL));
    assertThat(h.last).containsExactly(new Effect.ClaimId(discoveryId("aaaaaaaa")));
    h.step(new MeshEvent.IdClaimed(discoveryId("aaaaaaaa")));
    h.advanceBy(0);
    assertThat(h.last).contains(new Effect.ClaimId(slot(1)));
  }

  @Test
  void shouldBecomeRouterWithEmptyNetworkWhenClaimSucceeds() {
    NodeHarness h = new NodeHarness("aaaaaaaa");
    h.becomeRouter();
    assertThat(h.notifications()).containsExactly(
        new Notification.RoleChanged(LABEL, Role.ROUTER, slot(1)),
        new Notification.NetworkChanged(LABEL, List.of()));
  }

  @Test
  void shouldConnectFromItsDiscoveryIdAndCheckInWhenRouterIdIsTaken() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    assertThat(h.last).contains(new Effect.Connect(h.me(), slot(1)));
    h.step(new MeshEvent.Connected(h.me(), slot(1), false));
    assertThat(h.last).containsExactly(new Effect.Send(h.me(), slot(1), checkInMessage("bbbbbbbb")));
    h.step(new MeshEvent.Received(h.me(), slot(1), welcome(1, "aaaaaaaa", 0, null, "aaaaaaaa", "bbbbbbbb")));
    assertThat(h.notifications()).containsExactly(
        new Notification.RoleChanged(LABEL, Role.PEER, slot(1)),
        new Notification.NetworkChanged(LABEL, List.of(member("aaaaaaaa"))));
  }

  @Test
  void shouldAssembleAWelcomeFromPartsArrivingInAnyOrder() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.Connected(h.me(), slot(1), false));
    String router = discoveryId("aaaaaaaa");
    List<Entry> one = List.of(new Entry(member("aaaaaaaa"), 1));
    List<Entry> two = List.of(new Entry(member("bbbbbbbb"), 1), new Entry(member("cccccccc"), 1));
    h.step(new MeshEvent.Received(h.me(), slot(1), new MeshMessage.Welcome(2, 1, router, 4, "", 2, 2, two)));
    assertThat(h.role()).isNull();
    h.step(new MeshEvent.Received(h.me(), slot(1), new MeshMessage.Welcome(2, 1, router, 4, "", 1, 2, one)));
    assertThat(h.role()).isEqualTo(Role.PEER);
    assertThat(h.network()).containsExactly(member("aaaaaaaa"), member("cccccccc"));
  }

  @Test
  void shouldTryTheNextSlotWhenTheTakenRouterIdNeverAnswers() {
    // The held-ID case for a newcomer: slot 1 is held by a silently dead router (ID-TAKEN, connect hangs).
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.advanceBy(h.config.connectTimeoutMillis() - 1);
    assertThat(h.claimsOf(slot(2))).isZero();
    h.advanceBy(1);
    assertThat(h.last).contains(new Effect.Disconnect(h.me(), slot(1)), new Effect.ClaimId(slot(2)));
    h.step(new MeshEvent.IdTaken(slot(2)));
    h.step(new MeshEvent.Connected(h.me(), slot(2), false));
    h.step(new MeshEvent.Received(h.me(), slot(2), welcome(2, "aaaaaaaa", 3, null, "aaaaaaaa", "bbbbbbbb")));
    assertThat(h.routerId()).isEqualTo(slot(2));
  }

  @Test
  void shouldTryTheNextSlotWhenTheServerExpiresTheOffer() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.ConnectFailed(h.me(), slot(1)));
    assertThat(h.last).contains(new Effect.ClaimId(slot(2)));
  }

  @Test
  void shouldBecomeRouterOfTheNextSlotWhenItIsFree() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.ConnectFailed(h.me(), slot(1)));
    h.step(new MeshEvent.IdClaimed(slot(2)));
    assertThat(h.role()).isEqualTo(Role.ROUTER);
    assertThat(h.routerId()).isEqualTo(slot(2));
  }

  @Test
  void shouldFollowMovedToAnotherSlotOfTheSameNamespaceOnly() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.Connected(h.me(), slot(1), false));
    h.step(new MeshEvent.Received(h.me(), slot(1), new MeshMessage.Moved("evil-elsewhere-1")));
    assertThat(h.lastOf(Effect.Connect.class)).isEmpty();
    assertThat(h.last).contains(new Effect.ClaimId(slot(2))); // a bad answer counts as no answer
  }

  @Test
  void shouldFollowAMovedWithoutClaiming() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.Connected(h.me(), slot(1), false));
    h.step(new MeshEvent.Received(h.me(), slot(1), new MeshMessage.Moved(slot(3))));
    assertThat(h.last).contains(new Effect.Disconnect(h.me(), slot(1)), new Effect.Connect(h.me(), slot(3)));
    assertThat(h.lastOf(Effect.ClaimId.class)).isEmpty();
  }

  @Test
  void shouldStopFollowingRedirectsAfterAFew() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    String at = slot(1);
    for (int i = 0; i <= Election.MAX_REDIRECTS; i++) {
      h.step(new MeshEvent.Connected(h.me(), at, false));
      String next = slot(i % 2 == 0 ? 3 : 4);
      h.step(new MeshEvent.Received(h.me(), at, new MeshMessage.Moved(next)));
      at = next;
    }
    // The fifth redirect (from slot 4) is not followed: slot 4 is marked and the search goes on after slot 1.
    assertThat(h.lastOf(Effect.Connect.class)).isEmpty();
    assertThat(h.lastOf(Effect.ClaimId.class)).containsExactly(new Effect.ClaimId(slot(2)));
    h.step(new MeshEvent.IdTaken(slot(2)));
    h.step(new MeshEvent.ConnectFailed(h.me(), slot(2)));
    assertThat(h.lastOf(Effect.ClaimId.class)).as("slot 4 skipped").containsExactly(new Effect.ClaimId(slot(3)));
    h.step(new MeshEvent.IdTaken(slot(3)));
    h.step(new MeshEvent.ConnectFailed(h.me(), slot(3)));
    assertThat(h.lastOf(Effect.ClaimId.class)).containsExactly(new Effect.ClaimId(slot(5)));
  }

  @Test
  void shouldGoOnAfterTheSearchedSlotWhenARedirectedCheckInFails() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.Connected(h.me(), slot(1), false));
    h.step(new MeshEvent.Received(h.me(), slot(1), new MeshMessage.Moved(slot(3))));
    h.step(new MeshEvent.ConnectFailed(h.me(), slot(3)));
    // Slot 3 failed, not slot 1: the search claims slot 2 next (§6), and later skips slot 3.
    assertThat(h.lastOf(Effect.ClaimId.class)).containsExactly(new Effect.ClaimId(slot(2)));
    h.step(new MeshEvent.IdTaken(slot(2)));
    h.step(new MeshEvent.ConnectFailed(h.me(), slot(2)));
    assertThat(h.lastOf(Effect.ClaimId.class)).containsExactly(new Effect.ClaimId(slot(4)));
  }

  @Test
  void shouldSearchFromSlotOneWhenFollowingAMovedFails() {
    NodeHarness h = FailoverTest.attached("bbbbbbbb", 1, 2, null);
    h.step(new MeshEvent.Received(h.me(), slot(2), new MeshMessage.Moved(slot(3))));
    assertThat(h.last).contains(new Effect.Connect(h.me(), slot(3)));
    h.step(new MeshEvent.ConnectFailed(h.me(), slot(3)));
    // A search from slot 1 (§10): slot 1 is still marked (it failed us before we found slot 2), so slot 2 is next.
    assertThat(h.lastOf(Effect.ClaimId.class)).containsExactly(new Effect.ClaimId(slot(2)));
  }

  @Test
  void shouldSearchAgainExactlyWhenTheEarliestMarkExpiresWhenEverySlotIsMarked() {
    NodeHarness h = new NodeHarness("bbbbbbbb", MeshConfig.defaults().withMaxSlots(2), 1);
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.ConnectFailed(h.me(), slot(1))); // slot 1 marked
    long first = h.now;
    h.step(new MeshEvent.IdTaken(slot(2)));
    h.step(new MeshEvent.Connected(h.me(), slot(2), false));
    h.step(new MeshEvent.Received(h.me(), slot(2),
        welcome(2, "aaaaaaaa", 1, "bbbbbbbb", "aaaaaaaa", "bbbbbbbb"))); // we are its designated successor
    // One second before slot 1's mark expires, the router of slot 2 vanishes: every slot is marked.
    h.advanceTo(first + h.config.heldIdMillis() - 1_000);
    h.step(new MeshEvent.Disconnected(h.me(), slot(2)));
    h.advanceBy(0);
    h.advanceTo(first + h.config.heldIdMillis() - 1);
    assertThat(h.claimsOf(slot(1))).isEqualTo(1);
    h.advanceTo(first + h.config.heldIdMillis());
    assertThat(h.last).contains(new Effect.ClaimId(slot(1)));
  }

  @Test
  void shouldSkipAnUnansweredSlotForHeldIdThenTryItAgain() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.ConnectFailed(h.me(), slot(1))); // slot 1 marked unanswered
    long marked = h.now;
    h.step(new MeshEvent.IdTaken(slot(2)));
    h.step(new MeshEvent.Connected(h.me(), slot(2), false));
    h.step(new MeshEvent.Received(h.me(), slot(2), welcome(2, "aaaaaaaa", 1, null, "aaaaaaaa", "bbbbbbbb")));
    // The router of slot 2 vanishes; the search (after at most the jitter) still skips slot 1.
    h.advanceTo(marked + h.config.heldIdMillis() - h.config.jitterMillis() - 1);
    h.step(new MeshEvent.Disconnected(h.me(), slot(2)));
    h.advanceBy(h.config.jitterMillis());
    assertThat(h.claimsOf(slot(1))).isEqualTo(1);
    assertThat(h.allOf(Effect.ClaimId.class)).contains(new Effect.ClaimId(slot(3)));
    // After heldId the mark is gone: the next search claims slot 1 again.
    h.step(new MeshEvent.IdTaken(slot(3)));
    h.step(new MeshEvent.Connected(h.me(), slot(3), false));
    h.step(new MeshEvent.Received(h.me(), slot(3), welcome(3, "cccccccc", 1, null, "cccccccc", "bbbbbbbb")));
    h.advanceTo(marked + h.config.heldIdMillis());
    h.step(new MeshEvent.Disconnected(h.me(), slot(3)));
    h.advanceBy(h.config.jitterMillis());
    assertThat(h.claimsOf(slot(1))).isEqualTo(2);
  }

  @Test
  void shouldRetryTheDiscoveryIdWhileItIsHeldAndNotElectMeanwhile() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.step(new MeshEvent.Start(NodeHarness.WALL));
    h.step(new MeshEvent.IdTaken(discoveryId("bbbbbbbb")));
    assertThat(h.notifications()).hasOnlyElementsOfType(Notification.Fault.class);
    h.advanceBy(h.config.connectTimeoutMillis());
    assertThat(h.last).containsExactly(new Effect.ClaimId(discoveryId("bbbbbbbb")));
    assertThat(h.claimsOf(slot(1))).isZero();
  }

  @Test
  void shouldSearchAgainWhenAClaimIsNeverAnswered() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    // Timeout (3 s), then the abandoned claim is dropped and a new one goes out after the backed-off 6 s.
    h.advanceBy(h.config.connectTimeoutMillis() * 3);
    assertThat(h.allOf(Effect.ReleaseId.class)).contains(new Effect.ReleaseId(slot(1)));
    assertThat(h.claimsOf(slot(1))).isEqualTo(2);
    h.step(new MeshEvent.IdClaimed(slot(1)));
    assertThat(h.role()).isEqualTo(Role.ROUTER);
  }

  @Test
  void shouldSearchAgainWhenTheClaimsSignalingConnectionFails() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdLost(slot(1)));
    h.advanceBy(h.config.connectTimeoutMillis());
    assertThat(h.last).contains(new Effect.ClaimId(slot(1)));
  }

  @Test
  void shouldReleaseAClaimThatIsAnsweredAfterItWasAbandoned() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.Connected(h.me(), slot(1), false));
    h.step(new MeshEvent.Received(h.me(), slot(1), welcome(1, "aaaaaaaa", 0, null, "aaaaaaaa", "bbbbbbbb")));
    h.step(new MeshEvent.IdClaimed(slot(7)));
    assertThat(h.last).containsExactly(new Effect.ReleaseId(slot(7)));
  }
}
