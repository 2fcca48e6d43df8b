package io.meshkit.deploy;

import static io.meshkit.deploy.RenderedChart.container;
import static io.meshkit.deploy.RenderedChart.containerPortNames;
import static io.meshkit.deploy.RenderedChart.env;
import static io.meshkit.deploy.RenderedChart.name;
import static io.meshkit.deploy.RenderedChart.selects;
import static io.meshkit.deploy.RenderedChart.stringMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.meshkit.deploy.ServerFlags.Flag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart, linted and rendered by the real helm (helm-java), with its manifests checked:
 * probes, ports and protocols, selectors, the STUN source-address options, the flags the servers get.
 */
class HelmChartTest {
    private static final String SIGNALING = RenderedChart.RELEASE + "-mesh-kit-signaling";
    private static final String STUN = RenderedChart.RELEASE + "-mesh-kit-stun";
    private static final String REDIS = RenderedChart.RELEASE + "-mesh-kit-redis";
    private static final String STUN_METRICS = STUN + "-metrics";

    @Test
    void shouldPassStrictLint() {
        LintResult result = new Helm(RenderedChart.chartDir()).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(String.join("\n", result.getMessages())).doesNotContain("[ERROR]", "[WARNING]");
    }

    @Test
    void shouldRenderOnlyTheBasicsWithDefaultValues() {
        RenderedChart chart = RenderedChart.renderDefaults();
        assertThat(chart.names()).containsExactlyInAnyOrder(
                "ServiceAccount/" + RenderedChart.RELEASE + "-mesh-kit",
                "ConfigMap/" + SIGNALING, "ConfigMap/" + STUN,
                "Service/" + SIGNALING, "Service/" + SIGNALING + "-metrics", "Service/" + STUN, "Service/" + STUN_METRICS,
                "Deployment/" + SIGNALING, "Deployment/" + STUN,
                "NetworkPolicy/" + SIGNALING, "NetworkPolicy/" + STUN);
        assertThat(chart.get("Deployment", SIGNALING).path("spec").path("replicas").asInt()).isEqualTo(1);
    }

