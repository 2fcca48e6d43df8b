package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static io.meshkit.mesh.core.NodeHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.MeshMessage;
import io.meshkit.mesh.core.wire.MeshWire;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The router's registry: welcomes, deltas, heartbeat, provisional entries (docs/PROTOCOL.md §8). */
class RouterRegistryTest {

  static NodeHarness routerWith(String... uuids) {
    NodeHarness r = new NodeHarness("aaaaaaaa");
    r.becomeRouter();
    for (String u : uuids) {
      r.checkIn(u);
    }
    r.advanceBy(r.config.pushDelayMillis());
    return r;
  }

  private static List<Member> members(List<Effect.Send> welcomes) {
    List<Member> out = new ArrayList<>();
    for (Effect.Send s : welcomes) {
      for (Entry e : ((MeshMessage.Welcome) s.message()).entries()) {
        out.add(e.member());
      }
    }
    return out;
  }

  @Test
  void shouldWelcomeACheckInWithTheWholeRegistryOnItsLink() {
    NodeHarness r = routerWith("bbbbbbbb");
    r.checkIn("cccccccc");
    List<Effect.Send> welcomes = r.lastSends(MeshMessage.Welcome.class);
    assertThat(welcomes).allMatch(s -> s.localId().equals(slot(1)) && s.remoteId().equals(discoveryId("cccccccc")));
    assertThat(members(welcomes)).containsExactly(member("aaaaaaaa"), member("bbbbbbbb"), member("cccccccc"));
    MeshMessage.Welcome w = (MeshMessage.Welcome) welcomes.get(0).message();
    assertThat(w.slot()).isEqualTo(1);
    assertThat(w.routerDiscoveryId()).isEqualTo(discoveryId("aaaaaaaa"));
    assertThat(w.version()).isEqualTo(1);
    assertThat(w.entries().get(2).lastSeen()).as("the router's wall clock at the check-in")
        .isEqualTo(NodeHarness.WALL + r.now);
  }

  @Test
  void shouldPushOnlyTheChangeToEveryMemberAfterThePushDelay() {
    NodeHarness r = routerWith("bbbbbbbb", "cccccccc");
    r.checkIn("dddddddd");
    assertThat(r.lastSends(MeshMessage.Delta.class)).isEmpty();
    r.advanceBy(r.config.pushDelayMillis());
    List<Effect.Send> deltas = r.lastSends(MeshMessage.Delta.class);
    assertThat(deltas).extracting(Effect.Send::remoteId).containsExactlyInAnyOrder(discoveryId("bbbbbbbb"),
        discoveryId("cccccccc"), discoveryId("dddddddd"));
    MeshMessage.Delta d = (MeshMessage.Delta) deltas.get(0).message();
    assertThat(d.version()).isEqualTo(2);
    assertThat(d.upserts()).extracting(Entry::member).containsExactly(member("dddddddd"));
    assertThat(d.removed()).isEmpty();
  }

  @Test
  void shouldBatchChangesWithinThePushDelayIntoOneDelta() {
    NodeHarness r = routerWith("bbbbbbbb");
    r.checkIn("cccccccc");
    r.checkIn("dddddddd");
    r.step(new MeshEvent.Disconnected(slot(1), discoveryId("bbbbbbbb")));
    r.advanceBy(r.config.pushDelayMillis());
    assertThat(r.lastSends(MeshMessage.Delta.class)).extracting(Effect.Send::message)
        .allSatisfy(m -> {
          MeshMessage.Delta d = (MeshMessage.Delta) m;
          assertThat(d.version()).isEqualTo(2);
          assertThat(d.upserts()).extracting(Entry::member).containsExactly(member("cccccccc"), member("dddddddd"));
          assertThat(d.removed()).containsExactly(discoveryId("bbbbbbbb"));
        });
  }

