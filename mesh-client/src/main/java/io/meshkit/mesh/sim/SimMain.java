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

  /** The command line: {@code [N...] [--seeds K] [--loaded]}, or {@code --help} / {@code --version}. */
  record Args(List<Integer> sizes, int seeds, boolean loaded, boolean help, boolean version) {}

  static final String USAGE = String.join("\n",
      "usage: java -cp mesh-client.jar io.meshkit.mesh.sim.SimMain [N...] [--seeds K] [--loaded]",
      "  N          mesh sizes to simulate (default 2 10 100 1000)",
      "  --seeds K  runs per size, the worst of them is shown (default 5)",
      "  --loaded   slow signaling, connects often slower than the connect timeout",
      "  --version  the version; --help this text",
      "exit status 2 for a bad command line");

  /** Parses {@code args}; a bad command line is an {@link IllegalArgumentException} saying what is wrong. */
  static Args parse(String[] args) {
    List<Integer> ns = new ArrayList<>();
    int seeds = 5;
    boolean loaded = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          return new Args(List.of(), 0, false, true, false);
        }
        case "--version" -> {
          return new Args(List.of(), 0, false, false, true);
        }
        case "--loaded" -> loaded = true;
        case "--seeds" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--seeds needs a number");
          }
          seeds = positive("--seeds", args[++i]);
        }
        default -> ns.add(positive("a mesh size", args[i]));
      }
    }
    return new Args(ns.isEmpty() ? List.of(2, 10, 100, 1000) : ns, seeds, loaded, false, false);
  }

  private static int positive(String what, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(what + " must be a positive whole number, not '" + value + "'");
  }

  public static void main(String[] argv) {
    Args args;
    try {
      args = parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println("sim: " + e.getMessage() + " (--help lists the flags)");
      System.exit(2);
      return;
    }
    if (args.help()) {
      System.out.println(USAGE);
      return;
    }
    if (args.version()) {
      String v = SimMain.class.getPackage().getImplementationVersion();
      System.out.println(v == null ? "unknown (not run from a jar)" : v);
      return;
    }
    System.out.println(header());
    for (int n : args.sizes()) {
      System.out.println(row(n, args.seeds(), args.loaded()));
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
