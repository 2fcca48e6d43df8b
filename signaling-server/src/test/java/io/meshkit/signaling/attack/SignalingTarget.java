package io.meshkit.signaling.attack;

import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.PrometheusText;
import io.meshkit.testkit.Repo;
import io.meshkit.testkit.attack.ProductionJvm;
import io.meshkit.testkit.attack.TargetProcess;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The signaling server's real jar under attack, started with the production JVM flags on loopback,
 * and the legitimate client the attack tests time. {@code -Dmeshkit.attack.signalingJar=PATH}
 * attacks another build (the "before" figures of docs/SECURITY.md came from the jar before the fixes).
 */
final class SignalingTarget {
    static final String HOST = "127.0.0.1";
    private static final AtomicInteger LEGIT = new AtomicInteger();

    private SignalingTarget() {}

    static Path jar() {
        return TargetProcess.jar(Repo.root().resolve("signaling-server/target/signaling-server.jar"),
                "meshkit.attack.signalingJar");
    }

    /** Starts the jar on a free loopback port with {@code /metrics} served and {@code flags} added. */
    static TargetProcess start(String name, String... flags) {
        int port = PeerServers.freeTcpPort();
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--host", HOST, "--metrics", "true"));
        args.addAll(List.of(flags));
        return TargetProcess.startJar(name, jar(), ProductionJvm.flags("signaling-server"), args, HOST, port,
                Duration.ofSeconds(60));
    }

    /** A loopback source address other than 127.0.0.1 (Linux routes all of 127/8 to lo). */
    static InetAddress source(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {127, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * One round of a legitimate PeerJS client from 127.0.0.1: register a fresh ID, get {@code OPEN},
     * have a message relayed to itself, leave. Throws if any step fails or times out.
     */
    static void legitRound(TargetProcess target, Duration timeout) throws Exception {
        String id = "legit-" + ProcessHandle.current().pid() + "-" + LEGIT.incrementAndGet();
        long t0 = System.nanoTime();
        try (RawWs ws = RawWs.open(HOST, target.port(), RawWs.peerjs(id, "tok"), null, (int) timeout.toMillis())) {
            long upgraded = System.nanoTime();
            if (!ws.upgraded()) {
                throw new IllegalStateException("handshake: " + ws.status);
            }
            ws.readUntil("\"type\":\"OPEN\"");
            long opened = System.nanoTime();
            ws.text("{\"type\":\"CANDIDATE\",\"dst\":\"" + id + "\",\"payload\":{\"n\":1}}");
            ws.readUntil("\"src\":\"" + id + "\"");
            long relayed = System.nanoTime();
            ws.frame(RawWs.CLOSE, true, new byte[] {0x03, (byte) 0xe8});
            slowest(relayed - t0, String.format(java.util.Locale.ROOT,
                    "connect+upgrade %d ms, OPEN %d ms, relay %d ms", (upgraded - t0) / 1_000_000,
                    (opened - upgraded) / 1_000_000, (relayed - opened) / 1_000_000));
        }
    }

    private static long slowestNanos;
    private static String slowest = "none";

    /** Keeps where the time of the slowest round went (for the report: a queue in the kernel, or the server). */
    private static synchronized void slowest(long nanos, String breakdown) {
        if (nanos > slowestNanos) {
            slowestNanos = nanos;
            slowest = breakdown;
        }
    }

    /** The slowest round since the last call, broken down, and forgets it. */
    static synchronized String takeSlowest() {
        String s = slowest;
        slowest = "none";
        slowestNanos = 0;
        return s;
    }

    /** A counter's value (0 when absent). */
    static double counter(PrometheusText m, String name, String... labels) {
        return m.count(name, labels);
    }
}
