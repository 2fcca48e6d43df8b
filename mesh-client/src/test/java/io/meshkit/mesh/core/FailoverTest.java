package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static io.meshkit.mesh.core.NodeHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailoverTest {

  /** A member of the router "aaaaaaaa" at {@code routerSlot}, knowing the given other members. */
  static NodeHarness attached(String uuid, long seed, int routerSlot, String... others) {
    NodeHarness h = new NodeHarness(uuid, MeshConfig.defaults(NodeHarness.PREFIX), seed);
    h.startAndOpen();
    h.advanceBy(0);
    if (routerSlot > 1) {
      h.step(new MeshEvent.IdTaken(slot(1)));
      h.step(new MeshEvent.ConnectFailed(slot(1)));
    }
    h.step(new MeshEvent.IdTaken(slot(routerSlot)));
    h.step(new MeshEvent.Connected(slot(routerSlot), false));
    List<Member> members = new java.util.ArrayList<>(List.of(member("aaaaaaaa"), member(uuid)));
    for (String o : others) {
      members.add(member(o));
    }
    h.step(new MeshEvent.Received(slot(routerSlot), new MeshMessage.Welcome(routerSlot, discoveryId("aaaaaaaa"), 1,
        members)));
    return h;
  }

  @Test
  void shouldSkipTheLostRoutersHeldSlotAndClaimTheNext() {
    // Silent loss: ICE says disconnected after ~5 s while the server still holds slot 1 for alive_timeout.
    NodeHarness h = attached("cccccccc", 7, 1, "bbbbbbbb");
    h.now += 5_000;
    h.step(new MeshEvent.Disconnected(slot(1)));
    h.advanceBy(h.config.jitterMillis());
    assertThat(h.allOf(Effect.ClaimId.class)).contains(new Effect.ClaimId(slot(2)));
    assertThat(h.allOf(Effect.ClaimId.class).stream().filter(c -> c.id().equals(slot(1)))).hasSize(1);
    h.step(new MeshEvent.IdClaimed(slot(2)));
    // The new router imports its cached registry, without the lost router.
    assertThat(h.node.role()).contains(Role.ROUTER);
    assertThat(h.node.network()).containsExactly(member("bbbbbbbb"));
  }

  @Test
  void shouldLetTheLowestUuidGoAtOnceAndTheOthersAfterJitter() {
    NodeHarness successor = attached("bbbbbbbb", 1, 1, "cccccccc");
    successor.step(new MeshEvent.Disconnected(slot(1)));
    successor.advanceBy(0);
    assertThat(successor.last).contains(new Effect.ClaimId(slot(2)));

    Set<Long> delays = new HashSet<>();
    for (long seed = 1; seed <= 20; seed++) {
      NodeHarness other = attached("cccccccc", seed, 1, "bbbbbbbb");
      other.step(new MeshEvent.Disconnected(slot(1)));
      Effect.ScheduleAt election = other.lastOf(Effect.ScheduleAt.class).stream()
          .filter(s -> s.key().kind() == TimerKey.Kind.ELECTION).findFirst().orElseThrow();
      long delay = election.atMillis() - other.now;
      assertThat(delay).isBetween(0L, other.config.jitterMillis());
      delays.add(delay);
    }
    assertThat(delays).as("jitter comes from the seeded source").hasSizeGreaterThan(10);
  }

  @Test
  void shouldReclaimTheSameSlotQuicklyAfterACleanExit() {
    NodeHarness h = attached("bbbbbbbb", 3, 1, "cccccccc");
    h.step(new MeshEvent.Received(slot(1), new MeshMessage.Leaving(discoveryId("bbbbbbbb"))));
    h.advanceBy(h.config.handoverDelayMillis());
    assertThat(h.last).contains(new Effect.ClaimId(slot(1)));
    h.step(new MeshEvent.IdClaimed(slot(1)));
    assertThat(h.node.currentRouterId()).isEqualTo(slot(1));
    assertThat(h.node.network()).containsExactly(member("cccccccc"));
  }

  @Test
  void shouldWaitTheCleanJitterWhenNotTheSuccessor() {
    NodeHarness h = attached("cccccccc", 3, 1, "bbbbbbbb");
    h.step(new MeshEvent.Received(slot(1), new MeshMessage.Leaving(discoveryId("bbbbbbbb"))));
    Effect.ScheduleAt election = h.lastOf(Effect.ScheduleAt.class).get(0);
    assertThat(election.atMillis() - h.now).isBetween(h.config.handoverDelayMillis(),
        h.config.handoverDelayMillis() + h.config.cleanJitterMillis());
  }

  @Test
  void shouldSayGoodbyeWithTheLowestUuidAsSuccessorOnRouterStop() {
    NodeHarness r = new NodeHarness("aaaaaaaa");
    r.becomeRouter();
    for (String u : List.of("dddddddd", "bbbbbbbb", "cccccccc")) {
      r.step(new MeshEvent.Connected(discoveryId(u), true));
      r.step(new MeshEvent.Received(discoveryId(u), new MeshMessage.CheckIn(member(u))));
    }
    r.step(new MeshEvent.Stop());
    MeshMessage.Leaving bye = new MeshMessage.Leaving(discoveryId("bbbbbbbb"));
    assertThat(r.lastSends(MeshMessage.Leaving.class)).containsExactlyInAnyOrder(
        new Effect.Send(discoveryId("bbbbbbbb"), bye), new Effect.Send(discoveryId("cccccccc"), bye),
        new Effect.Send(discoveryId("dddddddd"), bye));
    assertThat(r.last).contains(new Effect.ReleaseId(slot(1)), new Effect.ReleaseId(discoveryId("aaaaaaaa")));
    // Goodbyes go out before the IDs (and so the links) are released.
    assertThat(r.last.indexOf(new Effect.ReleaseId(slot(1))))
        .isGreaterThan(r.last.indexOf(new Effect.Send(discoveryId("dddddddd"), bye)));
    assertThat(r.last.get(r.last.size() - 1)).isEqualTo(new Effect.Notify(new Notification.Stopped()));
  }

  @Test
  void shouldTreatARouterSilentForTheTtlAsLost() {
    NodeHarness h = attached("cccccccc", 3, 1, "bbbbbbbb");
    h.advanceBy(h.config.ttlMillis() - 1);
    assertThat(h.allOf(Effect.Disconnect.class)).isEmpty();
    h.advanceBy(1);
    assertThat(h.last).contains(new Effect.Disconnect(slot(1)));
  }

  @Test
  void shouldKeepTheRouterWhileItPings() {
    NodeHarness h = attached("cccccccc", 3, 1, "bbbbbbbb");
    for (int i = 0; i < 5; i++) {
      h.advanceBy(h.config.heartbeatMillis());
      h.step(new MeshEvent.Received(slot(1), new MeshMessage.Ping(1)));
      assertThat(h.last).containsExactly(new Effect.Send(slot(1), new MeshMessage.Pong()));
    }
    assertThat(h.allOf(Effect.Disconnect.class)).isEmpty();
    assertThat(h.node.currentRouterId()).isEqualTo(slot(1));
  }
}
