package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static io.meshkit.mesh.core.NodeHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may use a router's links, and how much (docs/PROTOCOL.md §8.2, §8.3, §8.5). */
class RouterAdmissionTest {

  private static final Entry FAKE = new Entry(member("eeeeeeee"), 1);

  @Test
  void shouldNotLetAMemberAddAnyoneToAnyonesListWithAForgedMerge() {
    NodeHarness r = RouterRegistryTest.routerWith("bbbbbbbb", "cccccccc");
    int sendsBefore = r.allOf(Effect.Send.class).size();
    // A checked-in member sends a merge claiming any slot: it arrives on a Discovery ID's link.
    for (int slot = 2; slot <= 3; slot++) {
      r.step(new MeshEvent.Received(slot(1), discoveryId("bbbbbbbb"), new MeshMessage.Merge(2, slot, List.of(FAKE))));
    }
    r.advanceBy(r.config.pushDelayMillis() + r.config.recheckGraceMillis());
    assertThat(r.network()).containsExactly(member("bbbbbbbb"), member("cccccccc"));
    // Nobody was told anything new: no delta, no welcome went out because of it.
    assertThat(r.allOf(Effect.Send.class).subList(sendsBefore, r.allOf(Effect.Send.class).size()))
        .extracting(Effect.Send::message).allMatch(m -> m instanceof MeshMessage.Ping);
  }

  @Test
  void shouldNotTakeAMergeOnASlotLinkBeforeItIsOpenedFromThatSlot() {
    NodeHarness r = RouterRegistryTest.routerWith("bbbbbbbb");
    // A merge naming slot 3 on a link from slot 2: refused.
    r.step(new MeshEvent.Connected(slot(1), slot(2), true));
    r.step(new MeshEvent.Received(slot(1), slot(2), new MeshMessage.Merge(2, 3, List.of(FAKE))));
    assertThat(r.last).contains(new Effect.Send(slot(1), slot(2), new MeshMessage.Refused("wrong-link")),
        new Effect.Disconnect(slot(1), slot(2)));
    assertThat(r.network()).containsExactly(member("bbbbbbbb"));
  }

  @Test
  void shouldTakeAMergeFromAHigherRouterOfTheSameNamespaceAsProvisional() {
    NodeHarness r = RouterRegistryTest.routerWith("bbbbbbbb");
    r.step(new MeshEvent.Connected(slot(1), slot(2), true));
    Entry foreign = new Entry(new Member("app-nother-ffffffff", "x", "ffffffff", null), 1);
    r.step(new MeshEvent.Received(slot(1), slot(2), new MeshMessage.Merge(2, 2, List.of(FAKE, foreign))));
    assertThat(r.lastSends(MeshMessage.Welcome.class)).isNotEmpty().allMatch(s -> s.remoteId().equals(slot(2)));
    assertThat(r.network()).containsExactly(member("bbbbbbbb"), member("eeeeeeee"));
    r.advanceBy(r.config.recheckGraceMillis());
    assertThat(r.network()).as("gone unless it checks in").containsExactly(member("bbbbbbbb"));
  }

  @Test
  void shouldRefuseLinksFromIdsOutsideTheNamespaceAtOnce() {
    NodeHarness r = RouterRegistryTest.routerWith();
    for (String remote : List.of("app-tzzzzzzzz", "app-nother-bbbbbbbb", slot(1) + "0x")) {
      r.step(new MeshEvent.Connected(slot(1), remote, true));
      assertThat(r.last).containsExactly(new Effect.Send(slot(1), remote, new MeshMessage.Refused("wrong-namespace")),
          new Effect.Disconnect(slot(1), remote));
    }
  }

  @Test
  void shouldRefuseACheckInThatNamesAnotherId() {
    NodeHarness r = RouterRegistryTest.routerWith();
    r.step(new MeshEvent.Connected(slot(1), discoveryId("bbbbbbbb"), true));
    r.step(new MeshEvent.Received(slot(1), discoveryId("bbbbbbbb"), NodeHarness.checkInMessage("cccccccc")));
    assertThat(r.last).containsExactly(
        new Effect.Send(slot(1), discoveryId("bbbbbbbb"), new MeshMessage.Refused("wrong-link")),
        new Effect.Disconnect(slot(1), discoveryId("bbbbbbbb")));
    assertThat(r.network()).isEmpty();
  }

