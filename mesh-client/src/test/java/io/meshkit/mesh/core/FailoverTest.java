package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static io.meshkit.mesh.core.NodeHarness.slot;
import static io.meshkit.mesh.core.NodeHarness.welcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Failover (docs/PROTOCOL.md §7.4, §7.7, §8.6, §8.7). */
class FailoverTest {

  /**
   * A member of router "aaaaaaaa" at {@code routerSlot}, which designated {@code successor} (null: none), knowing the
   * given other members.
   */
  static NodeHarness attached(String uuid, long seed, int routerSlot, String successor, String... others) {
    NodeHarness h = new NodeHarness(uuid, MeshConfig.defaults(), seed);
    h.startAndOpen();
    h.advanceBy(0);
    if (routerSlot > 1) {
      h.step(new MeshEvent.IdTaken(slot(1)));
      h.step(new MeshEvent.ConnectFailed(h.me(), slot(1)));
    }
    h.step(new MeshEvent.IdTaken(slot(routerSlot)));
    h.step(new MeshEvent.Connected(h.me(), slot(routerSlot), false));
    List<String> all = new ArrayList<>(List.of("aaaaaaaa", uuid));
    all.addAll(List.of(others));
    h.step(new MeshEvent.Received(h.me(), slot(routerSlot),
        welcome(routerSlot, "aaaaaaaa", 1, successor, all.toArray(String[]::new))));
    assertThat(h.role()).isEqualTo(Role.PEER);
    return h;
  }

  @Test
  void shouldSkipTheLostRoutersHeldSlotAndClaimTheNext() {
    // Silent loss: ICE says disconnected after ~5 s while the server still holds slot 1 for alive_timeout.
    NodeHarness h = attached("cccccccc", 7, 1, null, "bbbbbbbb");
    h.now += 5_000;
    h.step(new MeshEvent.Disconnected(h.me(), slot(1)));
    h.advanceBy(h.config.jitterMillis());
    assertThat(h.allOf(Effect.ClaimId.class)).contains(new Effect.ClaimId(slot(2)));
    assertThat(h.claimsOf(slot(1))).isEqualTo(1);
    h.step(new MeshEvent.IdClaimed(slot(2)));
    // The new router imports its cached registry, without the lost router.
    assertThat(h.role()).isEqualTo(Role.ROUTER);
    assertThat(h.network()).containsExactly(member("bbbbbbbb"));
  }

  @Test
  void shouldLetTheRoutersDesignatedSuccessorGoAtOnceAndTheOthersAfterJitter() {
    NodeHarness successor = attached("cccccccc", 1, 1, "cccccccc", "bbbbbbbb");
    successor.step(new MeshEvent.Disconnected(successor.me(), slot(1)));
    successor.advanceBy(0);
    assertThat(successor.last).contains(new Effect.ClaimId(slot(2)));

    Set<Long> delays = new HashSet<>();
    for (long seed = 1; seed <= 20; seed++) {
      NodeHarness other = attached("bbbbbbbb", seed, 1, "cccccccc", "cccccccc");
      other.step(new MeshEvent.Disconnected(other.me(), slot(1)));
      long delay = electionDelay(other);
      assertThat(delay).isBetween(0L, other.config.jitterMillis());
      delays.add(delay);
    }
    assertThat(delays).as("jitter comes from the seeded source").hasSizeGreaterThan(10);
  }

  @Test
  void shouldNotLetASelfDeclaredLowUuidJumpTheQueue() {
    // Part 1 let the lowest discovery UUID go first; anyone could declare 00000000. Now only the router names it.
    Set<Long> delays = new HashSet<>();
    for (long seed = 1; seed <= 10; seed++) {
      NodeHarness low = attached("00000000", seed, 1, "cccccccc", "cccccccc");
      low.step(new MeshEvent.Disconnected(low.me(), slot(1)));
      delays.add(electionDelay(low));
    }
    assertThat(delays).as("waits a jitter like everyone not designated").hasSizeGreaterThan(5);
  }

  private static long electionDelay(NodeHarness h) {
    return h.lastOf(Effect.ScheduleAt.class).stream().filter(s -> s.key().kind() == TimerKey.Kind.ELECTION)
        .findFirst().orElseThrow().atMillis() - h.now;
  }

