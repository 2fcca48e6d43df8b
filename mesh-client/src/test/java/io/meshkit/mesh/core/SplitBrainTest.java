package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.LABEL;
import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static io.meshkit.mesh.core.NodeHarness.slot;
import static io.meshkit.mesh.core.NodeHarness.welcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lowest live slot wins (docs/PROTOCOL.md §9). */
class SplitBrainTest {

  /** Router "rrrrrrrr" at slot 2 (slot 1 did not answer) with members bbbbbbbb and cccccccc. */
  static NodeHarness routerAtSlot2() {
    NodeHarness r = new NodeHarness("rrrrrrrr");
    r.startAndOpen();
    r.advanceBy(0);
    r.step(new MeshEvent.IdTaken(slot(1)));
    r.step(new MeshEvent.ConnectFailed(r.me(), slot(1)));
    r.step(new MeshEvent.IdClaimed(slot(2)));
    r.checkInAt(2, "bbbbbbbb");
    r.checkInAt(2, "cccccccc");
    r.advanceBy(r.config.pushDelayMillis());
    return r;
  }

  @Test
  void shouldProbeLowerSlotsEveryProbePeriod() {
    NodeHarness r = routerAtSlot2();
    long t0 = r.now;
    r.advanceTo(r.config.probeMillis() - 1);
    assertThat(r.claimsOf(slot(1))).isEqualTo(1); // the search's claim only
    r.advanceTo(r.config.probeMillis());
    assertThat(r.claimsOf(slot(1))).isEqualTo(2);
    r.step(new MeshEvent.IdTaken(slot(1)));
    assertThat(r.last).as("from our router slot").contains(new Effect.Connect(slot(2), slot(1)));
    r.advanceBy(r.attemptTimeoutDelay()); // nobody answers
    assertThat(r.routerId()).isEqualTo(slot(2));
    r.advanceTo(t0 + 60_000);
    assertThat(r.claimsOf(slot(1))).as("a probe every few seconds, not only at the heartbeat").isGreaterThanOrEqualTo(5);
  }

  @Test
  void shouldMoveToTheLowerSlotOnceItIsFree() {
    NodeHarness r = routerAtSlot2();
    r.advanceTo(r.config.probeMillis());
    r.step(new MeshEvent.IdClaimed(slot(1)));
    MeshMessage.Moved moved = new MeshMessage.Moved(slot(1));
    assertThat(r.last).contains(new Effect.Send(slot(2), discoveryId("bbbbbbbb"), moved),
        new Effect.Send(slot(2), discoveryId("cccccccc"), moved),
        new Effect.Notify(new Notification.RoleChanged(LABEL, Role.ROUTER, slot(1))));
    // Each member closes its old link, then checks in at the new slot: nobody leaves the list in between.
    r.step(new MeshEvent.Disconnected(slot(2), discoveryId("bbbbbbbb")));
    r.advanceBy(r.config.pushDelayMillis());
    assertThat(r.network()).containsExactly(member("bbbbbbbb"), member("cccccccc"));
    assertThat(r.allSends(MeshMessage.Delta.class)).as("no removal pushed")
        .noneMatch(s -> !((MeshMessage.Delta) s.message()).removed().isEmpty());
    r.checkInAt(1, "bbbbbbbb");
    r.advanceBy(r.config.releaseGraceMillis());
    assertThat(r.allOf(Effect.ReleaseId.class)).contains(new Effect.ReleaseId(slot(2)));
    assertThat(r.network()).containsExactly(member("bbbbbbbb"), member("cccccccc"));
    r.advanceBy(r.config.recheckGraceMillis());
    assertThat(r.network()).as("cccccccc never came to slot 1").containsExactly(member("bbbbbbbb"));
  }

