package io.meshkit.e2e;

import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.lab.Await;
import io.meshkit.testkit.lab.Namespace;
import io.meshkit.testkit.lab.Wan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts our servers in the lab's WAN namespace and waits until they answer there. */
public final class WanServers {
    /** The STUN port, as in {@code stun:203.0.113.1:3478}. */
    public static final int STUN_PORT = 3478;
    /** The PeerJS signaling port. */
    public static final int SIGNALING_PORT = 9000;
    /** Generous: a JVM server starts in about a second alone, but far slower on a busy 2-core machine. */
    static final Duration STARTUP = Duration.ofSeconds(60);

    private WanServers() {}

    /**
     * Our STUN responder ({@code io.meshkit.stun.cli.Main}) on {@link Wan#ADDRESS}:{@value #STUN_PORT};
     * {@code -De2e.stun=coturn} runs the same tests against Debian's coturn instead, for comparison.
     */
    public static ManagedProcess stun(Wan wan) {
        String port = Integer.toString(STUN_PORT);
        ManagedProcess p = "coturn".equals(System.getProperty("e2e.stun"))
                ? wan.start("coturn", List.of("turnserver", "-n", "--stun-only", "--listening-ip=" + Wan.ADDRESS,
                        "--listening-port=" + port, "--no-cli", "--no-tls", "--no-dtls", "--log-file=stdout"))
                : wan.startJava("stun", "io.meshkit.stun.cli.Main", "--host", Wan.ADDRESS, "--port", port);
        awaitStunBinding(wan, Wan.ADDRESS, STUN_PORT, p);
        return p;
    }

    /**
     * Our PeerJS signaling server ({@code io.meshkit.signaling.cli.Main}) on port {@value #SIGNALING_PORT};
     * {@code -De2e.signaling=reference} runs npm {@code peer@1.0.2} instead, for comparison.
     */
    static ManagedProcess signaling(Wan wan) {
        PeerServers.Kind kind = "reference".equals(System.getProperty("e2e.signaling"))
                ? PeerServers.Kind.REFERENCE : PeerServers.Kind.MESHKIT;
        return signaling(wan, kind, List.of());
    }

    /** Our signaling server ({@code kind}) on port {@value #SIGNALING_PORT} with {@code flags} added. */
    public static ManagedProcess signaling(Wan wan, PeerServers.Kind kind, List<String> flags) {
        List<String> cmd = new ArrayList<>(PeerServers.command(kind));
        cmd.addAll(List.of("--port", Integer.toString(SIGNALING_PORT)));
        cmd.addAll(flags);
        ManagedProcess p = wan.start("signaling", cmd);
        wan.awaitTcp(Wan.ADDRESS, SIGNALING_PORT, STARTUP, p);
        return p;
    }

    /**
     * Polls with a minimal RFC 8489 Binding request (type 0x0001, length 0, magic cookie, a fixed
     * transaction ID) until a Binding success response (0x0101) comes back over UDP.
     */
    static void awaitStunBinding(Namespace ns, String ip, int port, ManagedProcess server) {
        String request = "\\x00\\x01\\x00\\x00\\x21\\x12\\xa4\\x42" + "\\x6d\\x65\\x73\\x68\\x6b\\x69\\x74\\x2d\\x65\\x32\\x65\\x30";
        Await.until(() -> {
            if (!server.isAlive()) {
                throw new AssertionError("STUN server exited:\n" + server.output());
            }
            Namespace.ExecResult r = ns.tryExec("bash", "-c",
                    "exec 3<>/dev/udp/$1/$2 && printf \"$3\" >&3 && timeout 0.3 head -c 2 <&3 | od -An -tx1",
                    "stun", ip, Integer.toString(port), request);
            return r.ok() && r.output().replace(" ", "").strip().equals("0101");
        }, STARTUP, () -> "no STUN Binding response from " + ip + ":" + port + ":\n" + server.output());
    }
}
