package io.meshkit.deploy;

import static io.meshkit.deploy.RenderedChart.container;
import static io.meshkit.deploy.RenderedChart.containerPortNames;
import static io.meshkit.deploy.RenderedChart.env;
import static io.meshkit.deploy.RenderedChart.envEntry;
import static io.meshkit.deploy.RenderedChart.name;
import static io.meshkit.deploy.RenderedChart.selects;
import static io.meshkit.deploy.RenderedChart.stringMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the chart grants: the pods' identity (a ServiceAccount without a token), who may reach whom
 * (NetworkPolicies), and Redis' password (a generated Secret, or the operator's).
 */
class HelmChartSecurityTest {
    private static final String FULL = RenderedChart.RELEASE + "-mesh-kit";
    private static final String SIGNALING = FULL + "-signaling";
    private static final String STUN = FULL + "-stun";
    private static final String REDIS = FULL + "-redis";

    @Test
    void shouldRunEveryPodUnderOneServiceAccountWithoutAToken() {
        RenderedChart chart = RenderedChart.renderWithHooks(c -> c.set("redis.enabled", true));
        JsonNode account = chart.get("ServiceAccount", FULL);
        assertThat(account.path("automountServiceAccountToken").isBoolean()
                && !account.path("automountServiceAccountToken").asBoolean()).as("the account mounts no token").isTrue();
        List<JsonNode> workloads = new ArrayList<>(chart.ofKind("Deployment"));
        workloads.addAll(chart.ofKind("Pod"));
        assertThat(workloads).extracting(RenderedChart::name).contains("Deployment/" + SIGNALING, "Deployment/" + STUN,
                "Deployment/" + REDIS, "Pod/" + FULL + "-smoke-test");
        for (JsonNode w : workloads) {
            JsonNode pod = RenderedChart.podSpec(w);
            assertThat(pod.path("serviceAccountName").asText()).as("%s account", name(w)).isEqualTo(FULL);
            assertThat(pod.path("automountServiceAccountToken").isBoolean() && !pod.path("automountServiceAccountToken").asBoolean())
                    .as("%s mounts no token even if the account allows it", name(w)).isTrue();
        }

        RenderedChart existing = RenderedChart.render(c -> c.set("serviceAccount.create", false).set("serviceAccount.name", "ops-sa"));
        assertThat(existing.ofKind("ServiceAccount")).isEmpty();
        assertThat(RenderedChart.podSpec(existing.get("Deployment", SIGNALING)).path("serviceAccountName").asText()).isEqualTo("ops-sa");
    }

    @Test
    void shouldGiveRedisAGeneratedPasswordThatOnlyReachesPodsThroughTheSecret() {
        RenderedChart chart = RenderedChart.renderCluster();
        JsonNode secret = chart.get("Secret", REDIS);
        String password = new String(Base64.getDecoder().decode(secret.path("data").path("redis-password").asText()),
                StandardCharsets.UTF_8);
        assertThat(password).as("generated at install").matches("[A-Za-z0-9]{32}");
        assertThat(RenderedChart.renderCluster().get("Secret", REDIS).path("data").path("redis-password").asText())
                .as("another install, another password").isNotEqualTo(secret.path("data").path("redis-password").asText());

        JsonNode signaling = container(chart.get("Deployment", SIGNALING));
        assertThat(env(signaling, "MESHKIT_REDIS_URL")).isEqualTo("redis://" + REDIS + ":6379");
        assertSecretRef(envEntry(signaling, "MESHKIT_REDIS_PASSWORD"), REDIS, "redis-password");

        JsonNode redis = container(chart.get("Deployment", REDIS));
        assertSecretRef(envEntry(redis, "REDIS_PASSWORD"), REDIS, "redis-password");
        assertSecretRef(envEntry(redis, "REDISCLI_AUTH"), REDIS, "redis-password");
        String startup = redis.path("command").toString() + redis.path("args").toString();
        assertThat(startup).contains("requirepass").doesNotContain("protected-mode").doesNotContain(password);
        assertThat(redis.path("readinessProbe").path("exec").path("command").toString()).contains("PONG");
        // The password is in no manifest but the Secret.
        for (JsonNode doc : chart.all()) {
            if (!doc.path("kind").asText().equals("Secret")) {
                assertThat(doc.toString()).as("%s", name(doc)).doesNotContain(password);
            }
        }
    }

    @Test
    void shouldUseTheOperatorsSecretForAnInChartOrExternalRedis() {
        RenderedChart inChart = RenderedChart.render(c -> c.set("redis.enabled", true)
                .set("redis.auth.existingSecret", "my-redis").set("redis.auth.existingSecretPasswordKey", "pw"));
        assertThat(inChart.find("Secret", REDIS)).as("no generated Secret").isEmpty();
        assertSecretRef(envEntry(container(inChart.get("Deployment", SIGNALING)), "MESHKIT_REDIS_PASSWORD"), "my-redis", "pw");
        assertSecretRef(envEntry(container(inChart.get("Deployment", REDIS)), "REDIS_PASSWORD"), "my-redis", "pw");

        RenderedChart external = RenderedChart.render(c -> c.set("redis.url", "redis://cache.example:6379")
                .set("redis.auth.existingSecret", "managed-redis"));
        assertThat(external.find("Deployment", REDIS)).isEmpty();
        assertThat(external.find("Secret", REDIS)).isEmpty();
        assertSecretRef(envEntry(container(external.get("Deployment", SIGNALING)), "MESHKIT_REDIS_PASSWORD"),
                "managed-redis", "redis-password");

        RenderedChart externalOpen = RenderedChart.render(c -> c.set("redis.url", "redis://cache.example:6379"));
        assertThat(envEntry(container(externalOpen.get("Deployment", SIGNALING)), "MESHKIT_REDIS_PASSWORD").isMissingNode())
                .as("no password for an external Redis unless a Secret is named").isTrue();

        // Auth off (a trusted network only): no Secret, and protected mode must be off for other pods to connect.
        RenderedChart open = RenderedChart.render(c -> c.set("redis.enabled", true).set("redis.auth.enabled", false));
        assertThat(open.find("Secret", REDIS)).isEmpty();
        assertThat(envEntry(container(open.get("Deployment", SIGNALING)), "MESHKIT_REDIS_PASSWORD").isMissingNode()).isTrue();
        assertThat(container(open.get("Deployment", REDIS)).path("args").toString()).contains("\"--protected-mode\",\"no\"");
    }

