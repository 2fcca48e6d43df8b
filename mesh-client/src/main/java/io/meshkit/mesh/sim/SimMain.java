package io.meshkit.mesh.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints the simulator's figures:
 * {@code java -cp mesh-client.jar io.meshkit.mesh.sim.SimMain [N...] [--seeds K] [--loaded]}. For each N the scenario of {@link Scenario} runs with K seeds; the table shows the worst (max) over the seeds of each
 * time and the mean of messages and bytes per membership change. {@code --loaded} runs the world of
 * {@link SimConfig#loaded} (slow signaling, connects often slower than the connect timeout) instead of the default one.
 */
public final class SimMain {

  private SimMain() {}

  public static void main(String[] args) {
    List<Integer> ns = new ArrayList<>();
    int seeds = 5;
    boolean loaded = false;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--seeds")) {
        seeds = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--loaded")) {
        loaded = true;
      } else {
        ns.add(Integer.parseInt(args[i]));
      }
    }
    if (ns.isEmpty()) {
      ns = List.of(2, 10, 100, 1000);
    }
    System.out.println(header());
    for (int n : ns) {
      System.out.println(row(n, seeds, loaded));
    }
  }

  static String header() {
    return "| N | seeds | start ms (max) | clean router exit ms (max) | silent router loss ms (max) "
        + "| split-brain merge after heal ms (max) | two routers after a restart ms (max) "
        + "| join msgs | join bytes | leave msgs | leave bytes | converged at end | wall ms |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|";
  }

  static String row(int n, int seeds) {
    return row(n, seeds, false);
  }

  static String row(int n, int seeds, boolean loaded) {
    long wall0 = System.nanoTime();
    long start = 0;
    long clean = 0;
    long silent = 0;
    long merge = 0;
    long restart = 0;
    long jm = 0;
    long jb = 0;
    long lm = 0;
    long lb = 0;
    int ok = 0;
    for (int s = 1; s <= seeds; s++) {
      Scenario.Result r = Scenario.run(loaded ? SimConfig.loaded(s) : SimConfig.defaults(s), n);
      start = maxOrFail(start, r.startMillis());
      clean = maxOrFail(clean, r.cleanExitMillis());
      silent = maxOrFail(silent, r.silentLossMillis());
      merge = n >= 3 ? maxOrFail(merge, r.splitBrainMergeMillis()) : merge;
      restart = maxOrFail(restart, r.restartTwoRoutersMillis());
      jm += r.joinMessages();
      jb += r.joinBytes();
      lm += r.leaveMessages();
      lb += r.leaveBytes();
      ok += r.convergedAtEnd() && r.routersAtEnd() == 1 ? 1 : 0;
    }
    long wall = (System.nanoTime() - wall0) / 1_000_000;
    return "| " + n + " | " + seeds + " | " + fmt(start) + " | " + fmt(clean) + " | " + fmt(silent) + " | "
        + (n >= 3 ? fmt(merge) : "n/a") + " | " + fmt(restart) + " | "
        + jm / seeds + " | " + jb / seeds + " | " + lm / seeds + " | " + lb / seeds + " | " + ok + "/" + seeds
        + " | " + wall + " |";
  }

  private static long maxOrFail(long acc, long v) {
    return acc < 0 || v < 0 ? -1 : Math.max(acc, v);
  }

  private static String fmt(long v) {
    return v < 0 ? "NOT CONVERGED" : Long.toString(v);
  }
}
