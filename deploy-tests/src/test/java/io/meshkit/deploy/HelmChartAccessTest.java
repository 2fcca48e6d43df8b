package io.meshkit.deploy;

import static io.meshkit.deploy.RenderedChart.container;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How operators and clients reach a release: the Ingress (TLS, only the PeerJS path), the
 * {@code helm test} smoke test, NOTES.txt, and values.schema.json catching mistakes before anything
 * is deployed.
 */
class HelmChartAccessTest {
    private static final String FULL = RenderedChart.RELEASE + "-mesh-kit";
    private static final String SIGNALING = FULL + "-signaling";

    @Test
    void shouldRouteThePeerJsPortThroughAnIngressWithTls() {
        assertThat(RenderedChart.renderDefaults().ofKind("Ingress")).as("off by default").isEmpty();
        RenderedChart chart = RenderedChart.render(c -> c.set("signaling.ingress.enabled", true)
                .set("signaling.ingress.host", "peer.example.org").set("signaling.ingress.className", "nginx")
                .set("signaling.ingress.annotations.cert-manager\\.io/cluster-issuer", "letsencrypt"));
        JsonNode ingress = chart.get("Ingress", SIGNALING);
        JsonNode spec = ingress.path("spec");
        assertThat(spec.path("ingressClassName").asText()).isEqualTo("nginx");
        assertThat(ingress.path("metadata").path("annotations").path("cert-manager.io/cluster-issuer").asText())
                .isEqualTo("letsencrypt");
        assertThat(spec.path("tls").toString()).isEqualTo("[{\"hosts\":[\"peer.example.org\"],\"secretName\":\"" + SIGNALING + "-tls\"}]");
        assertThat(spec.path("rules").size()).isEqualTo(1);
        JsonNode rule = spec.path("rules").path(0);
        assertThat(rule.path("host").asText()).isEqualTo("peer.example.org");
        assertThat(rule.path("http").path("paths").size()).as("one path: the PeerJS one, which holds the app's /app/")
                .isEqualTo(1);
        JsonNode path = rule.path("http").path("paths").path(0);
        assertThat(path.path("path").asText()).as("signaling.flags.path").isEqualTo("/");
        assertThat(path.path("pathType").asText()).isEqualTo("Prefix");
        JsonNode backend = path.path("backend").path("service");
        assertThat(backend.path("name").asText()).isEqualTo(SIGNALING);
        JsonNode svc = chart.get("Service", SIGNALING);
        assertThat(backend.path("port").path("name").asText()).as("the Service's PeerJS port")
                .isEqualTo(svc.path("spec").path("ports").path(0).path("name").asText());
        assertThat(svc.path("spec").path("ports").size()).as("the Service carries the PeerJS port alone").isEqualTo(1);

        RenderedChart sub = RenderedChart.render(c -> c.set("signaling.ingress.enabled", true)
                .set("signaling.ingress.host", "apps.example.org").set("signaling.flags.path", "/signal/")
                .set("signaling.ingress.tls.enabled", false));
        JsonNode subSpec = sub.get("Ingress", SIGNALING).path("spec");
        assertThat(subSpec.has("tls")).isFalse();
        assertThat(subSpec.path("rules").path(0).path("http").path("paths").path(0).path("path").asText()).isEqualTo("/signal/");
        assertThat(subSpec.path("rules").path(0).path("http").path("paths").path(1).path("path").asText())
                .as("the browser app, outside the PeerJS path").isEqualTo("/app/");
        JsonNode noApp = RenderedChart.render(c -> c.set("signaling.ingress.enabled", true)
                .set("signaling.ingress.host", "apps.example.org").set("signaling.flags.path", "/signal/")
                .set("signaling.app.enabled", false)).get("Ingress", SIGNALING).path("spec");
        assertThat(noApp.path("rules").path(0).path("http").path("paths").size()).isEqualTo(1);
    }

