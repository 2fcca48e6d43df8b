package io.meshkit.mesh.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One node, several namespaces, added and removed while it runs (docs/PROTOCOL.md §14). */
class MultiNamespaceTest {

  private static final MeshConfig CFG = MeshConfig.defaults();
  private final MeshNode node = new MeshNode("alice", "app-talice00", new SplittableRandom(3));
  private final List<Effect> all = new ArrayList<>();
  private final List<Effect.ScheduleAt> timers = new ArrayList<>();
  private long now;

  private List<Effect> step(MeshEvent e) {
    List<Effect> out = node.step(e, now);
    all.addAll(out);
    out.stream().filter(Effect.ScheduleAt.class::isInstance).map(Effect.ScheduleAt.class::cast).forEach(timers::add);
    return out;
  }

  private static NamespaceSpec ns(String label, String ns) {
    return new NamespaceSpec(label, "app", ns, "aaaaaaaa", CFG);
  }

  private void fireDue() {
    List<Effect.ScheduleAt> due = timers.stream().filter(t -> t.atMillis() <= now).toList();
    timers.removeAll(due);
    for (Effect.ScheduleAt t : due) {
      step(new MeshEvent.Timer(t.key()));
    }
  }

  @Test
  void shouldRunTwoNamespacesIndependentlyEachFromItsOwnDiscoveryId() {
    step(new MeshEvent.AddNamespace(ns("local", "nhome")));
    step(new MeshEvent.AddNamespace(ns("friend", "rfriend")));
    assertThat(step(new MeshEvent.Start(0))).containsExactly(new Effect.ClaimId("app-nhome-aaaaaaaa"),
        new Effect.ClaimId("app-rfriend-aaaaaaaa"));
    step(new MeshEvent.IdClaimed("app-nhome-aaaaaaaa"));
    step(new MeshEvent.IdClaimed("app-rfriend-aaaaaaaa"));
    fireDue();
    step(new MeshEvent.IdClaimed("app-nhome-1"));
    step(new MeshEvent.IdTaken("app-rfriend-1"));
    assertThat(all).contains(new Effect.Connect("app-rfriend-aaaaaaaa", "app-rfriend-1"));
    step(new MeshEvent.Connected("app-rfriend-aaaaaaaa", "app-rfriend-1", false));
    step(new MeshEvent.Received("app-rfriend-aaaaaaaa", "app-rfriend-1", new MeshMessage.Welcome(2, 1,
        "app-rfriend-bbbbbbbb", 0, "", 1, 1, List.of())));
    assertThat(node.role("local")).contains(Role.ROUTER);
    assertThat(node.role("friend")).contains(Role.PEER);
    assertThat(all).contains(new Effect.Notify(new Notification.RoleChanged("local", Role.ROUTER, "app-nhome-1")),
        new Effect.Notify(new Notification.RoleChanged("friend", Role.PEER, "app-rfriend-1")));
    // A member of "local" checks in; "friend" sees none of it.
    step(new MeshEvent.Connected("app-nhome-1", "app-nhome-cccccccc", true));
    step(new MeshEvent.Received("app-nhome-1", "app-nhome-cccccccc",
        new MeshMessage.CheckIn(2, "app-nhome-cccccccc", "carol", "cccccccc", null)));
    assertThat(node.network("local").orElseThrow()).hasSize(1);
    assertThat(node.network("friend").orElseThrow()).isEmpty();
  }

  @Test
  void shouldLeaveANamespaceCleanlyAndIgnoreWhatStillComesForIt() {
    step(new MeshEvent.AddNamespace(ns("local", "nhome")));
    step(new MeshEvent.Start(0));
    step(new MeshEvent.IdClaimed("app-nhome-aaaaaaaa"));
    fireDue();
    step(new MeshEvent.IdClaimed("app-nhome-1"));
    step(new MeshEvent.Connected("app-nhome-1", "app-nhome-cccccccc", true));
    step(new MeshEvent.Received("app-nhome-1", "app-nhome-cccccccc",
        new MeshMessage.CheckIn(2, "app-nhome-cccccccc", "carol", "cccccccc", null)));
    List<Effect> out = step(new MeshEvent.RemoveNamespace("local"));
    assertThat(out).contains(
        new Effect.Send("app-nhome-1", "app-nhome-cccccccc", new MeshMessage.Leaving("app-nhome-cccccccc")),
        new Effect.ReleaseId("app-nhome-1"), new Effect.ReleaseId("app-nhome-aaaaaaaa"),
        new Effect.Notify(new Notification.NamespaceStopped("local")));
    assertThat(node.namespaces()).isEmpty();
    // Its timers find no unit; a late claim answer is released; a late link is closed.
    now += 120_000;
    fireDue();
    assertThat(step(new MeshEvent.IdClaimed("app-nhome-3"))).containsExactly(new Effect.ReleaseId("app-nhome-3"));
    assertThat(step(new MeshEvent.Connected("app-nhome-1", "app-nhome-dddddddd", true)))
        .containsExactly(new Effect.Disconnect("app-nhome-1", "app-nhome-dddddddd"));
  }