  @Test
  void shouldKeepDeltaSizeIndependentOfRegistrySize() {
    NodeHarness small = routerWith("bbbbbbbb");
    NodeHarness large = routerWith("bbbbbbbb", "cccccccc", "dddddddd", "eeeeeeee", "ffffffff", "gggggggg");
    small.advanceTo(1_000);
    large.advanceTo(1_000);
    small.checkIn("zzzzzzzz");
    large.checkIn("zzzzzzzz");
    small.advanceBy(100);
    large.advanceBy(100);
    int smallDelta = MeshWire.size(small.lastSends(MeshMessage.Delta.class).get(0).message());
    int largeDelta = MeshWire.size(large.lastSends(MeshMessage.Delta.class).get(0).message());
    assertThat(largeDelta).isEqualTo(smallDelta);
    assertThat(large.lastSends(MeshMessage.Delta.class)).hasSize(7);
  }

  @Test
  void shouldSplitALargeRegistryIntoWelcomePartsUnderTheLimit() {
    NodeHarness r = new NodeHarness("aaaaaaaa");
    r.becomeRouter();
    for (int i = 0; i < 300; i++) {
      r.checkIn(String.format("m%07d", i));
    }
    r.checkIn("zzzzzzzz");
    List<Effect.Send> parts = r.lastSends(MeshMessage.Welcome.class);
    assertThat(parts.size()).isGreaterThan(1);
    assertThat(parts).allMatch(s -> MeshWire.size(s.message()) <= MeshWire.MAX_MESSAGE_BYTES);
    assertThat(members(parts)).hasSize(302).contains(member("zzzzzzzz"));
    r.advanceBy(r.config.pushDelayMillis());
    // The start storm of 301 check-ins becomes deltas under the limit too, with consecutive versions.
    assertThat(r.allSends(MeshMessage.Delta.class)).allMatch(s -> MeshWire.size(s.message()) <= MeshWire.MAX_MESSAGE_BYTES);
  }

  @Test
  void shouldDropAMemberWhoseLinkCloses() {
    NodeHarness r = routerWith("bbbbbbbb", "cccccccc");
    r.step(new MeshEvent.Disconnected(slot(1), discoveryId("bbbbbbbb")));
    assertThat(r.network()).containsExactly(member("cccccccc"));
  }

  @Test
  void shouldExpireMembersSilentForTheTtlAndPingOnlyTheSilentOnes() {
    NodeHarness r = routerWith("bbbbbbbb", "cccccccc");
    r.advanceBy(r.config.heartbeatMillis() - 1_000);
    r.step(new MeshEvent.Received(slot(1), discoveryId("cccccccc"), new MeshMessage.Ping(MeshMessage.ABSENT)));
    assertThat(r.last).containsExactly(new Effect.Send(slot(1), discoveryId("cccccccc"), new MeshMessage.Pong(1)));
    r.advanceBy(1_000);
    assertThat(r.lastSends(MeshMessage.Ping.class)).extracting(Effect.Send::remoteId)
        .containsExactly(discoveryId("bbbbbbbb"));
    r.step(new MeshEvent.Received(slot(1), discoveryId("cccccccc"), new MeshMessage.Ping(MeshMessage.ABSENT)));
    r.advanceBy(r.config.heartbeatMillis());
    // bbbbbbbb was last heard 120 s ago (> TTL 90 s); cccccccc 60 s ago.
    assertThat(r.allOf(Effect.Disconnect.class)).containsExactly(new Effect.Disconnect(slot(1), discoveryId("bbbbbbbb")));
    assertThat(r.network()).containsExactly(member("cccccccc"));
    r.advanceBy(r.config.pushDelayMillis());
    assertThat(r.lastSends(MeshMessage.Delta.class)).extracting(s -> ((MeshMessage.Delta) s.message()).removed())
        .containsOnly(List.of(discoveryId("bbbbbbbb")));
  }

  @Test
  void shouldResendTheSnapshotOnResync() {
    NodeHarness r = routerWith("bbbbbbbb");
    r.step(new MeshEvent.Received(slot(1), discoveryId("bbbbbbbb"), new MeshMessage.Resync()));
    assertThat(r.lastSends(MeshMessage.Welcome.class)).hasSize(1);
  }

