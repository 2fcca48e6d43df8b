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
}
