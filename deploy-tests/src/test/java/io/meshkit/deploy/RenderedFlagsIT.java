package io.meshkit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.Repo;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flags the chart's ConfigMaps hold are flags the servers accept: the real jars are started
 * the way the images start them ({@code docker/java-entrypoint.sh} reading {@code MESHKIT_ARGS_FILE})
 * with the rendered files, and must serve with those settings.
 */
class RenderedFlagsIT {
    /** Generous: a JVM start takes seconds alone, a minute on a 2-core box busy with other builds. */
    private static final Duration STARTUP = Duration.ofSeconds(150);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    @Test
    void shouldRunTheSignalingServerWithTheClusterValuesFlagsFile(@TempDir Path dir) throws Exception {
        Path jar = Podman.requireJar("signaling-server");
        int port = Ports.freeTcp();
        int opsPort = Ports.freeTcp();
        RenderedChart chart = RenderedChart.render(c -> c
                .withValuesFile(RenderedChart.chartDir().resolve("ci/cluster-values.yaml"))
                .set("signaling.flags.host", "127.0.0.1")
                .set("signaling.opsPort", opsPort)
                .set("signaling.flags.ops-host", "127.0.0.1")
                .set("signaling.flags.key", "rendered"));
        Path flags = Files.writeString(dir.resolve("signaling.flags"),
                chart.get("ConfigMap", RenderedChart.RELEASE + "-mesh-kit-signaling").path("data").path("signaling.flags").asText());
        // With the JVM options the chart renders: the caps that fit its container limit.
        try (ManagedProcess server = start("signaling", jar, flags, "PORT", String.valueOf(port),
                javaOpts(chart, RenderedChart.RELEASE + "-mesh-kit-signaling"))) {
            server.awaitTcp("127.0.0.1", port, STARTUP);
            assertThat(get(port, "/health").statusCode()).isEqualTo(200);
            assertThat(get(port, "/ready").statusCode()).isEqualTo(200);
            // Metrics on the operations port the chart scrapes, none on the public port.
            server.awaitTcp("127.0.0.1", opsPort, STARTUP);
            assertThat(get(opsPort, "/ready").statusCode()).isEqualTo(200);
            String metrics = get(opsPort, "/metrics").body();
            assertThat(metrics).contains("meshkit_signaling_connections ");
            // The JVM runs with the chart's heap cap (-Xmx192m): the heap pools' maxima add up to it.
            double heapMax = io.meshkit.testkit.PrometheusText.parse(metrics).series().stream()
                    .filter(x -> x.name().equals("jvm_memory_max_bytes") && "heap".equals(x.labels().get("area")))
                    .mapToDouble(io.meshkit.testkit.PrometheusText.Series::value).sum();
            assertThat(heapMax / (1 << 20)).as("heap max MiB").isBetween(150.0, 192.0);
            assertThat(get(port, "/metrics").statusCode()).isEqualTo(404);
            // Proof that the file was read: the key and allow_discovery of the rendered values.
            assertThat(get(port, "/rendered/peers").statusCode()).as("discovery on, under the rendered key").isEqualTo(200);
            assertThat(get(port, "/rendered/id").statusCode()).isEqualTo(200);
            // The browser app, with a config.json that names the rendered key.
            assertThat(get(port, "/app/").statusCode()).isEqualTo(200);
            assertThat(get(port, "/app/config.json").body()).contains("\"key\":\"rendered\"");
        }
    }

    @Test
    void shouldRunTheStunServerWithTheDefaultFlagsFile(@TempDir Path dir) throws Exception {
        Path jar = Podman.requireJar("stun-server");
        int port = Ports.freeTcpAndUdp();
        int httpPort = Ports.freeTcp();
        RenderedChart chart = RenderedChart.render(c -> c.set("stun.port", port).set("stun.flags.host", "127.0.0.1")
                .set("stun.httpPort", httpPort).set("stun.flags.http-host", "127.0.0.1"));
        Path flags = Files.writeString(dir.resolve("stun.flags"),
                chart.get("ConfigMap", RenderedChart.RELEASE + "-mesh-kit-stun").path("data").path("stun.flags").asText());
        try (ManagedProcess server = start("stun", jar, flags, "STUN_PORT", String.valueOf(port),
                javaOpts(chart, RenderedChart.RELEASE + "-mesh-kit-stun"))) {
            server.awaitTcp("127.0.0.1", port, STARTUP);
            InetSocketAddress reflected = StunProbe.udp(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(10), new Random(3));
            assertThat(reflected.getAddress().isLoopbackAddress()).isTrue();
            // The image's health probe against the same server: a real STUN transaction over TCP.
            Podman.Result probe = Podman.run(List.of("bash", "docker/probe.sh", "stun-tcp", String.valueOf(port)), Duration.ofSeconds(30));
            assertThat(probe.exitCode()).as(probe.output()).isZero();
            // The chart's probes and ServiceMonitor use the operations port the flags file opens.
            assertThat(get(httpPort, "/health").statusCode()).isEqualTo(200);
            assertThat(get(httpPort, "/ready").statusCode()).isEqualTo(200);
            assertThat(get(httpPort, "/metrics").body()).contains("meshkit_stun_requests_total{transport=\"udp\"}");
        }
    }

    @Test
    void shouldRefuseToStartTheStunServerWithAFlagItDoesNotKnow(@TempDir Path dir) throws Exception {
        // The check above has teeth only if a wrong flags file fails: the STUN server rejects unknown flags.
        Path jar = Podman.requireJar("stun-server");
        Path flags = Files.writeString(dir.resolve("stun.flags"), "--port 0\n--no-such-flag 1\n");
        try (ManagedProcess server = start("stun-bad", jar, flags, "STUN_PORT", "0")) {
            boolean exited = server.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(exited).as("exits on an unknown flag").isTrue();
            assertThat(server.process().exitValue()).isNotZero();
            assertThat(server.output()).contains("no-such-flag");
        }
    }

    private static ManagedProcess start(String name, Path jar, Path flags, String portVar, String port) {
        return start(name, jar, flags, portVar, port, "-Xmx128m");
    }

    /** Through the image's entry point, with the launcher defaults of docker/jvm and these JAVA_OPTS. */
    private static ManagedProcess start(String name, Path jar, Path flags, String portVar, String port, String javaOpts) {
        Path entry = Repo.root().resolve("docker/java-entrypoint.sh");
        // The entry point runs `java` from PATH, as in the image; here the JVM running the tests.
        String path = Path.of(ManagedProcess.javaExecutable()).getParent() + ":" + System.getenv("PATH");
        return ManagedProcess.start(name, List.of("env", "MESHKIT_ARGS_FILE=" + flags, portVar + "=" + port,
                "PATH=" + path, "JAVA_OPTS=" + javaOpts, "bash", entry.toString(), jar.toString()));
    }

    private static String javaOpts(RenderedChart chart, String deployment) {
        return RenderedChart.env(RenderedChart.container(chart.get("Deployment", deployment)), "JAVA_OPTS");
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
