package io.meshkit.bench;

import io.meshkit.bench.connections.ConnectionLoad;
import io.meshkit.bench.relay.RelayLoad;
import io.meshkit.bench.report.Report;
import io.meshkit.bench.stun.StunLoad;

/**
 * The load generators and the report writer behind {@code bench/run}. Each generator drives one
 * running server (started and pinned by {@code bench/run}) and writes its figures as a result file.
 * Exit status 2 for a bad command line, as the servers' and the mesh client's (but the signaling
 * server, which exits 1 like peerjs-server).
 */
public final class Main {
    static final String USAGE = "usage: bench.jar relay|connections|stun|report|hotspots --name value …  (or --version)";

    private Main() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 1 && argv[0].equals("--version")) {
            String v = Main.class.getPackage().getImplementationVersion();
            System.out.println(v == null ? "unknown (not run from a jar)" : v);
            return;
        }
        if (argv.length == 0 || argv[0].equals("--help")) {
            (argv.length == 0 ? System.err : System.out).println(USAGE);
            System.exit(argv.length == 0 ? 2 : 0);
            return;
        }
        try {
            Args args = new Args(argv, 1);
            switch (argv[0]) {
                case "relay" -> RelayLoad.run(args);
                case "connections" -> ConnectionLoad.run(args);
                case "stun" -> StunLoad.run(args);
                case "report" -> Report.run(args);
                case "hotspots" -> io.meshkit.bench.profile.Hotspots.run(args);
                default -> throw new Args.UsageException("unknown benchmark: " + argv[0]);
            }
        } catch (Args.UsageException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        System.exit(0);
    }
}