  @Test
  void shouldRefuseCheckInsBeyondMaxMembers() {
    NodeHarness r = new NodeHarness("aaaaaaaa", MeshConfig.defaults().withMaxMembers(2), 1);
    r.becomeRouter();
    r.checkIn("bbbbbbbb");
    r.checkIn("cccccccc");
    assertThat(r.last).containsExactly(
        new Effect.Send(slot(1), discoveryId("cccccccc"), new MeshMessage.Refused("full")),
        new Effect.Disconnect(slot(1), discoveryId("cccccccc")));
  }

  @Test
  void shouldCloseALinkThatDoesNotCheckInWithinTheAdmissionTime() {
    NodeHarness r = RouterRegistryTest.routerWith();
    r.step(new MeshEvent.Connected(slot(1), discoveryId("bbbbbbbb"), true));
    r.step(new MeshEvent.Received(slot(1), discoveryId("bbbbbbbb"), new MeshMessage.Ping(MeshMessage.ABSENT)));
    r.advanceBy(r.config.admissionMillis() - 1);
    assertThat(r.allOf(Effect.Disconnect.class)).isEmpty();
    r.advanceBy(1);
    assertThat(r.last).contains(new Effect.Send(slot(1), discoveryId("bbbbbbbb"), new MeshMessage.Refused("too-slow")),
        new Effect.Disconnect(slot(1), discoveryId("bbbbbbbb")));
    // One that checked in in time stays.
    r.checkIn("cccccccc");
    r.advanceBy(r.config.admissionMillis() * 2);
    assertThat(r.network()).containsExactly(member("cccccccc"));
  }

  @Test
  void shouldCloseALinkThatSendsTooManyMessagesAndDropItsMember() {
    NodeHarness r = RouterRegistryTest.routerWith("bbbbbbbb");
    for (int i = 0; i < RouterSession.LINK_BURST; i++) {
      r.step(new MeshEvent.Discarded(slot(1), discoveryId("bbbbbbbb"), "unknown type"));
    }
    assertThat(r.allOf(Effect.Disconnect.class)).isEmpty();
    r.step(new MeshEvent.Received(slot(1), discoveryId("bbbbbbbb"), new MeshMessage.Ping(MeshMessage.ABSENT)));
    assertThat(r.last).contains(
        new Effect.Send(slot(1), discoveryId("bbbbbbbb"), new MeshMessage.Refused("too-many-messages")),
        new Effect.Disconnect(slot(1), discoveryId("bbbbbbbb")));
    assertThat(r.network()).isEmpty();
  }

  @Test
  void shouldRateLimitReCheckInsWithChangedFields() {
    NodeHarness r = RouterRegistryTest.routerWith("bbbbbbbb"); // 1 snapshot used by the check-in
    for (int i = 0; i < 10; i++) {
      r.step(new MeshEvent.Received(slot(1), discoveryId("bbbbbbbb"), new MeshMessage.CheckIn(2,
          discoveryId("bbbbbbbb"), "name " + i, "bbbbbbbb", null)));
    }
    assertThat(r.network()).extracting(Member::name).containsExactly("name 2"); // 3 more within the burst of 4
    assertThat(r.allSends(MeshMessage.Welcome.class)).hasSize(RouterSession.SNAPSHOT_BURST);
    r.advanceBy(RouterSession.SNAPSHOT_REFILL_MILLIS);
    r.step(new MeshEvent.Received(slot(1), discoveryId("bbbbbbbb"), new MeshMessage.CheckIn(2,
        discoveryId("bbbbbbbb"), "later", "bbbbbbbb", null)));
    assertThat(r.network()).extracting(Member::name).containsExactly("later");
  }

  @Test
  void shouldListAndKeepAMinimalDesignClientThatOnlyChecksInAndPings() {
    NodeHarness r = RouterRegistryTest.routerWith();
    String d = discoveryId("dddddddd");
    r.step(new MeshEvent.Connected(slot(1), d, true));
    r.step(new MeshEvent.Received(slot(1), d, new MeshMessage.CheckIn(MeshMessage.ABSENT, d, "design", null, null)));
    assertThat(r.network()).containsExactly(new Member(d, "design", "dddddddd", null));
    for (int i = 0; i < 5; i++) {
      r.advanceBy(r.config.heartbeatMillis());
      r.step(new MeshEvent.Received(slot(1), d, new MeshMessage.Ping(MeshMessage.ABSENT)));
    }
    assertThat(r.now).isGreaterThan(r.config.ttlMillis() * 3);
    assertThat(r.network()).containsExactly(new Member(d, "design", "dddddddd", null));
    // Silent from now on: evicted after the TTL.
    r.advanceBy(r.config.ttlMillis() + r.config.heartbeatMillis());
    assertThat(r.network()).isEmpty();
  }

