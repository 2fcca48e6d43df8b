package io.meshkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a PeerJS signaling server as a child process with the reference CLI's flags: either the
 * reference (npm {@code peer@1.0.2}, run by Node) or ours ({@code io.meshkit.signaling.cli.Main}
 * from the current JVM's class path). Both take the same command line, which is the point: the
 * differential and browser tests run the same scenario against each.
 */
public final class PeerServers {
    private PeerServers() {}

    /** Which implementation to start. */
    public enum Kind {
        /** npm {@code peer@1.0.2}. */
        REFERENCE,
        /** mesh-kit's signaling server. */
        MESHKIT
    }

    /** A running server: its port and process. */
    public record Running(Kind kind, int port, ManagedProcess process) implements AutoCloseable {
        public String httpBase(String host) {
            return "http://" + host + ":" + port;
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** Starts {@code kind} on a free port, listening on all interfaces, with the given extra flags. */
    public static Running start(Kind kind, List<String> flags) {
        int port = freeTcpPort();
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port)));
        args.addAll(flags);
        return start(kind, port, args);
    }

    /** Starts {@code kind} with exactly {@code args} (which must make it listen on {@code port}). */
    public static Running start(Kind kind, int port, List<String> args) {
        List<String> cmd = new ArrayList<>(command(kind));
        cmd.addAll(args);
        ManagedProcess p = ManagedProcess.start(kind.name().toLowerCase() + "-peer-server", cmd);
        try {
            p.awaitTcp("127.0.0.1", port, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return new Running(kind, port, p);
    }

    /** The command (without flags) that starts {@code kind}. */
    public static List<String> command(Kind kind) {
        return switch (kind) {
            case REFERENCE -> List.of(Ci.requireExecutable("/usr/bin/node", "nodejs").toString(),
                    Repo.referencePeerServerCli().toString());
            case MESHKIT -> List.of(ManagedProcess.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                    "io.meshkit.signaling.cli.Main");
        };
    }

    /** A TCP port that was free a moment ago. */
    public static int freeTcpPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