  @Test
  void shouldDropImportedMembersThatDoNotRecheckInWithinTheGrace() {
    NodeHarness h = FailoverTest.attached("bbbbbbbb", 1, 1, "bbbbbbbb", "cccccccc", "dddddddd");
    h.step(new MeshEvent.Disconnected(h.me(), slot(1)));
    h.advanceBy(0);
    h.step(new MeshEvent.IdClaimed(slot(2)));
    assertThat(h.network()).containsExactly(member("cccccccc"), member("dddddddd"));
    h.checkInAt(2, "cccccccc");
    h.advanceBy(h.config.recheckGraceMillis());
    assertThat(h.network()).containsExactly(member("cccccccc"));
  }

  @Test
  void shouldDesignateTheLongestServingMemberAndPushAChange() {
    NodeHarness r = routerWith("cccccccc");
    r.advanceBy(10);
    r.checkIn("bbbbbbbb");
    MeshMessage.Welcome w = (MeshMessage.Welcome) r.lastSends(MeshMessage.Welcome.class).get(0).message();
    assertThat(w.successor()).isEqualTo(discoveryId("cccccccc"));
    r.step(new MeshEvent.Disconnected(slot(1), discoveryId("cccccccc")));
    r.advanceBy(r.config.pushDelayMillis());
    MeshMessage.Delta d = (MeshMessage.Delta) r.lastSends(MeshMessage.Delta.class).get(0).message();
    assertThat(d.successor()).isEqualTo(discoveryId("bbbbbbbb"));
  }

  @Test
  void shouldKeepATransportIdAMinimalReCheckInDoesNotRepeat() {
    NodeHarness r = routerWith("bbbbbbbb");
    r.step(new MeshEvent.Received(slot(1), discoveryId("bbbbbbbb"),
        new MeshMessage.CheckIn(MeshMessage.ABSENT, discoveryId("bbbbbbbb"), "name-bbbbbbbb", null, null)));
    assertThat(r.network()).containsExactly(member("bbbbbbbb"));
  }

  @Test
  void shouldEvictAMemberSilentForExactlyTheTtlAtAHeartbeat() {
    NodeHarness r = new NodeHarness("aaaaaaaa");
    r.becomeRouter();
    long start = r.now; // heartbeats at start + 60 s, + 120 s, …
    r.advanceTo(start + 2 * r.config.heartbeatMillis() - r.config.ttlMillis());
    r.checkIn("bbbbbbbb"); // silent from here on: exactly the TTL at the second heartbeat
    r.advanceTo(start + 2 * r.config.heartbeatMillis() - 1);
    assertThat(r.network()).containsExactly(member("bbbbbbbb"));
    r.advanceTo(start + 2 * r.config.heartbeatMillis());
    assertThat(r.network()).isEmpty();
    assertThat(r.last).as("closed without a refusal: it is presumed gone")
        .contains(new Effect.Disconnect(slot(1), discoveryId("bbbbbbbb")))
        .noneMatch(e -> e instanceof Effect.Send s && s.message() instanceof MeshMessage.Refused);
  }

  @Test
  void shouldKeepTheLongestTenureWhenTheRouterMovesToALowerSlot() {
    NodeHarness r = new NodeHarness("rrrrrrrr");
    r.startAndOpen();
    r.advanceBy(0);
    r.step(new MeshEvent.IdTaken(slot(1)));
    r.step(new MeshEvent.ConnectFailed(r.me(), slot(1)));
    r.step(new MeshEvent.IdClaimed(slot(2)));
    r.checkInAt(2, "cccccccc");
    r.advanceBy(10);
    r.checkInAt(2, "bbbbbbbb"); // cccccccc has served longer
    r.advanceTo(r.config.probeMillis());
    r.step(new MeshEvent.IdClaimed(slot(1))); // moved to slot 1; bbbbbbbb re-checks in there first
    r.checkInAt(1, "bbbbbbbb");
    r.advanceBy(10);
    r.checkInAt(1, "cccccccc");
    MeshMessage.Welcome w = (MeshMessage.Welcome) r.lastSends(MeshMessage.Welcome.class).get(0).message();
    assertThat(w.successor()).isEqualTo(discoveryId("cccccccc"));
  }
}
