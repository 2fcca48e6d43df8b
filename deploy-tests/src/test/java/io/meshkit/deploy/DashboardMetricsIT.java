package io.meshkit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.PrometheusText;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every metric the Grafana dashboard ({@code helm/mesh-kit/dashboards/mesh-kit.json}) and the
 * chart's PrometheusRule alerts read is one the servers export: both real jars run with traffic
 * (PeerJS sockets, a relay, a message for an absent ID, a malformed frame; STUN over UDP and TCP and
 * a datagram that is not STUN), their operations ports are scraped, and each expression, parsed by
 * the PromQL grammar, must name metrics, labels and label values that occur in those scrapes. The
 * same check must fail on a misspelt metric, label value and grouping label.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardMetricsIT {
    private static final Duration STARTUP = Duration.ofSeconds(150);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final Random random = new Random(11);
    private ManagedProcess signaling;
    private ManagedProcess stun;
    private Map<String, Map<String, Set<String>>> catalog;

    @BeforeAll
    void startServersAndScrape() throws Exception {
        int port = Ports.freeTcp();
        int ops = Ports.freeTcp();
        int stunPort = Ports.freeTcpAndUdp();
        int stunOps = Ports.freeTcp();
        signaling = ManagedProcess.start("dashboard-signaling", List.of(ManagedProcess.javaExecutable(), "-Xmx128m", "-jar",
                Podman.requireJar("signaling-server").toString(), "--port", String.valueOf(port), "--host", "127.0.0.1",
                "--ops-port", String.valueOf(ops), "--expire_timeout", "500"))
                .awaitTcp("127.0.0.1", ops, STARTUP);
        stun = ManagedProcess.start("dashboard-stun", List.of(ManagedProcess.javaExecutable(), "-Xmx128m", "-jar",
                Podman.requireJar("stun-server").toString(), "--port", String.valueOf(stunPort), "--host", "127.0.0.1",
                "--http-port", String.valueOf(stunOps)))
                .awaitTcp("127.0.0.1", stunOps, STARTUP);
        signalingTraffic(port);
        stunTraffic(new InetSocketAddress("127.0.0.1", stunPort));
        // A garbage collection, as any running server has had: the GC pause timer's series appear
        // with the first one.
        for (ManagedProcess p : List.of(signaling, stun)) {
            Podman.run(List.of(java.nio.file.Path.of(ManagedProcess.javaExecutable()).resolveSibling("jcmd").toString(),
                    String.valueOf(p.process().pid()), "GC.run"), Duration.ofSeconds(60)).requireSuccess("jcmd GC.run");
        }
        PrometheusText signalingScrape = PrometheusText.parse(get(ops, "/metrics"));
        PrometheusText stunScrape = PrometheusText.parse(get(stunOps, "/metrics"));
        // The traffic reached the counters: the labelled series the panels read exist.
        assertThat(signalingScrape.count("meshkit_signaling_relays_total", "type", "OFFER")).isPositive();
        assertThat(stunScrape.count("meshkit_stun_requests_total", "transport", "udp")).isPositive();
        catalog = MetricReferences.catalog(List.of(signalingScrape, stunScrape));
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
    void shouldReadOnlyExportedMetricsInTheDashboard() throws Exception {
        List<MetricReferences.Analysis> dashboard = MetricReferences.analyse(MetricReferences.ofDashboard(dashboard()));
        assertThat(MetricReferences.problems(dashboard, catalog)).as("dashboard references").isEmpty();
        // Not vacuous: the panels the operators were promised are there, reading the right series.
        Set<String> metrics = metrics(dashboard);
        assertThat(metrics).contains("meshkit_signaling_connections", "meshkit_signaling_ids_held",
                "meshkit_signaling_relays_total", "meshkit_signaling_dropped_total", "meshkit_signaling_queue_messages",
                "meshkit_signaling_queue_bytes", "meshkit_signaling_event_loop_lag_seconds_bucket",
                "meshkit_stun_requests_total", "meshkit_stun_dropped_total");
        System.out.printf("figures: the dashboard's %d expressions read %d metrics, all exported%n", dashboard.size(), metrics.size());
    }

    @Test
    void shouldReadOnlyExportedMetricsInTheAlerts() {
        List<MetricReferences.Analysis> rules = MetricReferences.analyse(MetricReferences.ofRules(rules()));
        assertThat(MetricReferences.problems(rules, catalog)).as("alert references").isEmpty();
        assertThat(rules).extracting(a -> a.expression().source()).contains("alert MeshKitSignalingDown",
                "alert MeshKitSignalingConcurrentLimit", "alert MeshKitSignalingQueueNearFull", "alert MeshKitSignalingEventLoopLag",
                "alert MeshKitStunDown", "alert MeshKitStunRateLimited", "alert MeshKitOpenFilesHigh");
        System.out.printf("figures: %d alert expressions read %s%n", rules.size(), metrics(rules));
    }

    @Test
    void shouldCatchAMisspeltMetricLabelValueOrGroupingLabel() throws Exception {
        String text = Files.readString(RenderedChart.chartDir().resolve("dashboards/mesh-kit.json"));
        JsonNode misspelt = new ObjectMapper().readTree(text
                .replace("meshkit_signaling_relays_total", "meshkit_signaling_relay_total")
                .replace("sum by (reason) (rate(meshkit_stun_dropped_total", "sum by (reasons) (rate(meshkit_stun_dropped_total")
                .replace("id=\\\"direct\\\"", "id=\\\"drect\\\""));
        List<String> problems = MetricReferences.problems(MetricReferences.analyse(MetricReferences.ofDashboard(misspelt)), catalog);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("metric meshkit_signaling_relay_total is not exported"))
                .anySatisfy(p -> assertThat(p).contains("groups by label 'reasons'"))
                .anySatisfy(p -> assertThat(p).contains("jvm_buffer_memory_used_bytes{id=\"drect\"} never occurs"));

        RenderedChart chart = RenderedChart.render(c -> c.set("metrics.prometheusRule.enabled", true));
        JsonNode rule = new ObjectMapper().readTree(chart.get("PrometheusRule", RenderedChart.RELEASE + "-mesh-kit").toString()
                .replace("reason=\\\"concurrent_limit\\\"", "reason=\\\"concurrent_limt\\\"")
                .replace("rate(meshkit_stun_rate_limited_total", "rate(meshkit_stun_ratelimited_total"));
        List<String> ruleProblems = MetricReferences.problems(MetricReferences.analyse(MetricReferences.ofRules(List.of(rule))), catalog);
        assertThat(ruleProblems).anySatisfy(p -> assertThat(p).contains("reason=\"concurrent_limt\"} never occurs"))
                .anySatisfy(p -> assertThat(p).contains("metric meshkit_stun_ratelimited_total is not exported"));

        List<String> syntax = MetricReferences.problems(MetricReferences.analyse(List.of(
                new MetricReferences.Expression("broken", "sum(rate(meshkit_stun_requests_total[5m])"))), catalog);
        assertThat(syntax).anySatisfy(p -> assertThat(p).contains("syntax error"));
    }

    private static Set<String> metrics(List<MetricReferences.Analysis> analyses) {
        return analyses.stream().flatMap(a -> a.selectors().stream()).map(MetricReferences.Selector::metric)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode dashboard() throws Exception {
        return new ObjectMapper().readTree(RenderedChart.chartDir().resolve("dashboards/mesh-kit.json").toFile());
    }

    private static List<JsonNode> rules() {
        RenderedChart chart = RenderedChart.render(c -> c.set("metrics.prometheusRule.enabled", true));
        return chart.ofKind("PrometheusRule");
    }

    private void signalingTraffic(int port) throws Exception {
        List<RawWebSocket> sockets = new ArrayList<>();
        try {
            for (String id : List.of("dash-a", "dash-b")) {
                RawWebSocket ws = RawWebSocket.open("127.0.0.1", port, "/peerjs?key=peerjs&id=" + id + "&token=t", Duration.ofSeconds(10), random);
                sockets.add(ws);
                assertThat(ws.receiveText(Duration.ofSeconds(10))).contains("OPEN");
            }
            sockets.get(0).sendText("{\"type\":\"OFFER\",\"dst\":\"dash-b\",\"payload\":{\"sdp\":\"v=0\"}}");
            assertThat(sockets.get(1).receiveText(Duration.ofSeconds(10))).contains("OFFER");
            sockets.get(0).sendText("{\"type\":\"HEARTBEAT\"}");
            // For an absent ID: queued, then EXPIRE after --expire_timeout.
            sockets.get(0).sendText("{\"type\":\"OFFER\",\"dst\":\"dash-nobody\",\"payload\":{\"sdp\":\"v=0\"}}");
            assertThat(sockets.get(0).receiveText(Duration.ofSeconds(10))).contains("EXPIRE");
            sockets.get(1).sendText("not json");
        } finally {
            for (RawWebSocket ws : sockets) {
                ws.close();
            }
        }
    }

    private void stunTraffic(InetSocketAddress server) throws Exception {
        StunProbe.udp(server, Duration.ofSeconds(10), random);
        StunProbe.tcp(server, Duration.ofSeconds(10), random);
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] junk = "not a STUN message at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(junk, junk.length, server));
        }
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s on %d", path, port).isEqualTo(200);
        return r.body();
    }
}