  @Test
  void shouldReclaimTheSameSlotQuicklyAfterACleanExit() {
    NodeHarness h = attached("bbbbbbbb", 3, 1, null, "cccccccc");
    h.step(new MeshEvent.Received(h.me(), slot(1), new MeshMessage.Leaving(discoveryId("bbbbbbbb"))));
    h.advanceBy(h.config.handoverDelayMillis());
    assertThat(h.last).contains(new Effect.ClaimId(slot(1)));
    h.step(new MeshEvent.IdClaimed(slot(1)));
    assertThat(h.routerId()).isEqualTo(slot(1));
    assertThat(h.network()).containsExactly(member("cccccccc"));
  }

  @Test
  void shouldWaitTheCleanJitterWhenNotTheSuccessor() {
    NodeHarness h = attached("cccccccc", 3, 1, null, "bbbbbbbb");
    h.step(new MeshEvent.Received(h.me(), slot(1), new MeshMessage.Leaving(discoveryId("bbbbbbbb"))));
    assertThat(electionDelay(h)).isBetween(h.config.handoverDelayMillis(),
        h.config.handoverDelayMillis() + h.config.cleanJitterMillis());
  }

  @Test
  void shouldSayGoodbyeNamingTheLongestServingMemberOnRouterStop() {
    NodeHarness r = new NodeHarness("aaaaaaaa");
    r.becomeRouter();
    for (String u : List.of("dddddddd", "00000000", "cccccccc")) {
      r.checkIn(u);
      r.advanceBy(10);
    }
    r.step(new MeshEvent.Stop());
    MeshMessage.Leaving bye = new MeshMessage.Leaving(discoveryId("dddddddd"));
    assertThat(r.lastSends(MeshMessage.Leaving.class)).containsExactlyInAnyOrder(
        new Effect.Send(slot(1), discoveryId("00000000"), bye), new Effect.Send(slot(1), discoveryId("cccccccc"), bye),
        new Effect.Send(slot(1), discoveryId("dddddddd"), bye));
    assertThat(r.last).contains(new Effect.ReleaseId(slot(1)), new Effect.ReleaseId(discoveryId("aaaaaaaa")));
    // Goodbyes go out before the IDs (and so the links) are released.
    assertThat(r.last.indexOf(new Effect.ReleaseId(slot(1))))
        .isGreaterThan(r.last.indexOf(new Effect.Send(slot(1), discoveryId("dddddddd"), bye)));
    assertThat(r.last.get(r.last.size() - 1)).isEqualTo(new Effect.Notify(new Notification.Stopped()));
  }

  @Test
  void shouldTreatARouterSilentForTheTtlAsLost() {
    NodeHarness h = attached("cccccccc", 3, 1, null, "bbbbbbbb");
    h.advanceBy(h.config.ttlMillis() - 1);
    assertThat(h.allOf(Effect.Disconnect.class)).isEmpty();
    h.advanceBy(1);
    assertThat(h.last).contains(new Effect.Disconnect(h.me(), slot(1)));
  }

  @Test
  void shouldPingTheRouterEveryHeartbeatAndKeepItWhileItAnswers() {
    NodeHarness h = attached("cccccccc", 3, 1, null, "bbbbbbbb");
    for (int i = 0; i < 5; i++) {
      h.advanceBy(h.config.heartbeatMillis());
      assertThat(h.lastSends(MeshMessage.Ping.class))
          .containsExactly(new Effect.Send(h.me(), slot(1), new MeshMessage.Ping(MeshMessage.ABSENT)));
      h.step(new MeshEvent.Received(h.me(), slot(1), new MeshMessage.Pong(1)));
    }
    assertThat(h.allOf(Effect.Disconnect.class)).isEmpty();
    assertThat(h.routerId()).isEqualTo(slot(1));
  }

  @Test
  void shouldAnswerTheRoutersPingAndAskForASnapshotWhenBehind() {
    NodeHarness h = attached("cccccccc", 3, 1, null, "bbbbbbbb");
    h.step(new MeshEvent.Received(h.me(), slot(1), new MeshMessage.Ping(1)));
    assertThat(h.last).containsExactly(new Effect.Send(h.me(), slot(1), new MeshMessage.Pong(MeshMessage.ABSENT)));
    h.step(new MeshEvent.Received(h.me(), slot(1), new MeshMessage.Ping(3)));
    assertThat(h.last).contains(new Effect.Send(h.me(), slot(1), new MeshMessage.Resync()));
    h.step(new MeshEvent.Received(h.me(), slot(1), new MeshMessage.Pong(4)));
    assertThat(h.lastSends(MeshMessage.Resync.class)).as("not twice within the snapshot refill").isEmpty();
  }

