package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static io.meshkit.mesh.core.NodeHarness.slot;
import static io.meshkit.mesh.core.NodeHarness.welcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.core.wire.MeshMessage;
import org.junit.jupiter.api.Test;

/**
 * A loaded machine: connects slower than the connect timeout, claims answered late or never. Found in the NAT-lab
 * end-to-end test at load 25: a node whose first connect to the live router on slot 1 timed out kept slot 1 marked
 * dead after it had merged into that router, so when the router left cleanly it skipped slot 1, claimed the slot it
 * still held itself (the adapter never answers a second claim of a held ID) and ended alone on slot 2.
 */
class SlowConnectTest {

  /** "dddddddd": its first connect to slot 1 times out, it becomes router of slot 2, then merges into slot 1. */
  static NodeHarness mergedIntoSlot1AfterATimeout() {
    NodeHarness h = new NodeHarness("dddddddd");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.advanceBy(h.config.connectTimeoutMillis()); // the router on slot 1 is alive, only slow
    assertThat(h.last).contains(new Effect.ClaimId(slot(2)));
    h.step(new MeshEvent.IdClaimed(slot(2)));
    assertThat(h.routerId()).isEqualTo(slot(2));
    h.advanceBy(h.config.probeMillis());
    assertThat(h.claimsOf(slot(1))).isEqualTo(2);
    h.step(new MeshEvent.IdTaken(slot(1)));
    h.step(new MeshEvent.Connected(slot(2), slot(1), false));
    h.step(new MeshEvent.Received(slot(2), slot(1), welcome(1, "aaaaaaaa", 3, null, "aaaaaaaa", "eeeeeeee")));
    h.step(new MeshEvent.Connected(h.me(), slot(1), false));
    h.step(new MeshEvent.Received(h.me(), slot(1), welcome(1, "aaaaaaaa", 3, "dddddddd", "aaaaaaaa", "dddddddd",
        "eeeeeeee")));
    assertThat(h.role()).isEqualTo(Role.PEER);
    assertThat(h.routerId()).isEqualTo(slot(1));
    return h;
  }

  @Test
  void shouldClaimTheSlotOfTheRouterItMergedIntoWhenThatRouterLeavesCleanly() {
    NodeHarness h = mergedIntoSlot1AfterATimeout();
    h.step(new MeshEvent.Received(h.me(), slot(1), new MeshMessage.Leaving(discoveryId("dddddddd"))));
    h.advanceBy(h.config.handoverDelayMillis());
    assertThat(h.last).contains(new Effect.ClaimId(slot(1)));
    h.step(new MeshEvent.IdClaimed(slot(1)));
    assertThat(h.routerId()).isEqualTo(slot(1));
    assertThat(h.network()).containsExactly(member("eeeeeeee"));
  }

  @Test
  void shouldTakeASlotItStillHoldsWithoutClaimingItAgain() {
    NodeHarness h = mergedIntoSlot1AfterATimeout();
    // Within the release grace of slot 2 the router of slot 1 vanishes; slot 1 is now presumed held.
    // We are the designated successor, so we search at once.
    h.step(new MeshEvent.Disconnected(h.me(), slot(1)));
    h.advanceBy(0);
    assertThat(h.role()).isEqualTo(Role.ROUTER);
    assertThat(h.routerId()).isEqualTo(slot(2));
    assertThat(h.claimsOf(slot(2))).isEqualTo(1);
    h.advanceBy(h.config.releaseGraceMillis());
    assertThat(h.allOf(Effect.ReleaseId.class)).doesNotContain(new Effect.ReleaseId(slot(2)));
  }

  @Test
  void shouldDropAnUnansweredClaimAndClaimAfresh() {
    NodeHarness h = new NodeHarness("dddddddd");
    h.startAndOpen();
    h.advanceBy(0);
    assertThat(h.last).contains(new Effect.ClaimId(slot(1)));
    h.advanceBy(h.config.connectTimeoutMillis()); // the signaling server never answers this claim
    assertThat(h.last).contains(new Effect.ReleaseId(slot(1)));
    h.advanceBy(4 * h.config.connectTimeoutMillis());
    assertThat(h.claimsOf(slot(1))).isGreaterThanOrEqualTo(2);
  }

