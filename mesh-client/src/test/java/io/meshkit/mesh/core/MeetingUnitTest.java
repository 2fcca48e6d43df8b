package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.LABEL;
import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A meeting namespace (docs/PROTOCOL.md §13.2.4) with a fake clock: the election of §6 finds the other peer, links go
 * to the application instead of checking in, a slot held by someone else is shunned, and nothing of ours (name,
 * Transport ID, any mesh message) ever goes out.
 */
class MeetingUnitTest {
  private static final String ME = "00000000-0000-4000-8000-0000000000aa";
  private static final String OTHER = "00000000-0000-4000-8000-0000000000bb";
  private static final long MEETING = 10_000;

  private static NodeHarness node(long seed) {
    return new NodeHarness(NamespaceSpec.meeting(LABEL, NodeHarness.PREFIX, NodeHarness.NS, ME, MeshConfig.defaults(),
        MEETING), seed);
  }

  /** Starts, gets the Discovery ID, and runs to the first claim of slot 1; returns when that claim went out. */
  private static long startToFirstClaim(NodeHarness n) {
    n.startAndOpen();
    long start = n.now;
    for (int i = 0; i < 40 && n.claimsOf(slot(1)) == 0; i++) {
      n.advanceBy(100);
    }
    assertThat(n.claimsOf(slot(1))).isEqualTo(1);
    return n.now - start;
  }

  @Test
  void shouldWaitOneToThreeSecondsBeforeTheFirstClaim() {
    for (long seed = 1; seed <= 20; seed++) {
      NodeHarness n = node(seed);
      long delay = startToFirstClaim(n);
      assertThat(delay).isBetween(1_000L, 3_100L);
    }
  }

  @Test
  void shouldHoldSlot1AloneWhenFirstAndGiveUpItsDiscoveryId() {
    NodeHarness n = node(1);
    startToFirstClaim(n);
    n.step(new MeshEvent.IdClaimed(slot(1)));
    assertThat(n.role()).isEqualTo(Role.ROUTER);
    assertThat(n.routerId()).isEqualTo(slot(1));
    assertThat(n.lastOf(Effect.ReleaseId.class)).extracting(Effect.ReleaseId::id).containsExactly(discoveryId(ME));
    assertThat(n.network()).isEmpty();
  }

  @Test
  void shouldHandTheLinkToATakenSlotToTheApplicationWithoutCheckingIn() {
    NodeHarness n = node(2);
    startToFirstClaim(n);
    n.step(new MeshEvent.IdTaken(slot(1)));
    assertThat(n.lastOf(Effect.Connect.class)).containsExactly(new Effect.Connect(discoveryId(ME), slot(1)));
    n.advanceBy(400);
    n.step(new MeshEvent.Connected(discoveryId(ME), slot(1), false));
    assertThat(n.lastOf(Effect.HandOff.class))
        .containsExactly(new Effect.HandOff(LABEL, discoveryId(ME), slot(1), false));
    // The link now is the application's: nothing of the mesh protocol goes on it, and the search waits.
    n.advanceBy(MEETING - 1);
    assertThat(n.allOf(Effect.Send.class)).isEmpty();
    assertThat(n.claimsOf(slot(2))).isZero();
  }

  @Test
  void shouldShunASlotWhoseHolderIsNotThePeerAndWinTheNext() {
    NodeHarness n = node(3);
    startToFirstClaim(n);
    n.step(new MeshEvent.IdTaken(slot(1)));
    n.step(new MeshEvent.Connected(discoveryId(ME), slot(1), false));
    n.step(new MeshEvent.MeetingEnded(discoveryId(ME), slot(1), MeetingVerdict.REFUSED));
    assertThat(n.lastOf(Effect.ClaimId.class)).extracting(Effect.ClaimId::id).containsExactly(slot(2));
    n.step(new MeshEvent.IdClaimed(slot(2)));
    assertThat(n.routerId()).isEqualTo(slot(2));
    // The holder of slot 2 probes lower slots, but never the shunned one again, however long it waits.
    n.advanceBy(10 * 60_000);
    assertThat(n.claimsOf(slot(1))).isEqualTo(1);
    assertThat(n.allOf(Effect.Send.class)).isEmpty();
  }

