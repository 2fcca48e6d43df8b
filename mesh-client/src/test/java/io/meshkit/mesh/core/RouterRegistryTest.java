package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static io.meshkit.mesh.core.NodeHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouterRegistryTest {

  static NodeHarness routerWith(String... uuids) {
    NodeHarness r = new NodeHarness("aaaaaaaa");
    r.becomeRouter();
    for (String u : uuids) {
      checkIn(r, u);
    }
    r.advanceBy(r.config.pushDelayMillis());
    return r;
  }

  static void checkIn(NodeHarness r, String u) {
    r.step(new MeshEvent.Connected(discoveryId(u), true));
    r.step(new MeshEvent.Received(discoveryId(u), new MeshMessage.CheckIn(member(u))));
  }

  @Test
  void shouldWelcomeACheckInWithTheWholeRegistry() {
    NodeHarness r = routerWith("bbbbbbbb");
    checkIn(r, "cccccccc");
    assertThat(r.lastSends(MeshMessage.Welcome.class)).containsExactly(new Effect.Send(discoveryId("cccccccc"),
        new MeshMessage.Welcome(1, discoveryId("aaaaaaaa"), 1,
            List.of(member("aaaaaaaa"), member("bbbbbbbb"), member("cccccccc")))));
  }

  @Test
  void shouldPushOnlyTheChangeToEveryMemberAfterThePushDelay() {
    NodeHarness r = routerWith("bbbbbbbb", "cccccccc");
    checkIn(r, "dddddddd");
    assertThat(r.lastSends(MeshMessage.Delta.class)).isEmpty();
    r.advanceBy(r.config.pushDelayMillis());
    MeshMessage.Delta d = new MeshMessage.Delta(2, List.of(member("dddddddd")), List.of());
    assertThat(r.lastSends(MeshMessage.Delta.class)).containsExactlyInAnyOrder(
        new Effect.Send(discoveryId("bbbbbbbb"), d), new Effect.Send(discoveryId("cccccccc"), d),
        new Effect.Send(discoveryId("dddddddd"), d));
  }

  @Test
  void shouldBatchChangesWithinThePushDelayIntoOneDelta() {
    NodeHarness r = routerWith("bbbbbbbb");
    checkIn(r, "cccccccc");
    checkIn(r, "dddddddd");
    r.step(new MeshEvent.Disconnected(discoveryId("bbbbbbbb")));
    r.advanceBy(r.config.pushDelayMillis());
    assertThat(r.lastSends(MeshMessage.Delta.class)).extracting(Effect.Send::message).containsOnly(
        new MeshMessage.Delta(2, List.of(member("cccccccc"), member("dddddddd")), List.of(discoveryId("bbbbbbbb"))));
  }

  @Test
  void shouldKeepDeltaSizeIndependentOfRegistrySize() {
    NodeHarness small = routerWith("bbbbbbbb");
    NodeHarness large = routerWith("bbbbbbbb", "cccccccc", "dddddddd", "eeeeeeee", "ffffffff", "gggggggg");
    checkIn(small, "zzzzzzzz");
    checkIn(large, "zzzzzzzz");
    small.advanceBy(100);
    large.advanceBy(100);
    int smallDelta = MeshWire.size(small.lastSends(MeshMessage.Delta.class).get(0).message());
    int largeDelta = MeshWire.size(large.lastSends(MeshMessage.Delta.class).get(0).message());
    assertThat(largeDelta).isEqualTo(smallDelta);
    assertThat(large.lastSends(MeshMessage.Delta.class)).hasSize(7);
  }

  @Test
  void shouldDropAMemberWhoseLinkCloses() {
    NodeHarness r = routerWith("bbbbbbbb", "cccccccc");
    r.step(new MeshEvent.Disconnected(discoveryId("bbbbbbbb")));
    assertThat(r.node.network()).containsExactly(member("cccccccc"));
  }

  @Test
  void shouldExpireMembersSilentForTheTtlAtAHeartbeat() {
    NodeHarness r = routerWith("bbbbbbbb", "cccccccc");
    r.advanceBy(r.config.heartbeatMillis());
    assertThat(r.lastSends(MeshMessage.Ping.class)).hasSize(2);
    r.step(new MeshEvent.Received(discoveryId("cccccccc"), new MeshMessage.Pong()));
    r.advanceBy(r.config.heartbeatMillis());
    // bbbbbbbb was last heard 120 s ago (> TTL 90 s); cccccccc 60 s ago.
    assertThat(r.allOf(Effect.Disconnect.class)).containsExactly(new Effect.Disconnect(discoveryId("bbbbbbbb")));
    assertThat(r.node.network()).containsExactly(member("cccccccc"));
    assertThat(r.allOf(Effect.Send.class)).extracting(Effect.Send::message)
        .contains(new MeshMessage.Delta(2, List.of(), List.of(discoveryId("bbbbbbbb"))));
  }

  @Test
  void shouldRefuseACheckInThatNamesAnotherId() {
    NodeHarness r = routerWith();
    r.step(new MeshEvent.Connected(discoveryId("bbbbbbbb"), true));
    r.step(new MeshEvent.Received(discoveryId("bbbbbbbb"), new MeshMessage.CheckIn(member("cccccccc"))));
    assertThat(r.last).containsExactly(new Effect.Disconnect(discoveryId("bbbbbbbb")));
    assertThat(r.node.network()).isEmpty();
  }

  @Test
  void shouldRefuseCheckInsBeyondMaxMembers() {
    MeshConfig cfg = MeshConfig.defaults(NodeHarness.PREFIX);
    cfg = new MeshConfig(cfg.prefix(), cfg.heartbeatMillis(), cfg.ttlMillis(), cfg.jitterMillis(),
        cfg.cleanJitterMillis(), cfg.handoverDelayMillis(), cfg.connectTimeoutMillis(), cfg.maxSlots(),
        cfg.heldIdMillis(), cfg.recheckGraceMillis(), cfg.pushDelayMillis(), cfg.releaseGraceMillis(), 2);
    NodeHarness r = new NodeHarness("aaaaaaaa", cfg, 1);
    r.becomeRouter();
    checkIn(r, "bbbbbbbb");
    checkIn(r, "cccccccc");
    assertThat(r.last).containsExactly(new Effect.Disconnect(discoveryId("cccccccc")));
  }

  @Test
  void shouldResendTheSnapshotOnResync() {
    NodeHarness r = routerWith("bbbbbbbb");
    r.step(new MeshEvent.Received(discoveryId("bbbbbbbb"), new MeshMessage.Resync()));
    assertThat(r.lastSends(MeshMessage.Welcome.class)).hasSize(1);
  }

  @Test
  void shouldDropImportedMembersThatDoNotRecheckInWithinTheGrace() {
    NodeHarness h = FailoverTest.attached("bbbbbbbb", 1, 1, "cccccccc", "dddddddd");
    h.step(new MeshEvent.Disconnected(slot(1)));
    h.advanceBy(0);
    h.step(new MeshEvent.IdClaimed(slot(2)));
    assertThat(h.node.network()).containsExactly(member("cccccccc"), member("dddddddd"));
    checkIn(h, "cccccccc");
    h.advanceBy(h.config.recheckGraceMillis());
    assertThat(h.node.network()).containsExactly(member("cccccccc"));
  }

  @Test
  void shouldImportALosingRoutersMembersAsProvisional() {
    NodeHarness r = routerWith("bbbbbbbb");
    r.step(new MeshEvent.Received(discoveryId("bbbbbbbb"), new MeshMessage.Merge(List.of(member("eeeeeeee")))));
    r.advanceBy(r.config.pushDelayMillis());
    assertThat(r.node.network()).containsExactly(member("bbbbbbbb"), member("eeeeeeee"));
    assertThat(r.lastSends(MeshMessage.Delta.class)).extracting(Effect.Send::message)
        .containsOnly(new MeshMessage.Delta(2, List.of(member("eeeeeeee")), List.of()));
  }

  @Test
  void shouldIgnoreAMergeFromAnUnknownLink() {
    NodeHarness r = routerWith("bbbbbbbb");
    r.step(new MeshEvent.Received(discoveryId("zzzzzzzz"), new MeshMessage.Merge(List.of(member("eeeeeeee")))));
    assertThat(r.node.network()).containsExactly(member("bbbbbbbb"));
  }
}