  @Test
  void shouldBackOffTheConnectTimeoutUntilASlowRouterAnswers() {
    NodeHarness h = new NodeHarness("dddddddd");
    h.startAndOpen();
    h.advanceBy(0);
    long base = h.config.connectTimeoutMillis();
    h.step(new MeshEvent.IdTaken(slot(1)));
    assertThat(h.attemptTimeoutDelay()).isEqualTo(base);
    h.advanceBy(base); // slow, not dead
    h.step(new MeshEvent.IdTaken(slot(2))); // slot 2 is held too
    assertThat(h.attemptTimeoutDelay()).isEqualTo(2 * base);
    h.advanceBy(2 * base - 1);
    h.step(new MeshEvent.Connected(h.me(), slot(2), false));
    h.step(new MeshEvent.Received(h.me(), slot(2), welcome(2, "aaaaaaaa", 1, null, "aaaaaaaa", "dddddddd")));
    assertThat(h.routerId()).isEqualTo(slot(2));
    // Repeated timeouts never grow the timeout past the limit.
    NodeHarness g = new NodeHarness("dddddddd");
    g.startAndOpen();
    g.advanceBy(0);
    for (int k = 1; k <= 6; k++) {
      g.step(new MeshEvent.IdTaken(slot(k)));
      long d = g.attemptTimeoutDelay();
      assertThat(d).isLessThanOrEqualTo(base * ConnectBackoff.MAX_FACTOR);
      g.advanceBy(d);
    }
    assertThat(g.attemptTimeoutDelay()).isEqualTo(base * ConnectBackoff.MAX_FACTOR);
  }

  @Test
  void shouldGiveTheConnectAndTheWelcomeOneTimeoutTogether() {
    NodeHarness h = new NodeHarness("dddddddd");
    h.startAndOpen();
    h.advanceBy(0);
    h.step(new MeshEvent.IdTaken(slot(1)));
    long base = h.config.connectTimeoutMillis();
    h.advanceBy(base - 100);
    h.step(new MeshEvent.Connected(h.me(), slot(1), false)); // opened late: 100 ms left for the welcome
    h.advanceBy(99);
    assertThat(h.claimsOf(slot(2))).isZero();
    h.advanceBy(1);
    assertThat(h.last).contains(new Effect.Disconnect(h.me(), slot(1)), new Effect.ClaimId(slot(2)));
  }

  @Test
  void shouldDecayTheTimeoutByAnEighthRoundedDownWithinItsBounds() {
    // docs/PROTOCOL.md §6.1: rto = min(8 base, max(base, 2 took, rto - floor(rto / 8))), integer milliseconds.
    ConnectBackoff b = new ConnectBackoff(3_000);
    b.missed();
    b.missed();
    assertThat(b.timeout()).isEqualTo(12_000);
    b.answered(0);
    assertThat(b.timeout()).isEqualTo(10_500);
    b.answered(0);
    assertThat(b.timeout()).isEqualTo(10_500 - 1_312);
    b.answered(5_000);
    assertThat(b.timeout()).isEqualTo(10_000);
    b.answered(20_000);
    assertThat(b.timeout()).isEqualTo(24_000);
    for (int i = 0; i < 20; i++) {
      b.answered(0);
    }
    assertThat(b.timeout()).isEqualTo(3_000);
  }

  @Test
  void shouldLetATakenMergeDecayTheTimeout() {
    NodeHarness r = SplitBrainTest.routerAtSlot2();
    r.advanceTo(r.config.probeMillis());
    r.step(new MeshEvent.IdTaken(slot(1)));
    r.advanceBy(r.attemptTimeoutDelay()); // no answer: backed off to 6 s, next round at 10 s
    r.advanceTo(2 * r.config.probeMillis());
    r.step(new MeshEvent.IdTaken(slot(1)));
    assertThat(r.attemptTimeoutDelay()).isEqualTo(6_000);
    r.step(new MeshEvent.Connected(slot(2), slot(1), false));
    r.advanceBy(40);
    r.step(new MeshEvent.Received(slot(2), slot(1), welcome(1, "aaaaaaaa", 3, null, "aaaaaaaa")));
    // Taken after 40 ms: 6,000 - 750; the check-in at slot 1 runs on it.
    assertThat(r.last).contains(new Effect.Connect(r.me(), slot(1)));
    assertThat(r.attemptTimeoutDelay()).isEqualTo(5_250);
  }
}