  @Test
  void shouldGoOnAboveALinkThatNeverProvedItselfButTryItsSlotAgain() {
    NodeHarness n = node(4);
    startToFirstClaim(n);
    n.step(new MeshEvent.IdTaken(slot(1)));
    n.step(new MeshEvent.Connected(discoveryId(ME), slot(1), false));
    n.advanceBy(MEETING);
    assertThat(n.claimsOf(slot(2))).isEqualTo(1);
    n.step(new MeshEvent.IdClaimed(slot(2)));
    // No verdict says nothing about who holds slot 1 (a slow peer, a lost link): the next probe tries it again.
    n.advanceBy(MeshConfig.defaults().probeMillis());
    assertThat(n.claimsOf(slot(1))).isEqualTo(2);
  }

  @Test
  void shouldGoOnAboveALinkTheApplicationCouldNotProveButTryItsSlotAgain() {
    NodeHarness n = node(10);
    startToFirstClaim(n);
    n.step(new MeshEvent.IdTaken(slot(1)));
    n.step(new MeshEvent.Connected(discoveryId(ME), slot(1), false));
    n.step(new MeshEvent.MeetingEnded(discoveryId(ME), slot(1), MeetingVerdict.UNPROVEN));
    assertThat(n.lastOf(Effect.ClaimId.class)).extracting(Effect.ClaimId::id).containsExactly(slot(2));
    n.step(new MeshEvent.IdClaimed(slot(2)));
    n.advanceBy(MeshConfig.defaults().probeMillis());
    assertThat(n.claimsOf(slot(1))).isEqualTo(2);
  }

  /**
   * The peer we met may be looked for again while we still hold the namespace (the Transport ID it told us was taken
   * over at once): its slot must not be shunned by the meeting timer of a link that already met, else a peer who comes
   * back to slot 1 and a holder of slot 2 that never probes it again wait for each other for the namespace's life.
   */
  @Test
  void shouldNeverShunTheSlotOfAPeerItMetAndSearchFromSlot1AgainWhileStillHeld() {
    NodeHarness n = node(11);
    startToFirstClaim(n);
    n.step(new MeshEvent.IdTaken(slot(1)));
    n.step(new MeshEvent.Connected(discoveryId(ME), slot(1), false));
    n.step(new MeshEvent.MeetingEnded(discoveryId(ME), slot(1), MeetingVerdict.MET));
    // Left alone for a meeting timeout (the application normally leaves the namespace meanwhile) ...
    n.advanceBy(MEETING - 1);
    assertThat(n.claimsOf(slot(1))).isEqualTo(1);
    assertThat(n.claimsOf(slot(2))).isZero();
    // ... then the search starts over from slot 1: the peer came back there, and we meet it again.
    n.advanceBy(MeshConfig.defaults().jitterMillis() + 1);
    assertThat(n.claimsOf(slot(1))).isEqualTo(2);
    assertThat(n.claimsOf(slot(2))).isZero();
    n.step(new MeshEvent.IdTaken(slot(1)));
    n.step(new MeshEvent.Connected(discoveryId(ME), slot(1), false));
    assertThat(n.lastOf(Effect.HandOff.class))
        .containsExactly(new Effect.HandOff(LABEL, discoveryId(ME), slot(1), false));
  }

  @Test
  void shouldProbeTheSlotOfAPeerItMetThroughTheProbeAgainAtTheNextRound() {
    NodeHarness n = node(12);
    startToFirstClaim(n);
    n.step(new MeshEvent.IdTaken(slot(1)));
    n.advanceBy(MeshConfig.defaults().connectTimeoutMillis());
    n.step(new MeshEvent.IdClaimed(slot(2)));
    n.advanceBy(MeshConfig.defaults().probeMillis());
    n.step(new MeshEvent.IdTaken(slot(1)));
    n.step(new MeshEvent.Connected(slot(2), slot(1), false));
    long claims = n.claimsOf(slot(1));
    n.step(new MeshEvent.MeetingEnded(slot(2), slot(1), MeetingVerdict.MET));
    n.advanceBy(MEETING + MeshConfig.defaults().probeMillis());
    assertThat(n.claimsOf(slot(1))).isGreaterThan(claims);
  }

