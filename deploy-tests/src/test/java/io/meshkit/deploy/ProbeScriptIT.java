package io.meshkit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.ManagedProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code docker/probe.sh} (the images' {@code meshkit-probe}: health checks, Kubernetes exec probes
 * and the {@code helm test} hook) against the real server jars: each mode passes against a working
 * server and fails, with a reason, against a wrong key, a wrong path or a port nobody serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbeScriptIT {
    private static final Duration STARTUP = Duration.ofSeconds(150);
    private ManagedProcess signaling;
    private ManagedProcess stun;
    private int signalingPort;
    private int stunPort;
    private int nobody;

    @BeforeAll
    void start() {
        signalingPort = Ports.freeTcp();
        stunPort = Ports.freeTcpAndUdp();
        nobody = Ports.freeTcpAndUdp();
        signaling = ManagedProcess.start("probe-signaling", List.of(ManagedProcess.javaExecutable(), "-Xmx128m", "-jar",
                Podman.requireJar("signaling-server").toString(), "--port", String.valueOf(signalingPort), "--host", "127.0.0.1",
                "--key", "probekey", "--path", "/app/"))
                .awaitTcp("127.0.0.1", signalingPort, STARTUP);
        stun = ManagedProcess.start("probe-stun", List.of(ManagedProcess.javaExecutable(), "-Xmx128m", "-jar",
                Podman.requireJar("stun-server").toString(), "--port", String.valueOf(stunPort), "--host", "127.0.0.1"))
                .awaitTcp("127.0.0.1", stunPort, STARTUP);
    }

    @AfterAll
    void stop() {
        if (signaling != null) {
            signaling.close();
        }
        if (stun != null) {
            stun.close();
        }
    }

    @Test
    void shouldRegisterAPeerJsSocketOnlyWithTheRightPathAndKey() {
        assertThat(probe("peerjs", "127.0.0.1:" + signalingPort, "/app/", "probekey").exitCode()).isZero();
        assertThat(probe("peerjs", "localhost:" + signalingPort, "/app", "probekey").exitCode())
                .as("a path without its trailing slash is completed").isZero();
        Probe wrongKey = probe("peerjs", "127.0.0.1:" + signalingPort, "/app/", "other");
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.output()).contains("first PeerJS message was not OPEN");
        Probe wrongPath = probe("peerjs", "127.0.0.1:" + signalingPort, "/", "probekey");
        assertThat(wrongPath.exitCode()).isEqualTo(1);
        assertThat(wrongPath.output()).contains("WebSocket upgrade answered");
        assertThat(probe("peerjs", "127.0.0.1:" + nobody).exitCode()).isEqualTo(1);
    }

    @Test
    void shouldGetAStunBindingSuccessOverUdpAndTcp() {
        assertThat(probe("stun-udp", "127.0.0.1:" + stunPort).exitCode()).isZero();
        assertThat(probe("stun-tcp", "127.0.0.1:" + stunPort).exitCode()).isZero();
        assertThat(probe("stun-tcp", String.valueOf(stunPort)).exitCode()).as("PORT alone means 127.0.0.1").isZero();
        Probe udp = probe("stun-udp", "127.0.0.1:" + nobody);
        assertThat(udp.exitCode()).isEqualTo(1);
        assertThat(udp.output()).contains("no STUN Binding success over UDP");
        assertThat(probe("stun-tcp", "127.0.0.1:" + nobody).exitCode()).isEqualTo(1);
        // A server that answers, but not STUN: the signaling port.
        Probe notStun = probe("stun-tcp", "127.0.0.1:" + signalingPort);
        assertThat(notStun.exitCode()).isEqualTo(1);
        assertThat(notStun.output()).contains("STUN answer over TCP");
    }

    @Test
    void shouldCheckHttpStatusAndRejectABadCommandLine() {
        assertThat(probe("http", "127.0.0.1:" + signalingPort, "/health").exitCode()).isZero();
        assertThat(probe("http", String.valueOf(signalingPort), "/ready").exitCode()).isZero();
        assertThat(probe("http", String.valueOf(signalingPort), "/nothing").exitCode()).isEqualTo(1);
        assertThat(probe("nonsense", "1").exitCode()).isEqualTo(64);
        assertThat(probe("http", "host:notaport").exitCode()).isEqualTo(64);
    }

    private static Probe probe(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", "docker/probe.sh"));
        cmd.addAll(List.of(args));
        Podman.Result r = Podman.run(cmd, Duration.ofSeconds(30));
        return new Probe(r.exitCode(), r.output());
    }

    private record Probe(int exitCode, String output) {}
}