  @Test
  void shouldReplaceTheLocalNamespaceWhenTheNetworkChanges() {
    step(new MeshEvent.AddNamespace(ns("local", "nhome")));
    step(new MeshEvent.Start(0));
    step(new MeshEvent.IdClaimed("app-nhome-aaaaaaaa"));
    fireDue();
    step(new MeshEvent.IdClaimed("app-nhome-1"));
    step(new MeshEvent.RemoveNamespace("local"));
    List<Effect> out = step(new MeshEvent.AddNamespace(ns("local", "noffice")));
    assertThat(out).containsExactly(new Effect.ClaimId("app-noffice-aaaaaaaa"));
    step(new MeshEvent.IdClaimed("app-noffice-aaaaaaaa"));
    now += 1;
    fireDue();
    assertThat(all).contains(new Effect.ClaimId("app-noffice-1"));
    assertThat(node.role("local")).isEmpty(); // searching in the new one
  }

  @Test
  void shouldRefuseADuplicateLabelOrAnOverlappingNamespace() {
    step(new MeshEvent.AddNamespace(ns("local", "nhome")));
    assertThatThrownBy(() -> step(new MeshEvent.AddNamespace(ns("local", "nother"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> step(new MeshEvent.AddNamespace(ns("second", "nhome"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> step(new MeshEvent.RemoveNamespace("nope"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReCheckInEveryNamespaceWhenTheTransportIdChanges() {
    step(new MeshEvent.AddNamespace(ns("local", "nhome")));
    step(new MeshEvent.Start(0));
    step(new MeshEvent.IdClaimed("app-nhome-aaaaaaaa"));
    fireDue();
    step(new MeshEvent.IdTaken("app-nhome-1"));
    step(new MeshEvent.Connected("app-nhome-aaaaaaaa", "app-nhome-1", false));
    step(new MeshEvent.Received("app-nhome-aaaaaaaa", "app-nhome-1",
        new MeshMessage.Welcome(2, 1, "app-nhome-bbbbbbbb", 0, "", 1, 1, List.of())));
    assertThat(step(new MeshEvent.TransportIdChanged("app-tnew")))
        .containsExactly(new Effect.Send("app-nhome-aaaaaaaa", "app-nhome-1",
            new MeshMessage.CheckIn(2, "app-nhome-aaaaaaaa", "alice", "aaaaaaaa", "app-tnew")));
    assertThat(node.transportId()).isEqualTo("app-tnew");
  }

  @Test
  void shouldRefuseATransportIdThatReadsAsAnIdOfAHostedNamespace() {
    // {prefix}-{uuid} with a UUID that begins with {ns}- would be a Discovery ID of ns (docs/PROTOCOL.md §2.4).
    MeshNode odd = new MeshNode("alice", "app-nhome-aaaaaaaa", new SplittableRandom(3));
    assertThatThrownBy(() -> odd.step(new MeshEvent.AddNamespace(ns("local", "nhome")), 0))
        .isInstanceOf(IllegalArgumentException.class);
    step(new MeshEvent.AddNamespace(ns("local", "nhome")));
    step(new MeshEvent.Start(0));
    assertThatThrownBy(() -> step(new MeshEvent.TransportIdChanged("app-nhome-1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(node.transportId()).isEqualTo("app-talice00");
    step(new MeshEvent.TransportIdChanged("app-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d"));
    assertThat(node.transportId()).isEqualTo("app-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d");
  }
}
