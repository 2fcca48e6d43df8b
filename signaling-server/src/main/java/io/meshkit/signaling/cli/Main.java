package io.meshkit.signaling.cli;

import io.meshkit.ops.Launcher;
import io.meshkit.ops.Readiness;
import io.meshkit.signaling.beacon.BeaconOptions;
import io.meshkit.signaling.beacon.BeaconService;
import io.meshkit.signaling.netty.LoggingRealmListener;
import io.meshkit.signaling.netty.SignalingServer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar signaling-server.jar --port 9000}: the same command line as peerjs-server's {@code peerjs}.
 * Exit status 1 for a bad command line, as the reference's yargs does (the CLI differential tests
 * compare it); 1 when the server cannot start; 0 after SIGTERM or SIGINT.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        CliArgs.Command cmd;
        try {
            cmd = CliArgs.parse(Arrays.asList(args), System.getenv());
        } catch (CliArgs.UsageException e) {
            System.err.println(CliArgs.usage());
            System.err.println();
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        if (cmd instanceof CliArgs.Help) {
            System.out.println(CliArgs.usage());
            System.out.println(ClusterArgs.usage());
            System.out.println(AppArgs.usage());
            System.out.println(BeaconArgs.usage());
            return;
        }
        if (cmd instanceof CliArgs.Version) {
            System.out.println(Launcher.version(Main.class));
            return;
        }
        Launcher.disableLeakDetectionUnlessAsked();
        // The exit path is in place before the server starts: a SIGTERM that arrives just after "Started PeerServer"
        // is printed (an orchestrator's, a test's) must find the reference's exit status 0, not the JVM's 143.
        AtomicReference<SignalingServer> running = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SignalingServer s = running.get();
            if (s != null) {
                s.close();
            }
            stopped.countDown();
        }, "signaling-shutdown"));
        exitZeroOnSignal("TERM");
        exitZeroOnSignal("INT");
        try {
            CliArgs.Run run = (CliArgs.Run) cmd;
            // Accepted like yargs does, but never silently: a misspelt flag would otherwise look applied.
            for (String warning : run.warnings()) {
                LOG.warn(warning);
            }
            BeaconOptions beacon = BeaconArgs.parse(Arrays.asList(args));
            BeaconService beacons = beacon == null ? null : new BeaconService(beacon);
            if (beacons != null) {
                beacons.describe().forEach(LOG::info);
            }
            running.set(SignalingServer.start(run.options(), new LoggingRealmListener(), new Readiness(), run.operations(),
                    ClusterArgs.parse(Arrays.asList(args), System.getenv()),
                    AppServing.handler(AppArgs.parse(Arrays.asList(args)), run.options(), beacon), beacons));
        } catch (CliArgs.UsageException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        } catch (IllegalStateException e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(1);
            return;
        }
        stopped.await();
    }

    /**
     * The reference exits 0 on SIGTERM and SIGINT ({@code bin/peerjs.ts}: {@code server.close()}
     * then {@code process.exit(0)}); the JVM's default would be 143/130. System.exit(0) still runs
     * the shutdown hook above (Close 1012 to every client, then stop).
     */
    private static void exitZeroOnSignal(String name) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> System.exit(0));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // No such signal on this platform, or the JVM reserves it (-Xrs): keep the JVM's default.
        }
    }
}
