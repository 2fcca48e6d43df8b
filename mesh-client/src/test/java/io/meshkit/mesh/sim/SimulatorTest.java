package io.meshkit.mesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.core.Role;
import org.junit.jupiter.api.Test;

/** The simulated world behaves like the measured PeerJS server, and the core meets the bounds in it. */
class SimulatorTest {

  private static Simulator converged(int n, long seed) {
    Simulator sim = new Simulator(SimConfig.defaults(seed));
    for (int i = 0; i < n; i++) {
      sim.start(sim.addPeer());
    }
    assertThat(sim.runUntilConverged(60_000)).as(sim.describe()).isNotNegative();
    return sim;
  }

  private static String slot(int k) {
    return "app-nsim-" + k;
  }

  @Test
  void shouldElectOneRouterOnSlotOneAtStart() {
    Simulator sim = converged(12, 1);
    assertThat(sim.liveRouters()).isEqualTo(1);
    assertThat(sim.peer(sim.router()).routerId()).isEqualTo(slot(1));
    for (int i = 0; i < sim.size(); i++) {
      assertThat(sim.peer(i).node().network()).hasSize(11);
    }
  }

  @Test
  void shouldUseTheNextSlotWhileTheSilentRoutersIdIsHeldAndMoveBackAfterwards() {
    Simulator sim = converged(8, 2);
    long t = sim.now();
    sim.killSilently(sim.router());
    sim.runUntilConverged(t + 30_000);
    assertThat(sim.peer(sim.router()).routerId()).isEqualTo(slot(2));
    sim.runUntil(t + 80_000); // alive_timeout (90 s) not yet over
    assertThat(sim.peer(sim.router()).routerId()).isEqualTo(slot(2));
    sim.runUntil(t + 100_000);
    assertThat(sim.converged()).as(sim.describe()).isTrue();
    assertThat(sim.peer(sim.router()).routerId()).isEqualTo(slot(1));
  }

  @Test
  void shouldReuseSlotOneAfterACleanExit() {
    Simulator sim = converged(8, 3);
    long t = sim.now();
    int old = sim.router();
    sim.stopClean(old);
    assertThat(sim.runUntilConverged(t + 3_000)).as(sim.describe()).isNotNegative();
    assertThat(sim.router()).isNotEqualTo(old);
    assertThat(sim.peer(sim.router()).routerId()).isEqualTo(slot(1));
  }

  @Test
  void shouldLetANewcomerFindTheRouterPastAHeldSlot() {
    Simulator sim = converged(5, 4);
    long t = sim.now();
    sim.killSilently(sim.router());
    sim.runUntilConverged(t + 30_000);
    int joiner = sim.addPeer();
    sim.start(joiner);
    long j = sim.now();
    // Claim slot 1 → ID-TAKEN, connect hangs (dead holder) → 3 s timeout → slot 2 → check-in.
    assertThat(sim.runUntilConverged(j + 10_000)).as(sim.describe()).isNotNegative();
    assertThat(sim.now() - j).isGreaterThanOrEqualTo(3_000);
    assertThat(sim.peer(joiner).role()).isEqualTo(Role.PEER);
    assertThat(sim.peer(joiner).routerId()).isEqualTo(slot(2));
  }

  @Test
  void shouldMergeTwoRoutersAfterAPartitionHealsWithinOneHeartbeat() {
    Simulator sim = converged(10, 5);
    int[] groups = new int[10];
    for (int i = 0; i < 10; i++) {
      groups[i] = i % 2;
    }
    sim.partition(groups);
    sim.runUntil(sim.now() + 30_000);
    assertThat(sim.liveRouters()).isEqualTo(2);
    sim.heal();
    long t = sim.now();
    long at = sim.runUntilConverged(t + 120_000);
    assertThat(at).as(sim.describe()).isNotNegative();
    assertThat(at - t).isLessThanOrEqualTo(sim.config().mesh().heartbeatMillis() + 5_000);
    assertThat(sim.liveRouters()).isEqualTo(1);
  }

  @Test
  void shouldRepeatARunExactlyForTheSameSeed() {
    assertThat(Scenario.run(6, 42)).isEqualTo(Scenario.run(6, 42));
  }

  @Test
  void shouldCostLinearBytesPerMembershipChange() {
    Scenario.Result small = Scenario.run(10, 7);
    Scenario.Result large = Scenario.run(40, 7);
    assertThat(large.joinMessages()).isEqualTo(large.n() + 2);
    assertThat(large.leaveMessages()).isEqualTo(large.n() - 1);
    double perPeerSmall = (double) small.joinBytes() / small.n();
    double perPeerLarge = (double) large.joinBytes() / large.n();
    assertThat(perPeerLarge).isBetween(perPeerSmall * 0.8, perPeerSmall * 1.25);
  }

  @Test
  void shouldCountTheSameBytesAsTheWireEncoding() {
    java.util.List<io.meshkit.mesh.core.Member> ms = java.util.List.of(
        new io.meshkit.mesh.core.Member("app-nsim-aaaaaaaa", "Zoë \"q\"", "aaaaaaaa", "app-taaaaaaaa"),
        new io.meshkit.mesh.core.Member("app-nsim-bbbbbbbb", "b", "bbbbbbbb", "app-tbbbbbbbb"));
    java.util.Map<io.meshkit.mesh.core.Member, Integer> cache = new java.util.HashMap<>();
    for (io.meshkit.mesh.core.MeshMessage m : java.util.List.of(
        new io.meshkit.mesh.core.MeshMessage.Welcome(1, "app-nsim-aaaaaaaa", 3, ms),
        new io.meshkit.mesh.core.MeshMessage.Welcome(1, "app-nsim-aaaaaaaa", 3, java.util.List.of()),
        new io.meshkit.mesh.core.MeshMessage.Delta(4, ms, java.util.List.of("app-nsim-cccccccc")),
        new io.meshkit.mesh.core.MeshMessage.Merge(ms), new io.meshkit.mesh.core.MeshMessage.Ping(2))) {
      assertThat(Simulator.wireSize(m, cache)).isEqualTo(io.meshkit.mesh.core.MeshWire.size(m));
    }
  }
}
