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
}