    @Test
    void shouldSmokeTestPeerJsAndStunThroughTheServicesWithTheServerImage() {
        RenderedChart chart = RenderedChart.renderWithHooks(c -> c);
        JsonNode pod = chart.get("Pod", FULL + "-smoke-test");
        assertThat(pod.path("metadata").path("annotations").path(RenderedChart.HOOK_MARK).asText())
                .as("a helm test hook").isEqualTo("test");
        assertThat(pod.path("spec").path("restartPolicy").asText()).isEqualTo("Never");
        JsonNode c = container(pod);
        assertThat(c.path("image").asText()).as("an image the release already pulls")
                .isEqualTo(container(chart.get("Deployment", SIGNALING)).path("image").asText());
        String script = c.path("args").path(0).asText();
        assertThat(script).contains(
                "/usr/local/bin/meshkit-probe peerjs \"" + SIGNALING + ":9000\" \"/\" \"peerjs\"",
                "/usr/local/bin/meshkit-probe stun-udp \"" + FULL + "-stun:3478\"",
                "/usr/local/bin/meshkit-probe stun-tcp \"" + FULL + "-stun:3478\"");
        assertThat(c.path("command").toString()).isEqualTo("[\"/bin/bash\",\"-c\"]");

        RenderedChart custom = RenderedChart.renderWithHooks(c2 -> c2.set("signaling.flags.key", "k2")
                .set("signaling.flags.path", "/p/").set("signaling.service.port", 80).set("stun.port", 3479));
        String customScript = container(custom.get("Pod", FULL + "-smoke-test")).path("args").path(0).asText();
        assertThat(customScript).contains("peerjs \"" + SIGNALING + ":80\" \"/p/\" \"k2\"", "stun-udp \"" + FULL + "-stun:3479\"");

        RenderedChart hostNet = RenderedChart.renderWithHooks(c2 -> c2.set("stun.hostNetwork", true));
        assertThat(container(hostNet.get("Pod", FULL + "-smoke-test")).path("args").path(0).asText())
                .as("no STUN Service with hostNetwork").doesNotContain("stun-udp");
    }

    @Test
    void shouldTellHowToReachTheServicesInTheNotes() {
        String defaults = RenderedChart.notes(c -> c);
        assertThat(defaults).contains(
                "kubectl -n meshkit port-forward svc/" + SIGNALING + " 9000:9000",
                "curl -s http://127.0.0.1:9000/peerjs/id",
                "kubectl -n meshkit get svc " + FULL + "-stun -o jsonpath=",
                "helm test mk -n meshkit",
                "one pod, in memory");
        String cluster = RenderedChart.notes(c -> c.withValuesFile(RenderedChart.chartDir().resolve("ci/cluster-values.yaml"))
                .set("signaling.ingress.enabled", true).set("signaling.ingress.host", "peer.example.org"));
        assertThat(cluster).contains("cluster mode over Redis",
                "new Peer({host: \"peer.example.org\", port: 443, secure: true, path: \"/\", key: \"peerjs\"})",
                "curl -s https://peer.example.org/peerjs/id",
                "The browser app: https://peer.example.org/app/",
                "kubectl -n meshkit get secret " + FULL + "-redis -o jsonpath='{.data.redis-password}' | base64 -d");
    }

    @Test
    void shouldRejectMistakenValuesWithTheSchema() {
        // values.schema.json: a typo or a wrong type fails `helm template`/`install` with the path.
        assertThat(RenderedChart.renderFailure(c -> c.set("signaling.replicas", 2)))
                .contains("signaling", "replicas", "not allowed");
        assertThat(RenderedChart.renderFailure(c -> c.set("signaling.replicaCount", "two"))).contains("signaling.replicaCount");
        assertThat(RenderedChart.renderFailure(c -> c.set("stun.service.type", "Loadbalancer"))).contains("stun.service.type");
        assertThat(RenderedChart.renderFailure(c -> c.set("redis.url", "http://cache:6379"))).contains("redis.url");
        assertThat(RenderedChart.renderFailure(c -> c.set("signaling.ingress.enabled", true)))
                .as("an Ingress needs a host").contains("signaling.ingress.host");
        assertThat(RenderedChart.renderFailure(c -> c.set("signaling.flags.bad flag", 1))).contains("signaling.flags");
        // What the chart ships passes: the defaults, the CI values, a STUN without operations port.
        for (RenderedChart ok : List.of(RenderedChart.renderDefaults(), RenderedChart.renderCluster(),
                RenderedChart.render(c -> c.set("stun.httpPort", "null").set("stun.flags.rate-limit", 100)))) {
            assertThat(ok.all()).isNotEmpty();
        }
    }
}