    @Test
    void shouldRefuseToSplitTheIdSpaceWithoutRedis() {
        // Two signaling pods without Redis would each hold their own IDs: refused at render time.
        String replicas = RenderedChart.renderFailure(c -> c.set("signaling.replicaCount", 2));
        assertThat(replicas).contains("signaling.replicaCount=2 needs Redis", "the ID space splits",
                "Set redis.enabled=true or redis.url, or signaling.replicaCount=1");
        String autoscaled = RenderedChart.renderFailure(c -> c.set("signaling.autoscaling.enabled", true));
        assertThat(autoscaled).contains("signaling.autoscaling.enabled needs Redis", "the ID space splits");
        // ... and accepted with either Redis, or with the signaling server off (STUN alone scales freely).
        assertThat(RenderedChart.render(c -> c.set("signaling.replicaCount", 2).set("redis.enabled", true))
                .get("Deployment", SIGNALING).path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(RenderedChart.render(c -> c.set("signaling.replicaCount", 2).set("redis.url", "redis://r:6379"))
                .get("Deployment", SIGNALING).path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(RenderedChart.render(c -> c.set("signaling.enabled", false).set("signaling.replicaCount", 2)
                .set("stun.replicaCount", 3)).get("Deployment", STUN).path("spec").path("replicas").asInt()).isEqualTo(3);
    }

    @Test
    void shouldCapTheJvmBelowTheContainerLimitWithTheLauncherDefaults() throws Exception {
        RenderedChart chart = RenderedChart.renderDefaults();
        for (String server : List.of("signaling-server", "stun-server")) {
            String deployment = server.equals("signaling-server") ? SIGNALING : STUN;
            JsonNode c = container(chart.get("Deployment", deployment));
            List<String> options = java.nio.file.Files.readAllLines(io.meshkit.testkit.Repo.root().resolve("docker/jvm/" + server + ".options"))
                    .stream().map(String::strip).filter(l -> l.startsWith("-")).toList();
            String heap = option(options, "-Xmx");
            String direct = option(options, "-XX:MaxDirectMemorySize=");
            // The chart passes the launcher defaults' caps (so its budget check sees the real numbers) ...
            assertThat(env(c, "JAVA_OPTS")).as("%s JAVA_OPTS", server).isEqualTo("-Xmx" + heap + " -XX:MaxDirectMemorySize=" + direct);
            // ... and assumes the metaspace and code cache caps it does not pass.
            assertThat(options).as("%s launcher defaults", server).contains("-XX:MaxMetaspaceSize=48m", "-XX:ReservedCodeCacheSize=32m");
            long limitMi = Long.parseLong(c.path("resources").path("limits").path("memory").asText().replace("Mi", ""));
            long needMi = mebibytes(heap) + mebibytes(direct) + 48 + 32 + 96;
            assertThat(needMi).as("%s: JVM caps + 96 MiB native within the %d MiB limit", server, limitMi).isLessThanOrEqualTo(limitMi);
        }
        // A limit the JVM cannot fit fails the rendering, with what to change.
        assertThat(RenderedChart.renderFailure(c -> c.set("signaling.resources.limits.memory", "400Mi")))
                .contains("signaling: the JVM needs up to 464Mi", "resources.limits.memory is 400Mi",
                        "Raise signaling.resources.limits.memory to at least 464Mi or lower signaling.jvm.maxHeap");
        assertThat(RenderedChart.renderFailure(c -> c.set("stun.jvm.maxHeap", "1g"))).contains("stun: the JVM needs up to 1264Mi");
        // Raised together they render, and javaOpts comes last (it wins).
        JsonNode big = container(RenderedChart.render(c -> c.set("signaling.jvm.maxHeap", "1g")
                .set("signaling.resources.limits.memory", "1.5Gi").set("signaling.javaOpts", "-Xlog:gc"))
                .get("Deployment", SIGNALING));
        assertThat(env(big, "JAVA_OPTS")).isEqualTo("-Xmx1g -XX:MaxDirectMemorySize=96m -Xlog:gc");
    }

    private static String option(List<String> options, String prefix) {
        return options.stream().filter(o -> o.startsWith(prefix)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + options)).substring(prefix.length());
    }

    private static long mebibytes(String jvmSize) {
        long n = Long.parseLong(jvmSize.substring(0, jvmSize.length() - 1));
        return switch (Character.toLowerCase(jvmSize.charAt(jvmSize.length() - 1))) {
            case 'g' -> n * 1024;
            case 'm' -> n;
            default -> throw new AssertionError("size " + jvmSize);
        };
    }

    @Test
    void shouldStartWithAStartupProbeBeforeLivenessCounts() {
        // A cold JVM on a busy node may take a minute: the startup probe holds liveness off until
        // /health answers once, instead of an initialDelaySeconds guess that kills slow starts.
        for (String deployment : List.of(SIGNALING, STUN)) {
            for (RenderedChart chart : List.of(RenderedChart.renderDefaults(),
                    RenderedChart.render(c -> c.set("stun.httpPort", "null")))) {
                JsonNode c = container(chart.get("Deployment", deployment));
                JsonNode startup = c.path("startupProbe");
                assertThat(startup.isMissingNode()).as("%s startupProbe", deployment).isFalse();
                assertThat(startup.path("periodSeconds").asInt() * startup.path("failureThreshold").asInt())
                        .as("%s: seconds a start may take", deployment).isGreaterThanOrEqualTo(60);
                assertThat(startup.path("httpGet").isMissingNode() ? startup.path("exec").path("command").toString()
                        : startup.path("httpGet").toString())
                        .as("%s: the startup probe checks what liveness checks", deployment)
                        .isEqualTo(c.path("livenessProbe").path("httpGet").isMissingNode()
                                ? c.path("livenessProbe").path("exec").path("command").toString()
                                : c.path("livenessProbe").path("httpGet").toString());
                assertThat(c.path("livenessProbe").has("initialDelaySeconds")).isFalse();
            }
        }
    }

    @Test
    void shouldProbeHealthAndReadyOnTheSignalingPort() {
        for (RenderedChart chart : List.of(RenderedChart.renderDefaults(), RenderedChart.renderCluster())) {
            JsonNode c = container(chart.get("Deployment", SIGNALING));
            JsonNode port = c.path("ports").path(0);
            assertThat(containerPortNames(chart.get("Deployment", SIGNALING))).containsExactly("http/TCP", "ops/TCP");
            assertThat(port.path("name").asText()).isEqualTo("http");
            assertThat(port.path("protocol").asText()).isEqualTo("TCP");
            int containerPort = port.path("containerPort").asInt();
            assertThat(env(c, "PORT")).as("the server's port (PORT) is the probed container port")
                    .isEqualTo(String.valueOf(containerPort));

            assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
            assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");
            for (String probe : List.of("livenessProbe", "readinessProbe")) {
                String p = c.path(probe).path("httpGet").path("port").asText();
                assertThat(p).as(probe + " port").isIn("http", String.valueOf(containerPort));
            }
        }
    }

    @Test
    void shouldExposeSignalingOverTcpToItsContainerPort() {
        RenderedChart chart = RenderedChart.renderDefaults();
        JsonNode svc = chart.get("Service", SIGNALING);
        JsonNode ports = svc.path("spec").path("ports");
        assertThat(ports.size()).isEqualTo(1);
        assertThat(ports.path(0).path("protocol").asText()).isEqualTo("TCP");
        assertThat(ports.path(0).path("port").asInt()).isEqualTo(9000);
        assertThat(ports.path(0).path("targetPort").asText()).isEqualTo("http");
        assertThat(containerPortNames(chart.get("Deployment", SIGNALING))).contains("http/TCP");
    }

    @Test
    void shouldServeStunOverUdpAndTcpOnOnePortKeepingTheClientAddress() {
        RenderedChart chart = RenderedChart.renderDefaults();
        JsonNode svc = chart.get("Service", STUN).path("spec");
        List<String> ports = new ArrayList<>();
        svc.path("ports").forEach(p -> ports.add(p.path("port").asInt() + "/" + p.path("protocol").asText()
                + "->" + p.path("targetPort").asText()));
        assertThat(ports).containsExactlyInAnyOrder("3478/UDP->stun-udp", "3478/TCP->stun-tcp");
        assertThat(svc.path("type").asText()).isEqualTo("LoadBalancer");
        assertThat(svc.path("externalTrafficPolicy").asText()).isEqualTo("Local");

        JsonNode deployment = chart.get("Deployment", STUN);
        assertThat(containerPortNames(deployment)).containsExactlyInAnyOrder("stun-udp/UDP", "stun-tcp/TCP", "ops/TCP");
        container(deployment).path("ports").forEach(p -> assertThat(p.path("containerPort").asInt())
                .isEqualTo(p.path("name").asText().equals("ops") ? 8080 : 3478));
        assertThat(flags(chart, STUN, "stun.flags")).contains(new Flag("port", "3478"), new Flag("http-port", "8080"));
    }

    @Test
    void shouldProbeStunOnItsOperationsPortAndKeepThatPortOffThePublicService() {
        RenderedChart chart = RenderedChart.renderDefaults();
        JsonNode c = container(chart.get("Deployment", STUN));
        assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");
        assertThat(c.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo("ops");
        assertThat(c.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("ops");
        List<String> publicPorts = new ArrayList<>();
        chart.get("Service", STUN).path("spec").path("ports").forEach(p -> publicPorts.add(p.path("name").asText()));
        assertThat(publicPorts).doesNotContain("ops");
        JsonNode ops = chart.get("Service", STUN_METRICS).path("spec");
        assertThat(ops.path("type").asText()).isEqualTo("ClusterIP");
        assertThat(ops.path("ports").path(0).path("targetPort").asText()).isEqualTo("ops");
        assertThat(ops.path("ports").path(0).path("port").asInt()).isEqualTo(8080);

        // Without the operations port: no such Service, no --http-port, and the probes run a STUN
        // transaction over TCP (kubelet probes cannot speak UDP).
        RenderedChart off = RenderedChart.render(v -> v.set("stun.httpPort", "null"));
        assertThat(off.find("Service", STUN_METRICS)).isEmpty();
        assertThat(flags(off, STUN, "stun.flags")).extracting(Flag::name).doesNotContain("http-port");
        JsonNode exec = container(off.get("Deployment", STUN));
        assertThat(containerPortNames(off.get("Deployment", STUN))).containsExactlyInAnyOrder("stun-udp/UDP", "stun-tcp/TCP");
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            assertThat(exec.path(probe).path("exec").path("command").toString())
                    .isEqualTo("[\"/usr/local/bin/meshkit-probe\",\"stun-tcp\",\"3478\"]");
        }
    }

    @Test
    void shouldOfferNodePortWithLocalPolicyAndHostNetworkForStun() {
        RenderedChart nodePort = RenderedChart.render(c -> c.set("stun.service.type", "NodePort")
                .set("stun.service.nodePort", 30478));
        JsonNode spec = nodePort.get("Service", STUN).path("spec");
        assertThat(spec.path("externalTrafficPolicy").asText()).isEqualTo("Local");
        spec.path("ports").forEach(p -> assertThat(p.path("nodePort").asInt()).isEqualTo(30478));

        RenderedChart host = RenderedChart.render(c -> c.set("stun.hostNetwork", true));
        assertThat(host.find("Service", STUN)).as("no Service with hostNetwork").isEmpty();
        JsonNode pod = host.get("Deployment", STUN).path("spec").path("template").path("spec");
        assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
        assertThat(pod.path("dnsPolicy").asText()).isEqualTo("ClusterFirstWithHostNet");
        // With host networking every container port is the node's: STUN and the operations port.
        container(host.get("Deployment", STUN)).path("ports").forEach(p -> assertThat(p.path("hostPort").asInt())
                .isEqualTo(p.path("name").asText().equals("ops") ? 8080 : 3478));
        assertThat(pod.path("affinity").path("podAntiAffinity").isMissingNode()).isFalse();

        RenderedChart internal = RenderedChart.render(c -> c.set("stun.service.type", "ClusterIP"));
        assertThat(internal.get("Service", STUN).path("spec").has("externalTrafficPolicy"))
                .as("externalTrafficPolicy is invalid on a ClusterIP Service").isFalse();
    }

    @Test
    void shouldSelectThePodsOfEachWorkloadWithEveryService() {
        for (RenderedChart chart : List.of(RenderedChart.renderDefaults(), RenderedChart.renderCluster())) {
            List<Map<String, String>> podLabels = new ArrayList<>();
            for (JsonNode d : chart.ofKind("Deployment")) {
                Map<String, String> labels = stringMap(d.path("spec").path("template").path("metadata").path("labels"));
                Map<String, String> selector = stringMap(d.path("spec").path("selector").path("matchLabels"));
                assertThat(selects(selector, labels)).as("Deployment %s selects its own pods", name(d)).isTrue();
                podLabels.add(labels);
            }
            for (JsonNode s : chart.ofKind("Service")) {
                Map<String, String> selector = stringMap(s.path("spec").path("selector"));
                long matched = podLabels.stream().filter(l -> selects(selector, l)).count();
                assertThat(matched).as("Service %s selects the pods of exactly one Deployment", name(s)).isEqualTo(1);
                JsonNode deployment = chart.ofKind("Deployment").stream()
                        .filter(d -> selects(selector, stringMap(d.path("spec").path("template").path("metadata").path("labels"))))
                        .findFirst().orElseThrow();
                s.path("spec").path("ports").forEach(p -> assertThat(containerPortNames(deployment))
                        .as("Service %s port %s targets a container port of the same protocol", name(s), p)
                        .contains(p.path("targetPort").asText() + "/" + p.path("protocol").asText()));
            }
            for (JsonNode pdb : chart.ofKind("PodDisruptionBudget")) {
                Map<String, String> selector = stringMap(pdb.path("spec").path("selector").path("matchLabels"));
                assertThat(podLabels.stream().filter(l -> selects(selector, l)).count())
                        .as("PodDisruptionBudget %s selects one workload", name(pdb)).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldRenderClusterModeWithRedisAutoscalingBudgetsAndServiceMonitor() {
        RenderedChart chart = RenderedChart.renderCluster();

        JsonNode signaling = chart.get("Deployment", SIGNALING);
        assertThat(signaling.path("spec").has("replicas")).as("the HPA owns the replica count").isFalse();
        assertThat(env(container(signaling), "MESHKIT_REDIS_URL")).isEqualTo("redis://" + REDIS + ":6379");
        assertThat(chart.get("Service", REDIS).path("spec").path("ports").path(0).path("port").asInt()).isEqualTo(6379);
        assertThat(chart.get("Deployment", REDIS).path("spec").path("replicas").asInt()).isEqualTo(1);

        JsonNode hpa = chart.get("HorizontalPodAutoscaler", SIGNALING).path("spec");
        assertThat(hpa.path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo(SIGNALING);
        assertThat(hpa.path("minReplicas").asInt()).isGreaterThan(1);
        assertThat(hpa.path("maxReplicas").asInt()).isGreaterThan(hpa.path("minReplicas").asInt());

        assertThat(chart.get("PodDisruptionBudget", SIGNALING).path("spec").path("minAvailable").asInt()).isEqualTo(2);
        assertThat(chart.get("PodDisruptionBudget", STUN).path("spec").path("minAvailable").asInt()).isEqualTo(1);
        assertThat(chart.get("Deployment", STUN).path("spec").path("replicas").asInt()).isEqualTo(2);

        JsonNode monitor = chart.get("ServiceMonitor", SIGNALING);
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("prometheus");
        JsonNode endpoint = monitor.path("spec").path("endpoints").path(0);
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        // The signaling ServiceMonitor scrapes the operations Service (--ops-port), not the public one.
        Map<String, String> monitorSelector = stringMap(monitor.path("spec").path("selector").path("matchLabels"));
        JsonNode svc = chart.get("Service", SIGNALING + "-metrics");
        assertThat(selects(monitorSelector, stringMap(svc.path("metadata").path("labels"))))
                .as("ServiceMonitor selects the signaling operations Service").isTrue();
        assertThat(selects(monitorSelector, stringMap(chart.get("Service", SIGNALING).path("metadata").path("labels"))))
                .as("... and not the public signaling Service").isFalse();
        assertThat(svc.path("spec").path("type").asText()).isEqualTo("ClusterIP");
        assertThat(svc.path("spec").path("ports").path(0).path("name").asText()).isEqualTo(endpoint.path("port").asText());
        assertThat(svc.path("spec").path("ports").path(0).path("port").asInt()).isEqualTo(9090);
        assertThat(flags(chart, SIGNALING, "signaling.flags")).contains(new Flag("ops-port", "9090"), new Flag("ops-host", "0.0.0.0"))
                .extracting(Flag::name).as("no /metrics on the public port").doesNotContain("metrics");

        JsonNode stunMonitor = chart.get("ServiceMonitor", STUN);
        Map<String, String> stunSelector = stringMap(stunMonitor.path("spec").path("selector").path("matchLabels"));
        JsonNode opsSvc = chart.get("Service", STUN_METRICS);
        assertThat(selects(stunSelector, stringMap(opsSvc.path("metadata").path("labels"))))
                .as("the STUN ServiceMonitor selects the operations Service").isTrue();
        assertThat(selects(stunSelector, stringMap(chart.get("Service", STUN).path("metadata").path("labels"))))
                .as("... and not the public STUN Service").isFalse();
        JsonNode stunEndpoint = stunMonitor.path("spec").path("endpoints").path(0);
        assertThat(stunEndpoint.path("path").asText()).isEqualTo("/metrics");
        assertThat(stunEndpoint.path("port").asText()).isEqualTo(opsSvc.path("spec").path("ports").path(0).path("name").asText());
        assertThat(stunMonitor.path("metadata").path("labels").path("release").asText()).isEqualTo("prometheus");

        assertThat(flags(chart, SIGNALING, "signaling.flags")).contains(new Flag("allow_discovery", null));
        // What an operator's cluster also gets: the Ingress (with ingress-nginx's timeouts as strings),
        // alerts and the dashboard.
        assertThat(chart.get("Ingress", SIGNALING).path("metadata").path("annotations")
                .path("nginx.ingress.kubernetes.io/proxy-read-timeout").isTextual()).isTrue();
        assertThat(chart.find("PrometheusRule", RenderedChart.RELEASE + "-mesh-kit")).isPresent();
        assertThat(chart.find("ConfigMap", RenderedChart.RELEASE + "-mesh-kit-dashboard")).isPresent();
    }

    @Test
    void shouldUseAnExternalRedisInsteadOfDeployingOne() {
        RenderedChart chart = RenderedChart.render(c -> c.set("redis.enabled", true).set("redis.url", "redis://cache.example:6379"));
        assertThat(chart.find("Deployment", REDIS)).isEmpty();
        assertThat(env(container(chart.get("Deployment", SIGNALING)), "MESHKIT_REDIS_URL")).isEqualTo("redis://cache.example:6379");
        assertThat(env(container(RenderedChart.renderDefaults().get("Deployment", SIGNALING)), "MESHKIT_REDIS_URL"))
                .as("in-memory mode by default").isNull();
    }

    @Test
    void shouldPassOnlyDocumentedFlagsToTheServers() {
        for (RenderedChart chart : List.of(RenderedChart.renderDefaults(), RenderedChart.renderCluster(),
                RenderedChart.render(c -> c.set("signaling.flags.sslkey", "/tls/key.pem").set("signaling.flags.sslcert", "/tls/cert.pem")))) {
            for (Flag f : flags(chart, SIGNALING, "signaling.flags")) {
                assertThat(ServerFlags.SIGNALING).as("signaling flag --%s", f.name()).contains(f.name());
            }
            for (Flag f : flags(chart, STUN, "stun.flags")) {
                assertThat(ServerFlags.STUN).as("STUN flag --%s", f.name()).contains(f.name());
            }
        }
        List<Flag> defaults = flags(RenderedChart.renderDefaults(), SIGNALING, "signaling.flags");
        assertThat(defaults).contains(new Flag("key", "peerjs"), new Flag("path", "/"), new Flag("proxied", null),
                new Flag("expire_timeout", "5000"), new Flag("alive_timeout", "60000"), new Flag("concurrent_limit", "5000"),
                new Flag("drain_delay", "5000"));
        assertThat(defaults).as("false booleans are left out (peerjs-server's default)")
                .doesNotContain(new Flag("allow_discovery", null));
    }

    @Test
    void shouldServeTheBrowserAppWithItsConfigFromTheValues() {
        assertThat(flags(RenderedChart.renderDefaults(), SIGNALING, "signaling.flags"))
                .contains(new Flag("app_path", "/app/"), new Flag("app_prefix", "mesh"))
                .extracting(Flag::name).doesNotContain("app_stun", "app_ip_echo", "app_signaling");
        List<Flag> given = flags(RenderedChart.render(c -> c.set("signaling.app.path", "/chat/")
                .set("signaling.app.stun[0]", "stun:stun.example.org:3478").set("signaling.app.stun[1]", "stun:{host}:3478")
                .set("signaling.app.prefix", "chat").set("signaling.app.ipEcho", "https://echo.example.org/")
                .set("signaling.app.signaling", "https://peer.example.org/")), SIGNALING, "signaling.flags");
        assertThat(given).contains(new Flag("app_path", "/chat/"),
                new Flag("app_stun", "stun:stun.example.org:3478,stun:{host}:3478"), new Flag("app_prefix", "chat"),
                new Flag("app_ip_echo", "https://echo.example.org/"), new Flag("app_signaling", "https://peer.example.org/"));
        assertThat(flags(RenderedChart.render(c -> c.set("signaling.app.enabled", false)), SIGNALING, "signaling.flags"))
                .extracting(Flag::name).noneMatch(n -> n.startsWith("app_"));
        assertThat(RenderedChart.renderFailure(c -> c.set("signaling.app.path", "app")))
                .as("a path that does not begin and end with /").contains("signaling.app.path");
        assertThat(RenderedChart.renderFailure(c -> c.set("signaling.app.stun[0]", "http://x")))
                .as("not a STUN URL").contains("signaling.app.stun");
    }

    @Test
    void shouldIssueAndEnforceTheBeaconFromASecret() {
        String verifyKey = "04" + "ab".repeat(64);
        RenderedChart chart = RenderedChart.render(c -> c.set("signaling.beacon.existingSecret", "chat-beacon")
                .set("signaling.beacon.origins[0]", "https://chat.example.org")
                .set("signaling.beacon.origins[1]", "https://www.chat.example.org").set("signaling.beacon.period", 300)
                .set("signaling.beacon.verifyKeys[0]", verifyKey).set("signaling.beacon.require", true));
        assertThat(flags(chart, SIGNALING, "signaling.flags")).contains(
                new Flag("beacon-key", "/etc/meshkit-beacon/key.pem"), new Flag("beacon-period", "300"),
                new Flag("beacon-origin", "https://chat.example.org"), new Flag("beacon-origin", "https://www.chat.example.org"),
                new Flag("beacon-verify-key", verifyKey), new Flag("require-beacon", null));
        JsonNode pod = chart.get("Deployment", SIGNALING).path("spec").path("template").path("spec");
        assertThat(pod.path("volumes").toString()).contains("\"secretName\":\"chat-beacon\"");
        assertThat(container(chart.get("Deployment", SIGNALING)).path("volumeMounts").toString())
                .contains("\"mountPath\":\"/etc/meshkit-beacon\"");
        // Off by default: no beacon flag, no Secret mounted.
        RenderedChart none = RenderedChart.renderDefaults();
        assertThat(flags(none, SIGNALING, "signaling.flags")).extracting(Flag::name)
                .noneMatch(n -> n.contains("beacon"));
        assertThat(none.get("Deployment", SIGNALING).toString()).doesNotContain("meshkit-beacon");
        // Values that would deploy a beacon that cannot work fail the rendering.
        assertThat(RenderedChart.renderFailure(c -> c.set("signaling.beacon.origins[0]", "https://chat.example.org")))
                .contains("signaling.beacon.origins needs signaling.beacon.existingSecret");
        assertThat(RenderedChart.renderFailure(c -> c.set("signaling.beacon.require", true)))
                .contains("signaling.beacon.require needs");
        assertThat(RenderedChart.renderFailure(c -> c.set("signaling.beacon.existingSecret", "s")
                .set("signaling.beacon.origins[0]", "https://*.example.org"))).as("no wildcard origins")
                .contains("signaling.beacon.origins");
    }

    @Test
    void shouldMountTheFlagsFileAndRollPodsWhenItChanges() {
        RenderedChart before = RenderedChart.renderDefaults();
        RenderedChart after = RenderedChart.render(c -> c.set("signaling.flags.expire_timeout", 7000));
        for (RenderedChart chart : List.of(before, after)) {
            JsonNode pod = chart.get("Deployment", SIGNALING).path("spec").path("template").path("spec");
            assertThat(env(container(chart.get("Deployment", SIGNALING)), "MESHKIT_ARGS_FILE")).isEqualTo("/etc/meshkit/signaling.flags");
            assertThat(pod.path("volumes").toString()).contains("\"name\":\"" + SIGNALING + "\"");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        }
        assertThat(checksum(after)).isNotEqualTo(checksum(before));
        assertThat(flags(after, SIGNALING, "signaling.flags")).contains(new Flag("expire_timeout", "7000"));
    }

    @Test
    void shouldRunEveryPodUnderTheRestrictedPodSecurityStandard() {
        // Kubernetes' "restricted" profile: namespaces that enforce it admit only such pods.
        // (stun.hostNetwork is the exception: host networking and host ports are outside even "baseline".)
        for (RenderedChart chart : List.of(RenderedChart.renderWithHooks(c -> c.withValuesFile(
                RenderedChart.chartDir().resolve("ci/cluster-values.yaml"))), RenderedChart.renderDefaults())) {
            List<JsonNode> workloads = new ArrayList<>(chart.ofKind("Deployment"));
            workloads.addAll(chart.ofKind("Pod"));
            assertThat(workloads).hasSizeGreaterThanOrEqualTo(2);
            for (JsonNode d : workloads) {
                JsonNode pod = RenderedChart.podSpec(d);
                assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", name(d)).isTrue();
                assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
                for (JsonNode c : pod.path("containers")) {
                    JsonNode sc = c.path("securityContext");
                    assertThat(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean())
                            .as("%s: allowPrivilegeEscalation false", name(d)).isTrue();
                    assertThat(sc.path("capabilities").path("drop").toString()).as("%s drops ALL", name(d)).contains("\"ALL\"");
                    assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
                    assertThat(c.path("resources").path("limits").path("memory").asText()).as("%s memory limit", name(d)).isNotEmpty();
                }
            }
        }
    }

    private static List<Flag> flags(RenderedChart chart, String configMap, String key) {
        return ServerFlags.ofConfigMap(chart.get("ConfigMap", configMap), key);
    }

    private static String checksum(RenderedChart chart) {
        return chart.get("Deployment", SIGNALING).path("spec").path("template").path("metadata")
                .path("annotations").path("checksum/config").asText();
    }

}