  @Test
  void shouldHandOffIncomingLinksOnItsSlotAtMostFourAtOnce() {
    NodeHarness n = node(5);
    startToFirstClaim(n);
    n.step(new MeshEvent.IdClaimed(slot(1)));
    for (int i = 0; i < MeetingUnit.MAX_INBOUND_MEETINGS; i++) {
      String peer = discoveryId("00000000-0000-4000-8000-00000000000" + i);
      n.step(new MeshEvent.Connected(slot(1), peer, true));
      assertThat(n.lastOf(Effect.HandOff.class)).containsExactly(new Effect.HandOff(LABEL, slot(1), peer, true));
    }
    String fifth = discoveryId(OTHER);
    n.step(new MeshEvent.Connected(slot(1), fifth, true));
    assertThat(n.lastOf(Effect.HandOff.class)).isEmpty();
    assertThat(n.lastOf(Effect.Disconnect.class)).containsExactly(new Effect.Disconnect(slot(1), fifth));
    // One proves to be someone else: its place is free again.
    n.step(new MeshEvent.MeetingEnded(slot(1), discoveryId("00000000-0000-4000-8000-000000000000"),
        MeetingVerdict.REFUSED));
    n.step(new MeshEvent.Connected(slot(1), fifth, true));
    assertThat(n.lastOf(Effect.HandOff.class)).hasSize(1);
    // Places also free up when their time is over.
    n.advanceBy(MEETING);
    n.step(new MeshEvent.Connected(slot(1), discoveryId("00000000-0000-4000-8000-0000000000cc"), true));
    assertThat(n.lastOf(Effect.HandOff.class)).hasSize(1);
  }

  @Test
  void shouldCloseLinksToItsDiscoveryIdAndToSlotsItDoesNotHold() {
    NodeHarness n = node(6);
    n.startAndOpen();
    n.step(new MeshEvent.Connected(discoveryId(ME), discoveryId(OTHER), true));
    assertThat(n.lastOf(Effect.Disconnect.class)).hasSize(1);
    assertThat(n.lastOf(Effect.HandOff.class)).isEmpty();
  }

  @Test
  void shouldMeetAPeerOnALowerSlotThroughTheProbe() {
    NodeHarness n = node(7);
    startToFirstClaim(n);
    // Slot 1 does not answer in time (the other peer's connect was slow): we end up holding slot 2.
    n.step(new MeshEvent.IdTaken(slot(1)));
    n.advanceBy(MeshConfig.defaults().connectTimeoutMillis());
    n.step(new MeshEvent.IdClaimed(slot(2)));
    assertThat(n.routerId()).isEqualTo(slot(2));
    long claimsBefore = n.claimsOf(slot(1));
    n.advanceBy(MeshConfig.defaults().probeMillis());
    assertThat(n.claimsOf(slot(1))).isEqualTo(claimsBefore + 1);
    n.step(new MeshEvent.IdTaken(slot(1)));
    assertThat(n.lastOf(Effect.Connect.class)).containsExactly(new Effect.Connect(slot(2), slot(1)));
    n.step(new MeshEvent.Connected(slot(2), slot(1), false));
    assertThat(n.lastOf(Effect.HandOff.class)).containsExactly(new Effect.HandOff(LABEL, slot(2), slot(1), false));
    // While the application decides, no further probe; after a refusal slot 1 is never tried again.
    n.advanceBy(MEETING - 1);
    assertThat(n.claimsOf(slot(1))).isEqualTo(claimsBefore + 1);
    n.step(new MeshEvent.MeetingEnded(slot(2), slot(1), MeetingVerdict.REFUSED));
    n.advanceBy(5 * 60_000);
    assertThat(n.claimsOf(slot(1))).isEqualTo(claimsBefore + 1);
    assertThat(n.routerId()).isEqualTo(slot(2));
  }

  @Test
  void shouldSearchAgainWhenItsSlotIsLost() {
    NodeHarness n = node(8);
    startToFirstClaim(n);
    n.step(new MeshEvent.IdClaimed(slot(1)));
    n.step(new MeshEvent.IdLost(slot(1)));
    // The Discovery ID (given up while holding the slot) is claimed again first: searches connect from it.
    assertThat(n.lastOf(Effect.ClaimId.class)).extracting(Effect.ClaimId::id).containsExactly(discoveryId(ME));
    n.step(new MeshEvent.IdClaimed(discoveryId(ME)));
    n.advanceBy(MeshConfig.defaults().jitterMillis());
    assertThat(n.claimsOf(slot(1))).isEqualTo(2);
  }

  @Test
  void shouldReleaseEveryIdWhenRemoved() {
    NodeHarness n = node(9);
    startToFirstClaim(n);
    n.step(new MeshEvent.IdClaimed(slot(1)));
    List<Effect> out = n.step(new MeshEvent.RemoveNamespace(LABEL));
    assertThat(out).contains(new Effect.ReleaseId(slot(1)));
    assertThat(n.node.namespaces()).isEmpty();
  }
}
