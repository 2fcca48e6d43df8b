package io.meshkit.signaling.cluster;

import io.meshkit.testkit.Ci;
import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.PeerServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's {@code redis-server} as a child process on loopback, with the options a test needs
 * ({@code --requirepass}, an ACL user, TLS), no persistence. For tests of what the container-based
 * ones cannot easily vary: authentication and TLS.
 */
public final class RedisProcess implements AutoCloseable {
    static final String REDIS_SERVER = "/usr/bin/redis-server";

    private final ManagedProcess process;
    private final int port;

    private RedisProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts redis-server on a free loopback port with {@code options} (e.g. {@code --requirepass x}). */
    public static RedisProcess start(String... options) {
        int port = PeerServers.freeTcpPort();
        return start(port, "--port", Integer.toString(port), options);
    }

    /** Starts redis-server listening for TLS only on a free port (certificates in PEM files). */
    public static RedisProcess startTls(Path cert, Path key, Path ca, String... options) {
        int port = PeerServers.freeTcpPort();
        List<String> o = new ArrayList<>(List.of("--tls-port", Integer.toString(port), "--tls-cert-file", cert.toString(),
                "--tls-key-file", key.toString(), "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no"));
        o.addAll(List.of(options));
        return start(port, "--port", "0", o.toArray(String[]::new));
    }

    private static RedisProcess start(int port, String portFlag, String portValue, String... options) {
        Ci.requireExecutable(REDIS_SERVER, "redis-server");
        List<String> cmd = new ArrayList<>(List.of(REDIS_SERVER, portFlag, portValue, "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no"));
        cmd.addAll(List.of(options));
        ManagedProcess p = ManagedProcess.start("redis-" + port, cmd);
        try {
            p.awaitTcp("127.0.0.1", port, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return new RedisProcess(p, port);
    }

    public int port() {
        return port;
    }

    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
