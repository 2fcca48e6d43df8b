package io.meshkit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What operators look at: the Grafana dashboard (an importable JSON file, and a ConfigMap for
 * Grafana's sidecar) and the PrometheusRule alerts. That every metric they read exists is
 * {@code DashboardMetricsIT}'s job (it needs the running servers); this checks their shape offline.
 */
class HelmChartMonitoringTest {
    private static final String FULL = RenderedChart.RELEASE + "-mesh-kit";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldShipTheDashboardFileAsASidecarConfigMapOnlyWhenAsked() throws Exception {
        assertThat(RenderedChart.renderDefaults().find("ConfigMap", FULL + "-dashboard")).isEmpty();
        RenderedChart chart = RenderedChart.render(c -> c.set("metrics.grafanaDashboard.enabled", true)
                .set("metrics.grafanaDashboard.annotations.grafana_folder", "mesh-kit"));
        JsonNode cm = chart.get("ConfigMap", FULL + "-dashboard");
        assertThat(cm.path("metadata").path("labels").path("grafana_dashboard").asText()).as("the sidecar's label").isEqualTo("1");
        assertThat(cm.path("metadata").path("annotations").path("grafana_folder").asText()).isEqualTo("mesh-kit");
        assertThat(json.readTree(cm.path("data").path("mesh-kit.json").asText()))
                .as("the ConfigMap carries the file, unchanged").isEqualTo(dashboard());

        JsonNode elsewhere = RenderedChart.render(c -> c.set("metrics.grafanaDashboard.enabled", true)
                .set("metrics.grafanaDashboard.namespace", "monitoring")).get("ConfigMap", FULL + "-dashboard");
        assertThat(elsewhere.path("metadata").path("namespace").asText()).isEqualTo("monitoring");
    }

    @Test
    void shouldBeAnImportableDashboardOnAnyPrometheusDataSource() throws Exception {
        JsonNode d = dashboard();
        assertThat(d.path("title").asText()).isEqualTo("mesh-kit");
        assertThat(d.path("uid").asText()).isEqualTo("mesh-kit");
        assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        JsonNode ds = d.path("templating").path("list").path(0);
        assertThat(ds.path("type").asText()).as("a data source variable, so import and sidecar need no input").isEqualTo("datasource");
        assertThat(ds.path("query").asText()).isEqualTo("prometheus");
        Set<Integer> ids = new HashSet<>();
        List<String> titles = new ArrayList<>();
        for (JsonNode p : d.path("panels")) {
            assertThat(ids.add(p.path("id").asInt())).as("panel id %s unique", p.path("id")).isTrue();
            JsonNode grid = p.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("%s fits the 24-column grid", p.path("title")).isLessThanOrEqualTo(24);
            if ("row".equals(p.path("type").asText())) {
                continue;
            }
            titles.add(p.path("title").asText());
            assertThat(p.path("datasource").path("uid").asText()).as("%s data source", p.path("title")).isEqualTo("${datasource}");
            assertThat(p.path("targets").size()).as("%s has queries", p.path("title")).isPositive();
            for (JsonNode t : p.path("targets")) {
                assertThat(t.path("expr").asText()).isNotBlank();
            }
        }
        assertThat(titles).contains("Open WebSockets", "Peer IDs held", "Relays/s by message type", "Drops/s by reason",
                "Queue for absent IDs", "Event-loop lag", "STUN requests and responses/s", "STUN drops/s by reason");
    }

    @Test
    void shouldAlertOnTheDocumentedConditionsForThisReleaseOnly() {
        assertThat(RenderedChart.renderDefaults().ofKind("PrometheusRule")).isEmpty();
        RenderedChart chart = RenderedChart.render(c -> c.set("metrics.prometheusRule.enabled", true)
                .set("metrics.prometheusRule.labels.release", "prometheus"));
        JsonNode rule = chart.get("PrometheusRule", FULL);
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("metadata").path("labels").path("release").asText()).isEqualTo("prometheus");
        List<String> alerts = new ArrayList<>();
        for (JsonNode r : rule.path("spec").path("groups").path(0).path("rules")) {
            String name = r.path("alert").asText();
            alerts.add(name);
            assertThat(r.path("for").asText()).as("%s waits before firing", name).matches("\\d+m");
            assertThat(r.path("labels").path("severity").asText()).as("%s severity", name).isIn("warning", "critical");
            assertThat(r.path("annotations").path("summary").asText()).as("%s summary", name).isNotBlank();
            // Scoped to this release's series: the labels the ServiceMonitors give (namespace, job = the metrics Service).
            assertThat(r.path("expr").asText()).as("%s", name).contains("namespace=\"meshkit\"")
                    .containsAnyOf("job=\"" + FULL + "-signaling-metrics\"", "job=\"" + FULL + "-stun-metrics\"",
                            "job=~\"" + FULL + "-(signaling|stun)-metrics\"");
        }
        assertThat(alerts).containsExactly("MeshKitSignalingDown", "MeshKitSignalingConcurrentLimit",
                "MeshKitSignalingQueueNearFull", "MeshKitSignalingNotReady", "MeshKitSignalingEventLoopLag", "MeshKitStunDown", "MeshKitStunRateLimited",
                "MeshKitOpenFilesHigh");
        // The ServiceMonitors' Services are the jobs the rules name.
        assertThat(chart.find("Service", FULL + "-signaling-metrics")).isPresent();
        assertThat(chart.find("Service", FULL + "-stun-metrics")).isPresent();

        // The queue threshold follows the configured limit.
        JsonNode tuned = RenderedChart.render(c -> c.set("metrics.prometheusRule.enabled", true)
                .set("signaling.flags.max_queued_bytes", 1000)).get("PrometheusRule", FULL);
        assertThat(tuned.path("spec").path("groups").path(0).path("rules").path(2).path("expr").asText()).endsWith("> 800");
        // No alerts about a server the release does not run.
        JsonNode noStun = RenderedChart.render(c -> c.set("metrics.prometheusRule.enabled", true).set("stun.enabled", false))
                .get("PrometheusRule", FULL);
        assertThat(noStun.toString()).doesNotContain("MeshKitStun");
    }

    private JsonNode dashboard() throws Exception {
        return json.readTree(RenderedChart.chartDir().resolve("dashboards/mesh-kit.json").toFile());
    }
}
