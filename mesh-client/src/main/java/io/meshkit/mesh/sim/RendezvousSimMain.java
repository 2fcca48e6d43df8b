package io.meshkit.mesh.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the rendezvous simulator's figures (docs/PROTOCOL.md §15.1):
 * {@code java -cp mesh-client.jar io.meshkit.mesh.sim.RendezvousSimMain [--seeds K] [--clients N] [--budget B...]
 * [--hours H]}. For each budget, the population of {@link RendezvousSimConfig#defaults} runs with seeds 1..K; the row
 * pools the seeds: time to meet (from both online to an authenticated link) over all encounters and over those that
 * needed a rendezvous meeting, the share of whole-slot encounters that met within that slot, the rendezvous signaling
 * connections per client, and the safety counts (imposters believed, steps over budget), which must be 0.
 */
public final class RendezvousSimMain {

  private RendezvousSimMain() {}

  static final String USAGE = String.join("\n",
      "usage: java -cp mesh-client.jar io.meshkit.mesh.sim.RendezvousSimMain [--seeds K] [--clients N] [--budget B]..."
          + " [--hours H]",
      "  --seeds K    runs per row, seeds 1..K (default 5)",
      "  --clients N  clients, 5 special contacts each (default 200)",
      "  --budget B   rendezvous budget, one row each (default 4 and 10)",
      "  --hours H    simulated hours per run (default 12)",
      "  --version    the version; --help this text",
      "exit status 2 for a bad command line");

  /** The command line. */
  record Args(int seeds, int clients, int hours, List<Integer> budgets, boolean help, boolean version) {}

  /** Parses {@code argv}; a bad command line is an {@link IllegalArgumentException} saying what is wrong. */
  static Args parse(String[] argv) {
    int seeds = 5;
    int clients = 200;
    int hours = 12;
    List<Integer> budgets = new ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      switch (argv[i]) {
        case "--help", "-h" -> {
          return new Args(0, 0, 0, List.of(), true, false);
        }
        case "--version" -> {
          return new Args(0, 0, 0, List.of(), false, true);
        }
        case "--seeds" -> seeds = positive(argv, ++i);
        case "--clients" -> clients = positive(argv, ++i);
        case "--budget" -> budgets.add(positive(argv, ++i));
        case "--hours" -> hours = positive(argv, ++i);
        default -> throw new IllegalArgumentException("unknown argument '" + argv[i] + "'");
      }
    }
    if (clients <= RendezvousSimConfig.defaults(1).specials()) {
      throw new IllegalArgumentException("--clients must be more than the 5 special contacts each has");
    }
    return new Args(seeds, clients, hours, budgets.isEmpty() ? List.of(4, 10) : budgets, false, false);
  }

  public static void main(String[] argv) {
    Args args;
    try {
      args = parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println("rendezvous sim: " + e.getMessage() + " (--help lists the flags)");
      System.exit(2);
      return;
    }
    if (args.help()) {
      System.out.println(USAGE);
      return;
    }
    if (args.version()) {
      String v = RendezvousSimMain.class.getPackage().getImplementationVersion();
      System.out.println(v == null ? "unknown (not run from a jar)" : v);
      return;
    }
    System.out.println(header());
    for (int b : args.budgets()) {
      System.out.println(row(RendezvousSimConfig.defaults(1).withClients(args.clients()).withBudget(b)
          .withDuration(args.hours() * 3_600_000L), args.seeds()));
    }
  }

  private static int positive(String[] argv, int i) {
    if (i >= argv.length) {
      throw new IllegalArgumentException(argv[i - 1] + " needs a number");
    }
    try {
      int n = Integer.parseInt(argv[i]);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(argv[i - 1] + " must be a positive whole number, not '" + argv[i] + "'");
  }

  static String header() {
    return "| clients × specials | budget | seeds | encounters | time to meet p50 / p90 / p99 / max s "
        + "| via rendezvous: n, p50 / p90 / p99 / max s | whole-slot encounters met within the slot "
        + "| rendezvous connections per client: max / mean | namespaces held max | claims per client-hour "
        + "| imposters caught: rendezvous / Transport ID / believed | steps over budget |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|";
  }

  /** One row: {@code base} with seeds 1..{@code seeds}, pooled. */
  static String row(RendezvousSimConfig base, int seeds) {
    return row(base, runs(base, seeds), seeds);
  }

  static List<RendezvousSimReport> runs(RendezvousSimConfig base, int seeds) {
    List<RendezvousSimReport> out = new ArrayList<>();
    for (int s = 1; s <= seeds; s++) {
      out.add(new RendezvousSim(base.withSeed(s)).run());
    }
    return out;
  }

  static String row(RendezvousSimConfig base, List<RendezvousSimReport> reports, int seeds) {
    List<Long> all = new ArrayList<>();
    List<Long> rdv = new ArrayList<>();
    long encounters = 0;
    long full = 0;
    long within = 0;
    int maxConn = 0;
    int maxNs = 0;
    double meanConn = 0;
    double claims = 0;
    long caught = 0;
    long caughtTid = 0;
    long believed = 0;
    long over = 0;
    for (RendezvousSimReport r : reports) {
      all.addAll(r.timeToMeet);
      rdv.addAll(r.timeToMeetRendezvous);
      encounters += r.encounters;
      full += r.fullSlotEncounters;
      within += r.metWithinFullSlot;
      maxConn = Math.max(maxConn, r.maxConnections);
      maxNs = Math.max(maxNs, r.maxNamespaces);
      meanConn += r.meanConnections / reports.size();
      claims += r.claimsPerClientHour / reports.size();
      caught += r.impostersCaught;
      caughtTid += r.transportIdImposters;
      believed += r.impostersAccepted;
      over += r.overBudget;
    }
    return String.format(Locale.ROOT, "| %d × %d | %d | %d | %d | %s | %d, %s | %d / %d (%.1f %%) | %d / %.2f | %d | %.1f "
            + "| %d / %d / %d | %d |", base.clients(), base.specials(), base.budget(), seeds, encounters, quantiles(all),
        rdv.size(), quantiles(rdv), within, full, full == 0 ? 100.0 : 100.0 * within / full, maxConn, meanConn, maxNs,
        claims, caught, caughtTid, believed, over);
  }

  private static String quantiles(List<Long> v) {
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f", RendezvousSimReport.quantile(v, 0.5) / 1000.0,
        RendezvousSimReport.quantile(v, 0.9) / 1000.0, RendezvousSimReport.quantile(v, 0.99) / 1000.0,
        RendezvousSimReport.quantile(v, 1.0) / 1000.0);
  }
}
