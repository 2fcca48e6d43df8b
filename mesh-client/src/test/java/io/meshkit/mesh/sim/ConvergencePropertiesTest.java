package io.meshkit.mesh.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Over many seeds, after any mix of faults (silent and clean exits, process kills and restarts, joins, partitions,
 * message loss, nodes moving to another namespace) followed by a quiet period, every namespace converges: exactly one
 * live router, and every live member's list equals that namespace's live set. Nodes take part in several namespaces at
 * once.
 */
class ConvergencePropertiesTest {

  /** Longer than alive_timeout (90 s) plus two heartbeats (60 s) plus the TTL (90 s). */
  static final long QUIET_MILLIS = 330_000;
  private static final String[] NAMESPACES = {Simulator.DEFAULT_NS, "nsecond", "nthird"};

  @Property(tries = 40)
  void shouldConvergeAfterArbitraryFaults(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 20) int n) {
    faultsThenQuiet(new Simulator(SimConfig.defaults(seed)), seed, n, 1);
  }

  /** The same with every node in one to three namespaces at once, some of them moving between namespaces. */
  @Property(tries = 30)
  void shouldConvergeInEveryNamespaceWhenNodesHostSeveralAndMove(
      @ForAll @LongRange(min = 1, max = 1_000_000) long seed, @ForAll @IntRange(min = 2, max = 16) int n) {
    faultsThenQuiet(new Simulator(SimConfig.defaults(seed)), seed, n, NAMESPACES.length);
  }

  /**
   * The same on a loaded machine: connects often take longer than the connect timeout (and open after the node gave
   * up), signaling answers late. Liveness must not depend on the connect timeout being long enough.
   */
  @Property(tries = 30)
  void shouldConvergeAfterArbitraryFaultsOnALoadedMachine(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 12) int n) {
    faultsThenQuiet(new Simulator(SimConfig.loaded(seed)), seed, n, 2);
  }

  private static void faultsThenQuiet(Simulator sim, long seed, int n, int namespaces) {
    SplittableRandom r = new SplittableRandom(seed * 31 + n);
    for (int i = 0; i < n; i++) {
      sim.addPeer(someNamespaces(r, namespaces));
      sim.start(i);
      sim.runUntil(sim.now() + r.nextLong(200));
    }
    sim.runUntil(sim.now() + 10_000);
    int faults = 1 + r.nextInt(6);
    for (int f = 0; f < faults; f++) {
      int victim = r.nextInt(sim.size());
      switch (r.nextInt(namespaces > 1 ? 9 : 7)) {
        case 0 -> sim.killSilently(victim);
        case 1 -> sim.stopClean(victim);
        case 2 -> sim.start(sim.addPeer(someNamespaces(r, namespaces)));
        case 3 -> sim.killSilently(routerOr(sim, victim));
        case 4 -> {
          int[] groups = new int[sim.size()];
          for (int i = 0; i < groups.length; i++) {
            groups[i] = r.nextInt(2);
          }
          sim.partition(groups);
        }
        case 5 -> {
          int killed = routerOr(sim, victim);
          sim.killProcess(killed);
          sim.runUntil(sim.now() + r.nextLong(20_000));
          sim.start(killed);
        }
        case 6 -> sim.setLoss(r.nextDouble() * 0.05);
        case 7 -> {
          String from = NAMESPACES[r.nextInt(namespaces)];
          String to = NAMESPACES[r.nextInt(namespaces)];
          if (sim.peer(victim).namespaces().contains(from) && !sim.peer(victim).namespaces().contains(to)) {
            sim.moveNamespace(victim, from, to);
          }
        }
        default -> sim.addNamespace(victim, NAMESPACES[r.nextInt(namespaces)]);
      }
      sim.runUntil(sim.now() + r.nextLong(30_000));
    }
    sim.heal();
    sim.setLoss(0);
    if (liveCount(sim) == 0) {
      sim.start(sim.addPeer());
    }
    sim.runUntil(sim.now() + QUIET_MILLIS);
    assertThat(sim.converged()).as("seed %d n %d: %s", seed, n, sim.describe()).isTrue();
    for (String ns : NAMESPACES) {
      if (hasLiveMember(sim, ns)) {
        assertThat(sim.liveRouters(ns)).as("routers in %s", ns).isEqualTo(1);
      }
    }
  }

  private static String[] someNamespaces(SplittableRandom r, int namespaces) {
    if (namespaces == 1) {
      return new String[] {Simulator.DEFAULT_NS};
    }
    int k = 1 + r.nextInt(namespaces);
    String[] out = new String[k];
    int start = r.nextInt(namespaces);
    for (int i = 0; i < k; i++) {
      out[i] = NAMESPACES[(start + i) % namespaces];
    }
    return out;
  }

  @Property(tries = 30)
  void shouldAgreeOnOneRouterWithin15sOfASilentRouterLoss(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 30) int n) {
    Simulator sim = new Simulator(SimConfig.defaults(seed));
    for (int i = 0; i < n; i++) {
      sim.start(sim.addPeer());
    }
    assertThat(sim.runUntilConverged(60_000)).isNotNegative();
    sim.runUntil(sim.now() + 5_000);
    long t = sim.now();
    sim.killSilently(sim.router());
    long at = sim.runUntilConverged(t + 60_000);
    assertThat(at).as(sim.describe()).isNotNegative();
    // A figure, not a timing assertion on wall time: virtual time of the protocol's own rule (ICE 5 s + jitter 3 s
    // + a check-in) must stay within the bound.
    assertThat(at - t).isLessThanOrEqualTo(15_000);
  }

  @Property(tries = 30)
  void shouldAgreeWithin3sOfACleanRouterExit(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 30) int n) {
    Simulator sim = new Simulator(SimConfig.defaults(seed));
    for (int i = 0; i < n; i++) {
      sim.start(sim.addPeer());
    }
    assertThat(sim.runUntilConverged(60_000)).isNotNegative();
    sim.runUntil(sim.now() + 5_000);
    long t = sim.now();
    sim.stopClean(sim.router());
    long at = sim.runUntilConverged(t + 60_000);
    assertThat(at).as(sim.describe()).isNotNegative();
    assertThat(at - t).isLessThanOrEqualTo(3_000);
  }

  /** A router killed and restarted after any delay: two routers never coexist for more than 10 s. */
  @Property(tries = 30)
  void shouldNeverKeepTwoRoutersOver10sAfterARouterRestart(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 2, max = 20) int n, @ForAll @LongRange(min = 0, max = 100_000) long restartAfter) {
    Simulator sim = new Simulator(SimConfig.defaults(seed));
    for (int i = 0; i < n; i++) {
      sim.start(sim.addPeer());
    }
    assertThat(sim.runUntilConverged(60_000)).isNotNegative();
    sim.runUntil(sim.now() + 5_000);
    int victim = sim.router();
    sim.killProcess(victim);
    sim.runUntil(sim.now() + restartAfter);
    sim.start(victim);
    assertThat(sim.runUntilConverged(sim.now() + 120_000)).as(sim.describe()).isNotNegative();
    assertThat(sim.longestSplitMillis(Simulator.DEFAULT_NS)).isLessThanOrEqualTo(10_000);
  }

  private static int routerOr(Simulator sim, int fallback) {
    int r = sim.router();
    return r >= 0 ? r : fallback;
  }

  private static int liveCount(Simulator sim) {
    int c = 0;
    for (int i = 0; i < sim.size(); i++) {
      c += sim.peer(i).alive() ? 1 : 0;
    }
    return c;
  }

  private static boolean hasLiveMember(Simulator sim, String ns) {
    for (int i = 0; i < sim.size(); i++) {
      if (sim.peer(i).alive() && sim.peer(i).namespaces().contains(ns)) {
        return true;
      }
    }
    return false;
  }
}
