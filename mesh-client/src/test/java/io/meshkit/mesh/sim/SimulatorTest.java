package io.meshkit.mesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.core.Role;
import io.meshkit.mesh.core.wire.Entry;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.MeshMessage;
import io.meshkit.mesh.core.wire.MeshWire;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulated world behaves like the measured PeerJS server, and the core meets the bounds docs/PROTOCOL.md states in it. */
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
      assertThat(sim.peer(i).node().network(Simulator.DEFAULT_NS).orElseThrow()).hasSize(11);
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
  void shouldMergeTwoRoutersAfterAPartitionHealsWithinAboutOneProbePeriod() {
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
    assertThat(at - t).isLessThanOrEqualTo(2 * sim.config().mesh().probeMillis() + 5_000);
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
    List<Entry> es = List.of(
        new Entry(new Member("app-nsim-aaaaaaaa", "Zoë \"q\"", "aaaaaaaa", "app-taaaaaaaa"), 1_700_000_000_000L),
        new Entry(new Member("app-nsim-bbbbbbbb", "b", "bbbbbbbb", null), 0));
    Map<Entry, Integer> cache = new HashMap<>();
    for (MeshMessage m : List.of(
        new MeshMessage.Welcome(2, 1, "app-nsim-aaaaaaaa", 3, "", 1, 2, es),
        new MeshMessage.Welcome(2, 1, "app-nsim-aaaaaaaa", 3, "app-nsim-bbbbbbbb", 2, 2, List.of()),
        new MeshMessage.Delta(4, es, List.of("app-nsim-cccccccc"), null),
        new MeshMessage.Delta(5, List.of(), List.of(), ""),
        new MeshMessage.Merge(2, 3, es), new MeshMessage.Ping(2))) {
      assertThat(Simulator.wireSize(m, cache)).isEqualTo(MeshWire.size(m));
    }
  }

  @Test
  void shouldNeverLeaveTwoRoutersForMoreThan10sWhenTheRouterIsKilledAndRestarted() {
    for (long delay : new long[] {0, 3_000, 6_000, 9_000, 12_000, 20_000}) {
      Simulator sim = converged(6, 11 + delay);
      sim.runUntil(sim.now() + 10_000);
      int victim = sim.router();
      sim.killProcess(victim);
      sim.runUntil(sim.now() + delay);
      sim.start(victim);
      long t = sim.now();
      assertThat(sim.runUntilConverged(t + 60_000)).as("delay %d: %s", delay, sim.describe()).isNotNegative();
      assertThat(sim.longestSplitMillis(Simulator.DEFAULT_NS)).as("restart after %d ms", delay)
          .isLessThanOrEqualTo(10_000);
    }
  }
}
