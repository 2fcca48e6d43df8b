package io.meshkit.bench;

import io.meshkit.bench.connections.ConnectionLoad;
import io.meshkit.bench.relay.RelayLoad;
import io.meshkit.bench.report.Report;
import io.meshkit.bench.stun.StunLoad;

/**
 * The load generators and the report writer behind {@code bench/run}. Each generator drives one
 * running server (started and pinned by {@code bench/run}) and writes its figures as a result file.
 */
public final class Main {
    private Main() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: bench.jar relay|connections|stun|report --name value …");
            System.exit(2);
        }
        Args args = new Args(argv, 1);
        switch (argv[0]) {
            case "relay" -> RelayLoad.run(args);
            case "connections" -> ConnectionLoad.run(args);
            case "stun" -> StunLoad.run(args);
            case "report" -> Report.run(args);
            case "hotspots" -> io.meshkit.bench.profile.Hotspots.run(args);
            default -> {
                System.err.println("unknown benchmark: " + argv[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
