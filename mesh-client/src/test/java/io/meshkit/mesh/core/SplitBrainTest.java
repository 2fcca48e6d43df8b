package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static io.meshkit.mesh.core.NodeHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplitBrainTest {

  /** Router "rrrrrrrr" at slot 2 (slot 1 presumed held) with members bbbbbbbb and cccccccc. */
  static NodeHarness routerAtSlot2() {
    NodeHarness r = new NodeHarness("rrrrrrrr");
    r.startAndOpen();
    r.advanceBy(0);
    r.step(new MeshEvent.IdTaken(slot(1)));
    r.step(new MeshEvent.ConnectFailed(slot(1)));
    r.step(new MeshEvent.IdClaimed(slot(2)));
    RouterRegistryTest.checkIn(r, "bbbbbbbb");
    RouterRegistryTest.checkIn(r, "cccccccc");
    r.advanceBy(r.config.pushDelayMillis());
    return r;
  }

  @Test
  void shouldProbeLowerSlotsAtEveryHeartbeat() {
    NodeHarness r = routerAtSlot2();
    r.advanceBy(r.config.heartbeatMillis());
    assertThat(r.last).contains(new Effect.ClaimId(slot(1)));
    r.step(new MeshEvent.IdTaken(slot(1)));
    assertThat(r.last).contains(new Effect.Connect(slot(1)));
    r.advanceBy(r.config.connectTimeoutMillis()); // held by a dead router: no answer
    assertThat(r.node.currentRouterId()).isEqualTo(slot(2));
    r.advanceBy(r.config.heartbeatMillis());
    // Search claim at 0, early probes of the unanswered slot (after twice the backed-off connect timeout), heartbeat
    // probes at 60 s and 120 s: slot 1 keeps being tried.
    assertThat(r.allOf(Effect.ClaimId.class).stream().filter(c -> c.id().equals(slot(1))).count())
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void shouldMoveToTheLowerSlotOnceItIsFree() {
    NodeHarness r = routerAtSlot2();
    r.advanceBy(r.config.heartbeatMillis());
    r.step(new MeshEvent.IdClaimed(slot(1)));
    MeshMessage.Moved moved = new MeshMessage.Moved(slot(1));
    assertThat(r.last).contains(new Effect.Send(discoveryId("bbbbbbbb"), moved),
        new Effect.Send(discoveryId("cccccccc"), moved),
        new Effect.Notify(new Notification.RoleChanged(Role.ROUTER, slot(1))));
    r.advanceBy(r.config.releaseGraceMillis());
    assertThat(r.last).contains(new Effect.ReleaseId(slot(2)));
    assertThat(r.node.network()).containsExactly(member("bbbbbbbb"), member("cccccccc"));
  }

  @Test
  void shouldMergeIntoALiveRouterOnALowerSlot() {
    NodeHarness r = routerAtSlot2();
    r.advanceBy(r.config.heartbeatMillis());
    r.step(new MeshEvent.IdTaken(slot(1)));
    r.step(new MeshEvent.Connected(slot(1), false));
    assertThat(r.last).containsExactly(new Effect.Send(slot(1), new MeshMessage.CheckIn(member("rrrrrrrr"))));
    r.step(new MeshEvent.Received(slot(1), new MeshMessage.Welcome(1, discoveryId("aaaaaaaa"), 5,
        List.of(member("aaaaaaaa"), member("dddddddd"), member("rrrrrrrr")))));
    MeshMessage.Moved moved = new MeshMessage.Moved(slot(1));
    assertThat(r.last).contains(
        new Effect.Send(slot(1), new MeshMessage.Merge(List.of(member("bbbbbbbb"), member("cccccccc")))),
        new Effect.Send(discoveryId("bbbbbbbb"), moved), new Effect.Send(discoveryId("cccccccc"), moved),
        new Effect.Notify(new Notification.RoleChanged(Role.PEER, slot(1))));
    r.advanceBy(r.config.releaseGraceMillis());
    assertThat(r.last).contains(new Effect.ReleaseId(slot(2)));
  }

  @Test
  void shouldNotYieldToARouterOnAHigherSlot() {
    NodeHarness r = new NodeHarness("aaaaaaaa");
    r.becomeRouter();
    r.advanceBy(r.config.heartbeatMillis() * 3);
    assertThat(r.allOf(Effect.ClaimId.class)).doesNotContain(new Effect.ClaimId(slot(2)));
    // A router of slot 2 checking in here is just a member.
    RouterRegistryTest.checkIn(r, "rrrrrrrr");
    assertThat(r.node.currentRouterId()).isEqualTo(slot(1));
    assertThat(r.node.network()).containsExactly(member("rrrrrrrr"));
  }

  @Test
  void shouldSendMembersOfANonRouterToTheRouter() {
    NodeHarness m = FailoverTest.attached("bbbbbbbb", 1, 1);
    m.step(new MeshEvent.Connected(discoveryId("cccccccc"), true));
    m.step(new MeshEvent.Received(discoveryId("cccccccc"), new MeshMessage.CheckIn(member("cccccccc"))));
    assertThat(m.last).containsExactly(new Effect.Send(discoveryId("cccccccc"), new MeshMessage.Moved(slot(1))));
  }

  @Test
  void shouldProbeWhenTheDeadSlotsHoldShouldHaveExpired() {
    NodeHarness r = routerAtSlot2(); // slot 1 seen dead at t=0
    r.advanceTo(r.config.heartbeatMillis());
    r.step(new MeshEvent.IdTaken(slot(1)));
    r.advanceTo(r.config.heldIdMillis() - 1);
    long claimsBefore = r.allOf(Effect.ClaimId.class).stream().filter(c -> c.id().equals(slot(1))).count();
    r.advanceTo(r.config.heldIdMillis());
    assertThat(r.last).contains(new Effect.ClaimId(slot(1)));
    assertThat(r.allOf(Effect.ClaimId.class).stream().filter(c -> c.id().equals(slot(1)))).hasSize(
        (int) claimsBefore + 1);
  }
}