    @Test
    void shouldLetOnlyTheSignalingPodsReachRedisAndOnlyTheScraperTheOperationsPort() {
        RenderedChart chart = RenderedChart.renderCluster();
        Map<String, Map<String, String>> podLabels = new java.util.TreeMap<>();
        for (JsonNode d : chart.ofKind("Deployment")) {
            podLabels.put(d.path("metadata").path("name").asText(),
                    stringMap(d.path("spec").path("template").path("metadata").path("labels")));
        }
        JsonNode redisPolicy = chart.get("NetworkPolicy", REDIS).path("spec");
        assertThat(selectedDeployments(redisPolicy.path("podSelector"), podLabels)).containsExactly(REDIS);
        assertThat(redisPolicy.path("policyTypes").toString()).isEqualTo("[\"Ingress\"]");
        assertThat(redisPolicy.path("ingress").size()).isEqualTo(1);
        JsonNode rule = redisPolicy.path("ingress").path(0);
        assertThat(rule.path("from").size()).isEqualTo(1);
        assertThat(rule.path("from").path(0).has("namespaceSelector")).as("this namespace only").isFalse();
        assertThat(selectedDeployments(rule.path("from").path(0).path("podSelector"), podLabels))
                .as("pods admitted to Redis").containsExactly(SIGNALING);
        assertPortsExist(chart.get("Deployment", REDIS), rule);

        JsonNode stunPolicy = chart.get("NetworkPolicy", STUN).path("spec");
        assertThat(selectedDeployments(stunPolicy.path("podSelector"), podLabels)).containsExactly(STUN);
        JsonNode publicRule = stunPolicy.path("ingress").path(0);
        assertThat(publicRule.has("from")).as("STUN itself is public").isFalse();
        assertThat(portNames(publicRule)).containsExactlyInAnyOrder("stun-udp/UDP", "stun-tcp/TCP");
        JsonNode opsRule = stunPolicy.path("ingress").path(1);
        assertThat(portNames(opsRule)).containsExactly("ops/TCP");
        assertThat(opsRule.path("from").toString()).as("the default scraper: Prometheus pods, any namespace")
                .isEqualTo("[{\"namespaceSelector\":{},\"podSelector\":{\"matchLabels\":{\"app.kubernetes.io/name\":\"prometheus\"}}}]");
        assertPortsExist(chart.get("Deployment", STUN), publicRule);
        assertPortsExist(chart.get("Deployment", STUN), opsRule);

        JsonNode signalingPolicy = chart.get("NetworkPolicy", SIGNALING).path("spec");
        assertThat(selectedDeployments(signalingPolicy.path("podSelector"), podLabels)).containsExactly(SIGNALING);
        for (JsonNode r : signalingPolicy.path("ingress")) {
            assertPortsExist(chart.get("Deployment", SIGNALING), r);
        }

        // The operator's scraper instead (a list value replaces the default list as a whole).
        RenderedChart custom = RenderedChart.render(c -> c.set("networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.name", "monitoring"));
        assertThat(custom.get("NetworkPolicy", STUN).path("spec").path("ingress").path(1).path("from").toString())
                .isEqualTo("[{\"namespaceSelector\":{\"matchLabels\":{\"name\":\"monitoring\"}}}]");
        assertThat(RenderedChart.render(c -> c.set("networkPolicy.enabled", false)).ofKind("NetworkPolicy")).isEmpty();
        assertThat(RenderedChart.render(c -> c.set("stun.hostNetwork", true)).find("NetworkPolicy", STUN))
                .as("NetworkPolicy does not apply to host-network pods: none is rendered for them").isEmpty();
    }

    private static void assertSecretRef(JsonNode envEntry, String secret, String key) {
        assertThat(envEntry.has("value")).as("%s has no literal value", envEntry.path("name").asText()).isFalse();
        JsonNode ref = envEntry.path("valueFrom").path("secretKeyRef");
        assertThat(ref.path("name").asText()).as("%s Secret", envEntry).isEqualTo(secret);
        assertThat(ref.path("key").asText()).as("%s key", envEntry).isEqualTo(key);
    }

    private static List<String> selectedDeployments(JsonNode podSelector, Map<String, Map<String, String>> podLabels) {
        Map<String, String> selector = stringMap(podSelector.path("matchLabels"));
        return podLabels.entrySet().stream().filter(e -> selects(selector, e.getValue())).map(Map.Entry::getKey).toList();
    }

    private static List<String> portNames(JsonNode rule) {
        List<String> out = new ArrayList<>();
        rule.path("ports").forEach(p -> out.add(p.path("port").asText() + "/" + p.path("protocol").asText()));
        return out;
    }

    /** Every port a rule names is a named container port of that protocol on the selected pods. */
    private static void assertPortsExist(JsonNode deployment, JsonNode rule) {
        assertThat(rule.path("ports").size()).isPositive();
        for (String port : portNames(rule)) {
            assertThat(containerPortNames(deployment)).as("%s has the port %s", name(deployment), port).contains(port);
        }
    }
}
