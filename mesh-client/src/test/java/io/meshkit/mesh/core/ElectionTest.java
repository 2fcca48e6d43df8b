package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static io.meshkit.mesh.core.NodeHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ElectionTest {

  @Test
  void shouldClaimDiscoveryIdFirstThenRouterSlotOne() {
    NodeHarness h = new NodeHarness("aaaaaaaa");
    h.step(new MeshEvent.Start());
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
        new Notification.RoleChanged(Role.ROUTER, slot(1)),
        new Notification.NetworkChanged(List.of()));
  }

  @Test
  void shouldConnectAndCheckInWhenRouterIdIsTaken() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    assertThat(h.last).contains(new Effect.Connect(slot(1)));
    h.step(new MeshEvent.Connected(slot(1), false));
    assertThat(h.last).containsExactly(new Effect.Send(slot(1), new MeshMessage.CheckIn(member("bbbbbbbb"))));
    h.step(new MeshEvent.Received(slot(1), new MeshMessage.Welcome(1, discoveryId("aaaaaaaa"), 0,
        List.of(member("aaaaaaaa"), member("bbbbbbbb")))));
    assertThat(h.notifications()).containsExactly(
        new Notification.RoleChanged(Role.PEER, slot(1)),
        new Notification.NetworkChanged(List.of(member("aaaaaaaa"))));
  }

  @Test
  void shouldTryTheNextSlotWhenTheTakenRouterIdNeverAnswers() {
    // The held-ID case for a newcomer: slot 1 is held by a silently dead router (ID-TAKEN, connect hangs).
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.advanceBy(h.config.connectTimeoutMillis() - 1);
    assertThat(h.allOf(Effect.ClaimId.class)).doesNotContain(new Effect.ClaimId(slot(2)));
    h.advanceBy(1);
    assertThat(h.last).contains(new Effect.Disconnect(slot(1)), new Effect.ClaimId(slot(2)));
    h.step(new MeshEvent.IdTaken(slot(2)));
    h.step(new MeshEvent.Connected(slot(2), false));
    h.step(new MeshEvent.Received(slot(2), new MeshMessage.Welcome(2, discoveryId("aaaaaaaa"), 3,
        List.of(member("aaaaaaaa"), member("bbbbbbbb")))));
    assertThat(h.node.currentRouterId()).isEqualTo(slot(2));
  }

  @Test
  void shouldTryTheNextSlotWhenTheServerExpiresTheOffer() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.ConnectFailed(slot(1)));
    assertThat(h.last).contains(new Effect.ClaimId(slot(2)));
  }

  @Test
  void shouldBecomeRouterOfTheNextSlotWhenItIsFree() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.ConnectFailed(slot(1)));
    h.step(new MeshEvent.IdClaimed(slot(2)));
    assertThat(h.node.role()).contains(Role.ROUTER);
    assertThat(h.node.currentRouterId()).isEqualTo(slot(2));
  }

  @Test
  void shouldFollowMovedToAnotherSlotOfTheSameNamespaceOnly() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.Connected(slot(1), false));
    h.step(new MeshEvent.Received(slot(1), new MeshMessage.Moved("evil-elsewhere-1")));
    assertThat(h.lastOf(Effect.Connect.class)).isEmpty();
    h.step(new MeshEvent.Received(slot(1), new MeshMessage.Moved(slot(3))));
    assertThat(h.last).contains(new Effect.Disconnect(slot(1)), new Effect.Connect(slot(3)));
  }

  @Test
  void shouldRetryTheDiscoveryIdWhileItIsHeldAndNotElectMeanwhile() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.step(new MeshEvent.Start());
    h.step(new MeshEvent.IdTaken(discoveryId("bbbbbbbb")));
    assertThat(h.notifications()).hasOnlyElementsOfType(Notification.Fault.class);
    h.advanceBy(h.config.connectTimeoutMillis());
    assertThat(h.last).containsExactly(new Effect.ClaimId(discoveryId("bbbbbbbb")));
    assertThat(h.allOf(Effect.ClaimId.class)).doesNotContain(new Effect.ClaimId(slot(1)));
  }

  @Test
  void shouldSearchAgainWhenAClaimIsNeverAnswered() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.startAndOpen();
    h.advanceBy(0);
    // Timeout (3 s), then the abandoned claim is dropped and a new one goes out after the backed-off 6 s.
    h.advanceBy(h.config.connectTimeoutMillis() * 3);
    assertThat(h.allOf(Effect.ReleaseId.class)).contains(new Effect.ReleaseId(slot(1)));
    assertThat(h.allOf(Effect.ClaimId.class).stream().filter(c -> c.id().equals(slot(1)))).hasSize(2);
    h.step(new MeshEvent.IdClaimed(slot(1)));
    assertThat(h.node.role()).contains(Role.ROUTER);
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
}