  @Test
  void shouldMergeIntoALiveRouterOnALowerSlotFromItsOwnSlotId() {
    NodeHarness r = routerAtSlot2();
    r.advanceTo(r.config.probeMillis());
    r.step(new MeshEvent.IdTaken(slot(1)));
    r.step(new MeshEvent.Connected(slot(2), slot(1), false));
    MeshMessage.Merge merge = (MeshMessage.Merge) r.last.stream().filter(Effect.Send.class::isInstance)
        .map(e -> ((Effect.Send) e).message()).findFirst().orElseThrow();
    assertThat(merge.slot()).isEqualTo(2);
    assertThat(merge.entries()).extracting(Entry::member)
        .containsExactly(member("bbbbbbbb"), member("cccccccc"), member("rrrrrrrr"));
    assertThat(r.lastOf(Effect.Send.class)).allMatch(s -> s.localId().equals(slot(2)) && s.remoteId().equals(slot(1)));
    r.step(new MeshEvent.Received(slot(2), slot(1),
        welcome(1, "aaaaaaaa", 5, null, "aaaaaaaa", "bbbbbbbb", "cccccccc", "dddddddd", "rrrrrrrr")));
    MeshMessage.Moved moved = new MeshMessage.Moved(slot(1));
    assertThat(r.last).contains(new Effect.Send(slot(2), discoveryId("bbbbbbbb"), moved),
        new Effect.Send(slot(2), discoveryId("cccccccc"), moved),
        new Effect.Disconnect(slot(2), slot(1)),
        new Effect.Connect(r.me(), slot(1)));
    // Then it checks in like any member.
    r.step(new MeshEvent.Connected(r.me(), slot(1), false));
    assertThat(r.last).containsExactly(new Effect.Send(r.me(), slot(1), NodeHarness.checkInMessage("rrrrrrrr")));
    r.step(new MeshEvent.Received(r.me(), slot(1),
        welcome(1, "aaaaaaaa", 6, null, "aaaaaaaa", "bbbbbbbb", "cccccccc", "dddddddd", "rrrrrrrr")));
    assertThat(r.notifications()).contains(new Notification.RoleChanged(LABEL, Role.PEER, slot(1)));
    r.advanceBy(r.config.releaseGraceMillis());
    assertThat(r.allOf(Effect.ReleaseId.class)).contains(new Effect.ReleaseId(slot(2)));
  }

  @Test
  void shouldNeverProbeFromSlotOne() {
    NodeHarness r = new NodeHarness("aaaaaaaa");
    r.becomeRouter();
    r.advanceBy(r.config.heartbeatMillis() * 3);
    assertThat(r.allOf(Effect.ClaimId.class)).containsOnly(new Effect.ClaimId(r.me()), new Effect.ClaimId(slot(1)));
    r.checkIn("rrrrrrrr");
    assertThat(r.routerId()).isEqualTo(slot(1));
  }

  @Test
  void shouldSendLateCheckInsOnAKeptSlotToTheRouter() {
    NodeHarness r = routerAtSlot2();
    r.advanceTo(r.config.probeMillis());
    r.step(new MeshEvent.IdClaimed(slot(1))); // moved; slot 2 kept for the grace
    r.step(new MeshEvent.Connected(slot(2), discoveryId("eeeeeeee"), true));
    r.step(new MeshEvent.Received(slot(2), discoveryId("eeeeeeee"), NodeHarness.checkInMessage("eeeeeeee")));
    assertThat(r.last).containsExactly(new Effect.Send(slot(2), discoveryId("eeeeeeee"), new MeshMessage.Moved(slot(1))));
  }

  @Test
  void shouldNotBackOffTheConnectTimeoutWhileProbingAVanishedSlot() {
    NodeHarness h = FailoverTest.attached("bbbbbbbb", 1, 1, "bbbbbbbb");
    h.step(new MeshEvent.Disconnected(h.me(), slot(1))); // vanished: held by a dead client for a while
    h.advanceBy(0);
    h.step(new MeshEvent.IdClaimed(slot(2)));
    h.advanceBy(h.config.probeMillis());
    for (int round = 0; round < 6; round++) {
      h.step(new MeshEvent.IdTaken(slot(1)));
      assertThat(h.attemptTimeoutDelay()).isEqualTo(h.config.connectTimeoutMillis());
      h.advanceBy(h.config.probeMillis()); // the connect times out, the next round starts a period after this one
    }
  }

