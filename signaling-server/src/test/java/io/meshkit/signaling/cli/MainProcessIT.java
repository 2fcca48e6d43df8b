package io.meshkit.signaling.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.meshkit.testkit.ManagedProcess;
import org.junit.jupiter.api.Test;

/** The launcher as a supervisor sees it: exit statuses of a real process. */
class MainProcessIT {
    private static Process launch(int port, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--port", Integer.toString(port), "--host", "127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void shouldExitNonZeroWithTheReasonWhenThePortIsTaken() throws Exception {
        Path log = Files.createTempFile("signaling", ".log");
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Process p = launch(busy.getLocalPort(), log);
            boolean ended = p.waitFor(30, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            assertThat(ended).as("the process must not stay up after a bind failure").isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("Address already in use");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void shouldExitZeroOnSigtermLikeTheReference() throws Exception {
        Path log = Files.createTempFile("signaling", ".log");
        int port;
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = free.getLocalPort();
        }
        Process p = launch(port, log);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(log, StandardCharsets.UTF_8).contains("Started PeerServer")
                    && p.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                p.waitFor(50, TimeUnit.MILLISECONDS); // polls the log, bounded by the deadline
            }
            assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("Started PeerServer");
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static ManagedProcess.Finished runJar(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-jar",
                Path.of("target", "signaling-server.jar").toString()));
        cmd.addAll(List.of(args));
        return ManagedProcess.run("signaling-cli", cmd, java.time.Duration.ofSeconds(60));
    }

    @Test
    void shouldPrintTheProjectVersionFromTheJar() {
        ManagedProcess.Finished r = runJar("--version");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().strip()).isEqualTo(System.getProperty("meshkit.version")).isNotBlank();
    }

    @Test
    void shouldExitWithStatusOneOnABadCommandLineLikeTheReference() {
        // peerjs-server's yargs exits 1 (ReferenceCliDiffIT compares the two); the other CLIs use 2.
        ManagedProcess.Finished r = runJar("--port", "not-a-port");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("--port");
    }

    @Test
    void shouldPrintEveryGroupOfFlagsInItsHelp() {
        ManagedProcess.Finished r = runJar("--help");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("--port", "--redis", "--app_path", "--beacon-key", "--beacon-origin",
                "--beacon-period", "--beacon-verify-key", "--require-beacon");
    }

    @Test
    void shouldExitWithStatusOneOnBeaconFlagsThatCannotWork() {
        ManagedProcess.Finished r = runJar("--port", "0", "--beacon-origin", "https://app.example");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("--beacon-origin needs --beacon-key");
        ManagedProcess.Finished wild = runJar("--port", "0", "--require-beacon", "--beacon-verify-key", "0".repeat(130));
        assertThat(wild.exitCode()).as(wild.output()).isEqualTo(1);
        assertThat(wild.output()).contains("--beacon-verify-key");
    }

    @Test
    void shouldWarnOncePerIgnoredFlagAtStart() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = free.getLocalPort();
        }
        List<String> cmd = List.of(ManagedProcess.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", Integer.toString(port), "--host", "127.0.0.1", "--alive-timeout", "900",
                "--allow_discovery");
        try (ManagedProcess p = ManagedProcess.start("signaling-warn", cmd)) {
            p.awaitTcp("127.0.0.1", port, java.time.Duration.ofSeconds(60));
            String out = p.output();
            assertThat(out).contains("ignoring unknown flag --alive-timeout (did you mean --alive_timeout?)");
            assertThat(out.lines().filter(l -> l.contains("ignoring unknown flag"))).as("one line per flag").hasSize(1);
            assertThat(out).as("known flags pass without a word").doesNotContain("--allow_discovery");
        }
    }
}