  // ---------------------------------------------------------------- IDs lost on the signaling server (§3.1)

  @Test
  void shouldSearchAgainWithoutMarkingItsRouterWhenItsDiscoveryIdIsLost() {
    NodeHarness h = attached("cccccccc", 3, 1, null, "bbbbbbbb");
    h.step(new MeshEvent.IdLost(h.me()));
    // The router link went with the ID; we claim it again and search only once we hold it.
    assertThat(h.last).contains(new Effect.Disconnect(h.me(), slot(1)), new Effect.ClaimId(h.me()));
    assertThat(h.lastOf(Effect.ClaimId.class)).containsExactly(new Effect.ClaimId(h.me()));
    h.advanceBy(h.config.jitterMillis());
    assertThat(h.claimsOf(slot(1))).isEqualTo(1);
    assertThat(h.network()).as("the list is kept meanwhile").containsExactly(member("aaaaaaaa"), member("bbbbbbbb"));
    h.step(new MeshEvent.IdClaimed(h.me()));
    h.advanceBy(0);
    // The router did nothing wrong: slot 1 is not marked, the search starts there at once.
    assertThat(h.last).contains(new Effect.ClaimId(slot(1)));
  }

  @Test
  void shouldKeepRoutingWhileItClaimsItsLostDiscoveryIdAgain() {
    NodeHarness r = RouterRegistryTest.routerWith("bbbbbbbb");
    r.step(new MeshEvent.IdLost(r.me()));
    assertThat(r.last).containsExactly(new Effect.ClaimId(r.me()));
    r.step(new MeshEvent.IdClaimed(r.me()));
    assertThat(r.last).isEmpty();
    assertThat(r.role()).isEqualTo(Role.ROUTER);
    r.checkIn("cccccccc");
    assertThat(r.network()).containsExactly(member("bbbbbbbb"), member("cccccccc"));
  }

  @Test
  void shouldSearchOnlyOnceItHoldsItsDiscoveryIdAgainWhenItsSlotIsLostToo() {
    NodeHarness r = RouterRegistryTest.routerWith("bbbbbbbb");
    r.step(new MeshEvent.IdLost(r.me()));
    r.step(new MeshEvent.IdLost(slot(1)));
    r.advanceBy(r.config.jitterMillis());
    assertThat(r.claimsOf(slot(1))).isEqualTo(1);
    r.step(new MeshEvent.IdClaimed(r.me()));
    r.advanceBy(0);
    assertThat(r.last).contains(new Effect.ClaimId(slot(1)));
  }

  @Test
  void shouldSearchAfterTheJitterWhenItsRouterSlotIsLost() {
    NodeHarness r = RouterRegistryTest.routerWith("bbbbbbbb");
    r.step(new MeshEvent.IdLost(slot(1)));
    assertThat(r.last).contains(new Effect.Disconnect(slot(1), discoveryId("bbbbbbbb")));
    assertThat(r.role()).isEqualTo(Role.ROUTER); // nothing told while searching
    r.advanceBy(r.config.jitterMillis());
    assertThat(r.claimsOf(slot(1))).as("its slot is not marked: it may be free at once").isEqualTo(2);
    r.step(new MeshEvent.IdClaimed(slot(1)));
    assertThat(r.network()).as("the registry kept as provisional entries").containsExactly(member("bbbbbbbb"));
  }

  @Test
  void shouldBackOffClaimingATakenDiscoveryIdUpToHeldId() {
    NodeHarness h = new NodeHarness("bbbbbbbb");
    h.step(new MeshEvent.Start(NodeHarness.WALL));
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      h.step(new MeshEvent.IdTaken(h.me()));
      long at = h.lastOf(Effect.ScheduleAt.class).get(0).atMillis();
      waits.add(at - h.now);
      h.advanceTo(at);
      assertThat(h.last).containsExactly(new Effect.ClaimId(h.me()));
    }
    long base = h.config.connectTimeoutMillis();
    long held = h.config.heldIdMillis();
    assertThat(waits).containsExactly(base, 2 * base, 4 * base, 8 * base, 16 * base, held, held, held);
    h.step(new MeshEvent.IdClaimed(h.me()));
    h.advanceBy(0);
    assertThat(h.last).contains(new Effect.ClaimId(slot(1)));
    assertThat(h.claimsOf(slot(1))).isEqualTo(1);
  }
}
