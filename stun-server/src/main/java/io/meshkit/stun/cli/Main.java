package io.meshkit.stun.cli;

import io.meshkit.ops.Launcher;
import io.meshkit.stun.StartupException;
import io.meshkit.stun.StunServer;
import io.meshkit.stun.StunServerConfig;
import io.meshkit.stun.metrics.StunOps;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar stun-server.jar [flags]}: runs the STUN server until SIGTERM/SIGINT.
 * Exit status 2 for a bad command line, 1 when the server cannot start.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        StunServerConfig config;
        Options options;
        try {
            options = Options.parse(args);
            if (options.help()) {
                System.out.print(Options.USAGE);
                return;
            }
            if (options.version()) {
                System.out.println(Launcher.version(Main.class));
                return;
            }
            config = options.config();
        } catch (IllegalArgumentException e) {
            System.err.println("stun-server: " + e.getMessage());
            System.err.println("Try --help.");
            System.exit(2);
            return;
        }
        Launcher.disableLeakDetectionUnlessAsked();
        StunServer server;
        StunOps http;
        try {
            server = StunServer.start(config);
        } catch (StartupException e) {
            System.err.println("stun-server: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            http = options.http().isPresent() ? StunOps.start(options.http().get(), server.stats()) : null;
        } catch (StartupException e) {
            server.close();
            System.err.println("stun-server: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (http != null) {
                http.draining();
            }
            server.close();
            if (http != null) {
                http.close();
            }
            stopped.countDown();
        }, "stun-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
