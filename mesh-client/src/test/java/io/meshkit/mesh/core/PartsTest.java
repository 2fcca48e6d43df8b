package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small parts: snapshot assembly, a member's copy, the token bucket, the IDs of a namespace. */
class PartsTest {
  private static final String ROUTER = discoveryId("aaaaaaaa");

  private static MeshMessage.Welcome part(long version, int part, int parts, String... uuids) {
    return new MeshMessage.Welcome(2, 1, ROUTER, version, "", part, parts,
        java.util.Arrays.stream(uuids).map(u -> new Entry(member(u), 1)).toList());
  }

  @Test
  void shouldAssembleASnapshotFromPartsInAnyOrderAndRestartOnAnotherVersion() {
    SnapshotAssembler a = new SnapshotAssembler(100);
    assertThat(a.add(part(3, 2, 3, "cccccccc"))).isNull();
    assertThat(a.add(part(3, 2, 3, "cccccccc"))).as("a repeated part replaces the earlier copy").isNull();
    assertThat(a.add(part(4, 1, 2, "aaaaaaaa"))).as("another version starts over").isNull();
    assertThat(a.add(part(4, 2, 2, "bbbbbbbb")).entries()).extracting(Entry::member)
        .containsExactly(member("aaaaaaaa"), member("bbbbbbbb"));
    assertThat(a.assembling()).isFalse();
  }

  @Test
  void shouldDropASnapshotWithTooManyEntries() {
    SnapshotAssembler a = new SnapshotAssembler(2);
    assertThat(a.add(part(1, 1, 2, "aaaaaaaa", "bbbbbbbb"))).isNull();
    assertThat(a.add(part(1, 2, 2, "cccccccc"))).isNull();
    assertThat(a.assembling()).isFalse();
  }

  @Test
  void shouldApplyDeltasInVersionOrderOnlyAndTrackTheSuccessor() {
    NamespaceIds ids = new NamespaceIds(NodeHarness.spec("aaaaaaaa", MeshConfig.defaults()));
    MemberCopy copy = new MemberCopy(ids);
    copy.apply(new Snapshot(1, ROUTER, 5, discoveryId("bbbbbbbb"), List.of(new Entry(member("aaaaaaaa"), 1),
        new Entry(new Member("app-nother-cccccccc", "x", "cccccccc", null), 1))));
    assertThat(copy.others("nobody")).as("entries of another namespace are ignored").containsExactly(member("aaaaaaaa"));
    assertThat(copy.successor()).isEqualTo(discoveryId("bbbbbbbb"));
    MeshMessage.Delta d7 = new MeshMessage.Delta(7, List.of(new Entry(member("dddddddd"), 1)), List.of(), null);
    assertThat(copy.apply(d7)).isEqualTo(MemberCopy.Applied.GAP);
    MeshMessage.Delta d6 = new MeshMessage.Delta(6, List.of(new Entry(member("bbbbbbbb"), 1)), List.of(ROUTER), "");
    assertThat(copy.apply(d6)).isEqualTo(MemberCopy.Applied.APPLIED);
    assertThat(copy.apply(d6)).isEqualTo(MemberCopy.Applied.STALE);
    assertThat(copy.others("nobody")).containsExactly(member("bbbbbbbb"));
    assertThat(copy.successor()).isEmpty();
    assertThat(copy.apply(d7)).isEqualTo(MemberCopy.Applied.APPLIED);
    // Removing what the copy does not hold (an unknown ID, another namespace's, a slot ID) changes nothing.
    MeshMessage.Delta d8 = new MeshMessage.Delta(8, List.of(),
        List.of(discoveryId("zzzzzzzz"), "app-nother-dddddddd", NodeHarness.slot(1), "app-tx"), null);
    assertThat(copy.apply(d8)).isEqualTo(MemberCopy.Applied.APPLIED);
    assertThat(copy.others("nobody")).containsExactly(member("bbbbbbbb"), member("dddddddd"));
    assertThat(copy.version()).isEqualTo(8);
  }

  @Test
  void shouldRefillTheTokenBucketOnTheStepsClock() {
    TokenBucket b = new TokenBucket(3, 1_000, 0);
    assertThat(b.take(0)).isTrue();
    assertThat(b.take(0)).isTrue();
    assertThat(b.take(0)).isTrue();
    assertThat(b.take(999)).isFalse();
    assertThat(b.take(1_000)).isTrue();
    assertThat(b.take(1_500)).isFalse();
    assertThat(b.take(60_000)).isTrue();
    assertThat(b.take(60_000)).isTrue();
    assertThat(b.take(60_000)).isTrue();
    assertThat(b.take(60_000)).as("never more than the capacity").isFalse();
  }

  @Test
  void shouldTellSlotIdsFromDiscoveryIds() {
    NamespaceIds ids = new NamespaceIds(NodeHarness.spec("aaaaaaaa", MeshConfig.defaults()));
    assertThat(ids.slotOf("app-nabc-1")).isEqualTo(1);
    assertThat(ids.slotOf("app-nabc-64")).isEqualTo(64);
    assertThat(ids.usableSlotOf("app-nabc-64")).as("above maxSlots (16)").isEqualTo(-1);
    assertThat(ids.slotOf("app-nabc-65")).isEqualTo(-1);
    assertThat(ids.slotOf("app-nabc-01")).isEqualTo(-1);
    assertThat(ids.slotOf("app-nother-1")).isEqualTo(-1);
    assertThat(ids.isDiscoveryId("app-nabc-12345678")).isTrue();
    assertThat(ids.isDiscoveryId("app-nabc-1234567")).isFalse();
    assertThat(ids.isDiscoveryId("app-nabc-1")).isFalse();
    assertThat(ids.uuidOf("app-nabc-12345678-90ab")).isEqualTo("12345678-90ab");
  }
}