  @Test
  void shouldWaitForTheCheckInOfAConnectionThatReplacedAMembersLink() {
    NodeHarness r = RouterRegistryTest.routerWith("bbbbbbbb");
    // bbbbbbbb connects again (the adapter replaced the old link with the same pair, hiding its close).
    r.step(new MeshEvent.Connected(slot(1), discoveryId("bbbbbbbb"), true));
    r.checkIn("cccccccc");
    r.advanceBy(r.config.pushDelayMillis());
    assertThat(r.lastSends(MeshMessage.Delta.class)).as("nothing pushed before its check-in")
        .extracting(Effect.Send::remoteId).containsExactly(discoveryId("cccccccc"));
    assertThat(r.network()).as("still listed meanwhile").containsExactly(member("bbbbbbbb"), member("cccccccc"));
    r.step(new MeshEvent.Received(slot(1), discoveryId("bbbbbbbb"), NodeHarness.checkInMessage("bbbbbbbb")));
    assertThat(r.lastSends(MeshMessage.Welcome.class)).hasSize(1);
    r.checkIn("dddddddd");
    r.advanceBy(r.config.pushDelayMillis());
    assertThat(r.lastSends(MeshMessage.Delta.class)).extracting(Effect.Send::remoteId)
        .contains(discoveryId("bbbbbbbb"));
  }

  @Test
  void shouldRemoveAMemberWhoseReplacingConnectionNeverChecksIn() {
    NodeHarness r = RouterRegistryTest.routerWith("bbbbbbbb", "cccccccc");
    r.step(new MeshEvent.Connected(slot(1), discoveryId("bbbbbbbb"), true));
    r.advanceBy(r.config.admissionMillis());
    assertThat(r.allOf(Effect.Send.class)).contains(
        new Effect.Send(slot(1), discoveryId("bbbbbbbb"), new MeshMessage.Refused("too-slow")));
    assertThat(r.network()).containsExactly(member("cccccccc"));
    r.advanceBy(r.config.pushDelayMillis());
    assertThat(r.allSends(MeshMessage.Delta.class)).extracting(s -> ((MeshMessage.Delta) s.message()).removed())
        .contains(List.of(discoveryId("bbbbbbbb")));
  }

  @Test
  void shouldIgnoreWhatALinkSendsBeforeItsExpectedFirstMessage() {
    NodeHarness r = RouterRegistryTest.routerWith();
    r.step(new MeshEvent.Connected(slot(1), discoveryId("bbbbbbbb"), true));
    r.step(new MeshEvent.Received(slot(1), discoveryId("bbbbbbbb"), new MeshMessage.Ping(MeshMessage.ABSENT)));
    r.step(new MeshEvent.Received(slot(1), discoveryId("bbbbbbbb"), new MeshMessage.Resync()));
    assertThat(r.allOf(Effect.Send.class)).as("no pong, no snapshot before the check-in").isEmpty();
    // A merge link takes merges only: a check-in or a ping there changes nothing.
    r.step(new MeshEvent.Connected(slot(1), slot(2), true));
    r.step(new MeshEvent.Received(slot(1), slot(2), new MeshMessage.Ping(MeshMessage.ABSENT)));
    r.step(new MeshEvent.Received(slot(1), slot(2), NodeHarness.checkInMessage("cccccccc")));
    assertThat(r.allOf(Effect.Send.class)).isEmpty();
    assertThat(r.network()).isEmpty();
  }

  @Test
  void shouldAnswerOnlyTheFirstMergeOfALinkWithASnapshot() {
    NodeHarness r = RouterRegistryTest.routerWith("bbbbbbbb");
    r.step(new MeshEvent.Connected(slot(1), slot(2), true));
    r.step(new MeshEvent.Received(slot(1), slot(2), new MeshMessage.Merge(2, 2, List.of(FAKE))));
    assertThat(r.lastSends(MeshMessage.Welcome.class)).hasSize(1);
    Entry other = new Entry(member("ffffffff"), 1);
    r.step(new MeshEvent.Received(slot(1), slot(2), new MeshMessage.Merge(2, 2, List.of(other))));
    assertThat(r.lastSends(MeshMessage.Welcome.class)).as("a later part only adds").isEmpty();
    assertThat(r.network()).containsExactly(member("bbbbbbbb"), member("eeeeeeee"), member("ffffffff"));
  }
}
