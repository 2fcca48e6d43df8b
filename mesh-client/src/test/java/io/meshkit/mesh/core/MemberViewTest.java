package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static io.meshkit.mesh.core.NodeHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemberViewTest {

  @Test
  void shouldApplyTheNextDeltaAndTellTheNewList() {
    NodeHarness h = FailoverTest.attached("bbbbbbbb", 1, 1);
    h.step(new MeshEvent.Received(slot(1), new MeshMessage.Delta(2, List.of(member("cccccccc")), List.of())));
    assertThat(h.lastOf(Effect.Notify.class)).containsExactly(new Effect.Notify(
        new Notification.NetworkChanged(List.of(member("aaaaaaaa"), member("cccccccc")))));
  }

  @Test
  void shouldAskForAResyncOnAGapAndIgnoreStaleDeltas() {
    NodeHarness h = FailoverTest.attached("bbbbbbbb", 1, 1);
    h.step(new MeshEvent.Received(slot(1), new MeshMessage.Delta(1, List.of(member("cccccccc")), List.of())));
    assertThat(h.last).isEmpty();
    h.step(new MeshEvent.Received(slot(1), new MeshMessage.Delta(3, List.of(member("cccccccc")), List.of())));
    assertThat(h.last).containsExactly(new Effect.Send(slot(1), new MeshMessage.Resync()));
    assertThat(h.node.network()).containsExactly(member("aaaaaaaa"));
  }

  @Test
  void shouldAskForAResyncWhenAPingShowsANewerVersion() {
    NodeHarness h = FailoverTest.attached("bbbbbbbb", 1, 1);
    h.step(new MeshEvent.Received(slot(1), new MeshMessage.Ping(4)));
    assertThat(h.last).containsExactly(new Effect.Send(slot(1), new MeshMessage.Pong()),
        new Effect.Send(slot(1), new MeshMessage.Resync()));
  }

  @Test
  void shouldNotTellAnUnchangedList() {
    NodeHarness h = FailoverTest.attached("bbbbbbbb", 1, 1, "cccccccc");
    h.step(new MeshEvent.Received(slot(1), new MeshMessage.Delta(2, List.of(member("cccccccc")), List.of())));
    assertThat(h.lastOf(Effect.Notify.class)).isEmpty();
  }

  @Test
  void shouldApplyADeltaIdempotentlyOnASnapshotThatAlreadyHasPartOfIt() {
    MemberView v = new MemberView();
    v.apply(new MeshMessage.Welcome(1, discoveryId("aaaaaaaa"), 1,
        List.of(member("aaaaaaaa"), member("cccccccc"))));
    assertThat(v.apply(new MeshMessage.Delta(2, List.of(member("cccccccc"), member("dddddddd")),
        List.of(discoveryId("eeeeeeee"))))).isEqualTo(MemberView.Applied.APPLIED);
    assertThat(v.members()).containsExactly(member("aaaaaaaa"), member("cccccccc"), member("dddddddd"));
  }
}
