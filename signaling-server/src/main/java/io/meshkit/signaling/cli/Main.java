package io.meshkit.signaling.cli;

import io.meshkit.signaling.health.Readiness;
import io.meshkit.signaling.netty.LoggingRealmListener;
import io.meshkit.signaling.netty.SignalingServer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar signaling-server.jar --port 9000}: the same command line as peerjs-server's {@code peerjs}. */
public final class Main {
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
            return;
        }
        if (cmd instanceof CliArgs.Version) {
            String v = Main.class.getPackage().getImplementationVersion();
            System.out.println(v == null ? "dev" : v);
            return;
        }
        SignalingServer server;
        try {
            CliArgs.Run run = (CliArgs.Run) cmd;
            server = SignalingServer.start(run.options(), new LoggingRealmListener(), new Readiness(), run.operations(),
                    ClusterArgs.parse(Arrays.asList(args), System.getenv()));
        } catch (CliArgs.UsageException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        } catch (IllegalStateException e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "signaling-shutdown"));
        stopped.await();
    }
}
