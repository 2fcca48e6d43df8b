package io.meshkit.mesh.sim;

/**
 * The report runs for one N (see {@link #run(SimConfig, int)}): start, join, leave, clean router exit, silent router
 * loss, a split brain healed, and a router killed and restarted 12 s later; each followed by a quiet period past
 * alive_timeout after which the mesh must still be converged. Times are virtual milliseconds.
 */
public final class Scenario {

  /** Figures of one run; a time of -1 means "did not converge before the deadline". */
  public record Result(
      int n,
      long seed,
      long startMillis,
      long joinMessages,
      long joinBytes,
      long leaveMessages,
      long leaveBytes,
      long cleanExitMillis,
      long silentLossMillis,
      long splitBrainMergeMillis,
      long restartTwoRoutersMillis,
      boolean convergedAtEnd,
      int routersAtEnd,
      long events) {}

  /** Deadline for each phase to converge. */
  public static final long PHASE_DEADLINE_MILLIS = 120_000;
  /** Run C: how long after the kill the router's process starts again (the NAT-lab case: about 12 s). */
  public static final long RESTART_AFTER_MILLIS = 12_000;
  /** Quiet time after the silent loss: past alive_timeout and two heartbeats. */
  public static final long QUIET_MILLIS = 200_000;

  private Scenario() {}

  public static Result run(int n, long seed) {
    return run(SimConfig.defaults(seed), n);
  }

  public static Result run(SimConfig cfg, int n) {
    // Run A: start, one join, one leave, then the router exits cleanly.
    Simulator sim = started(cfg, n);
    long start = sim.runUntilConverged(PHASE_DEADLINE_MILLIS);
    sim.runUntil(sim.now() + 5_000);

    long m0 = sim.messages();
    long b0 = sim.bytes();
    int joiner = sim.addPeer();
    sim.start(joiner);
    sim.runUntilConverged(sim.now() + PHASE_DEADLINE_MILLIS);
    sim.runUntil(sim.now() + 1_000); // trailing pushes
    long joinMsgs = sim.messages() - m0;
    long joinBytes = sim.bytes() - b0;

    int router = sim.router();
    int leaver = router == 0 ? 1 : 0;
    m0 = sim.messages();
    b0 = sim.bytes();
    sim.stopClean(leaver);
    sim.runUntilConverged(sim.now() + PHASE_DEADLINE_MILLIS);
    sim.runUntil(sim.now() + 1_000);
    long leaveMsgs = sim.messages() - m0;
    long leaveBytes = sim.bytes() - b0;

    sim.runUntil(sim.now() + 5_000);
    long clean = exit(sim, false);
    sim.runUntil(sim.now() + QUIET_MILLIS);
    boolean endA = sim.converged();
    long events = sim.eventsProcessed();

    // Run B: start, then the router vanishes silently (its ID stays held for alive_timeout).
    Simulator simB = started(cfg, n);
    simB.runUntilConverged(PHASE_DEADLINE_MILLIS);
    simB.runUntil(simB.now() + 10_000);
    long silent = exit(simB, true);
    simB.runUntil(simB.now() + QUIET_MILLIS);
    boolean endB = simB.converged();

    // Then a partition into two halves long enough for each half to have its own router; heal; time to one router.
    long merge = -1;
    if (simB.size() >= 3) {
      int[] groups = new int[simB.size()];
      for (int i = 0; i < groups.length; i++) {
        groups[i] = i % 2;
      }
      simB.partition(groups);
      simB.runUntil(simB.now() + 30_000);
      if (simB.liveRouters() == 2) {
        simB.heal();
        long t = simB.now();
        merge = elapsed(simB.runUntilConverged(t + PHASE_DEADLINE_MILLIS), t);
      }
      simB.runUntil(simB.now() + QUIET_MILLIS);
      endB &= simB.converged();
    }
    // Run C: the router's process is killed (its IDs are freed at once, its peers see ICE fail ~5 s later) and
    // restarted 12 s later with the same data: it claims slot 1 while the survivors may sit on slot 2.
    Simulator simC = started(cfg, n);
    simC.runUntilConverged(PHASE_DEADLINE_MILLIS);
    simC.runUntil(simC.now() + 10_000);
    long restartSplit = -1;
    int victim = simC.router();
    if (victim >= 0 && n >= 2) {
      long before = simC.longestSplitMillis(Simulator.DEFAULT_NS);
      simC.killProcess(victim);
      simC.runUntil(simC.now() + RESTART_AFTER_MILLIS);
      simC.start(victim);
      simC.runUntil(simC.now() + PHASE_DEADLINE_MILLIS);
      restartSplit = Math.max(0, simC.longestSplitMillis(Simulator.DEFAULT_NS) - before);
    }
    simC.runUntil(simC.now() + QUIET_MILLIS);
    boolean endC = simC.converged();
    return new Result(n, cfg.seed(), start, joinMsgs, joinBytes, leaveMsgs, leaveBytes, clean, silent, merge,
        restartSplit, endA && endB && endC, Math.max(sim.liveRouters(), Math.max(simB.liveRouters(),
        simC.liveRouters())), events + simB.eventsProcessed() + simC.eventsProcessed());
  }

  private static Simulator started(SimConfig cfg, int n) {
    Simulator sim = new Simulator(cfg);
    for (int i = 0; i < n; i++) {
      sim.addPeer();
    }
    for (int i = 0; i < n; i++) {
      sim.start(i);
    }
    return sim;
  }

  /** The router leaves (cleanly or silently); time until the survivors converged, or -1. */
  private static long exit(Simulator sim, boolean silently) {
    int router = sim.router();
    if (router < 0) {
      return -1;
    }
    long t = sim.now();
    if (silently) {
      sim.killSilently(router);
    } else {
      sim.stopClean(router);
    }
    return elapsed(sim.runUntilConverged(t + PHASE_DEADLINE_MILLIS), t);
  }

  private static long elapsed(long at, long from) {
    return at < 0 ? -1 : at - from;
  }
}