  @Test
  void shouldFindARestartedRouterOnSlotOneWithinOneProbePeriod() {
    // The NAT-lab case: the old router's process restarts and claims slot 1 while we route slot 2.
    NodeHarness h = FailoverTest.attached("bbbbbbbb", 1, 1, "bbbbbbbb", "cccccccc");
    h.step(new MeshEvent.Disconnected(h.me(), slot(1)));
    h.advanceBy(0);
    h.step(new MeshEvent.IdClaimed(slot(2)));
    long routerSince = h.now;
    h.advanceBy(h.config.probeMillis());
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.Connected(slot(2), slot(1), false));
    h.step(new MeshEvent.Received(slot(2), slot(1), welcome(1, "aaaaaaaa", 0, null, "aaaaaaaa")));
    assertThat(h.last).contains(new Effect.Connect(h.me(), slot(1)));
    assertThat(h.now - routerSince).isLessThanOrEqualTo(h.config.probeMillis());
  }

  @Test
  void shouldStartProbeRoundsAPeriodApartWhateverTheyTake() {
    NodeHarness r = routerAtSlot2(); // router since 0: rounds at 5 s, 10 s, …
    r.advanceTo(r.config.probeMillis());
    r.step(new MeshEvent.IdTaken(slot(1)));
    r.step(new MeshEvent.Connected(slot(2), slot(1), false));
    // No welcome: the round ends at the connect timeout (8 s); the next one starts 5 s after this one started.
    r.advanceTo(2 * r.config.probeMillis() - 1);
    assertThat(r.claimsOf(slot(1))).isEqualTo(2);
    r.advanceTo(2 * r.config.probeMillis());
    assertThat(r.claimsOf(slot(1))).isEqualTo(3);
  }

  @Test
  void shouldEndAProbeRoundWhenAClaimIsNotAnswered() {
    NodeHarness r = new NodeHarness("rrrrrrrr");
    r.startAndOpen();
    r.advanceBy(0);
    for (int k = 1; k <= 2; k++) {
      r.step(new MeshEvent.IdTaken(slot(k)));
      r.step(new MeshEvent.ConnectFailed(r.me(), slot(k)));
    }
    r.step(new MeshEvent.IdClaimed(slot(3)));
    r.advanceTo(r.config.probeMillis());
    assertThat(r.last).contains(new Effect.ClaimId(slot(1)));
    // The claim of slot 1 is never answered: that says nothing about slot 1 and slot 2 is not tried in this round.
    r.advanceTo(2 * r.config.probeMillis() - 1);
    assertThat(r.claimsOf(slot(2))).isEqualTo(1);
    r.advanceTo(2 * r.config.probeMillis());
    assertThat(r.last).contains(new Effect.ClaimId(slot(1)));
  }

  @Test
  void shouldAnswerALateCheckInOnItsOldSlotAfterAMergeWithMovedAndLeaveTheLinkOpen() {
    NodeHarness r = routerAtSlot2();
    r.advanceTo(r.config.probeMillis());
    r.step(new MeshEvent.IdTaken(slot(1)));
    r.step(new MeshEvent.Connected(slot(2), slot(1), false));
    r.step(new MeshEvent.Received(slot(2), slot(1), NodeHarness.welcome(1, "aaaaaaaa", 3, null, "aaaaaaaa")));
    assertThat(r.last).as("merged: checking in at slot 1").contains(new Effect.Connect(r.me(), slot(1)));
    r.step(new MeshEvent.Connected(slot(2), discoveryId("eeeeeeee"), true));
    r.step(new MeshEvent.Received(slot(2), discoveryId("eeeeeeee"), NodeHarness.checkInMessage("eeeeeeee")));
    assertThat(r.last).containsExactly(new Effect.Send(slot(2), discoveryId("eeeeeeee"), new MeshMessage.Moved(slot(1))));
    r.advanceBy(r.config.releaseGraceMillis());
    assertThat(r.allOf(Effect.ReleaseId.class)).contains(new Effect.ReleaseId(slot(2)));
  }

  @Test
  void shouldTakeOnlyAWelcomeOfTheProbedSlotAsTheAnswerToItsMerge() {
    NodeHarness r = new NodeHarness("rrrrrrrr");
    r.startAndOpen();
    r.advanceBy(0);
    for (int k = 1; k <= 2; k++) {
      r.step(new MeshEvent.IdTaken(slot(k)));
      r.step(new MeshEvent.ConnectFailed(r.me(), slot(k)));
    }
    r.step(new MeshEvent.IdClaimed(slot(3)));
    r.advanceTo(r.config.probeMillis());
    r.step(new MeshEvent.IdTaken(slot(1)));
    r.step(new MeshEvent.Connected(slot(3), slot(1), false));
    r.step(new MeshEvent.Received(slot(3), slot(1), welcome(2, "aaaaaaaa", 3, null, "aaaaaaaa")));
    // Not the router of slot 1: slot 1 failed, slot 2 is probed next; we stay router of slot 3.
    assertThat(r.last).contains(new Effect.Disconnect(slot(3), slot(1)), new Effect.ClaimId(slot(2)));
    assertThat(r.routerId()).isEqualTo(slot(3));
  }

  @Test
  void shouldIgnoreAMergeOnASlotItKeepsForTheGrace() {
    NodeHarness r = routerAtSlot2();
    r.advanceTo(r.config.probeMillis());
    r.step(new MeshEvent.IdClaimed(slot(1))); // moved; slot 2 kept for the grace
    r.step(new MeshEvent.Connected(slot(2), slot(3), true));
    r.step(new MeshEvent.Received(slot(2), slot(3), new MeshMessage.Merge(2, 3, List.of())));
    assertThat(r.last).isEmpty();
  }
}
