package io.meshkit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The chart's rendered pods, run by podman as a kubelet would ({@link PodmanPods}), with our real
 * images: Redis with the generated password from the Secret, two signaling replicas in cluster mode
 * getting it through the Secret-backed variable, STUN with its flags file. Every pod must pass its
 * own startup and readiness probes, and the {@code helm test} hook must pass through the Service
 * names, and fail once STUN is gone. This is as close to {@code helm install && helm test} as a
 * machine without Kubernetes gets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartOnPodmanIT {
    private static final String NETWORK = "meshkit-chart-it";
    private static final String FULL = RenderedChart.RELEASE + "-mesh-kit";
    private static final Duration READY = Duration.ofSeconds(180);

    private RenderedChart chart;
    private PodmanPods pods;
    private final Map<String, List<String>> containers = new TreeMap<>();

    @BeforeAll
    void start() throws Exception {
        Podman.requireReady();
        Podman.requireJar("signaling-server");
        Podman.requireJar("stun-server");
        Podman.build("signaling-server/Dockerfile", ComposeIT.SIGNALING_IMAGE);
        Podman.build("stun-server/Dockerfile", ComposeIT.STUN_IMAGE);
        chart = RenderedChart.renderWithHooks(c -> c
                .set("redis.enabled", true)
                .set("signaling.replicaCount", 2)
                .set("signaling.image.repository", ComposeIT.SIGNALING_IMAGE.split(":")[0])
                .set("signaling.image.tag", ComposeIT.SIGNALING_IMAGE.split(":")[1])
                .set("stun.image.repository", ComposeIT.STUN_IMAGE.split(":")[0])
                .set("stun.image.tag", ComposeIT.STUN_IMAGE.split(":")[1])
                .set("redis.image.repository", Podman.REDIS_IMAGE.split(":")[0])
                .set("redis.image.tag", Podman.REDIS_IMAGE.split(":")[1]));
        pods = new PodmanPods(chart, NETWORK);
        long t0 = System.nanoTime();
        for (String deployment : List.of(FULL + "-redis", FULL + "-signaling", FULL + "-stun")) {
            JsonNode d = chart.get("Deployment", deployment);
            containers.put(deployment, pods.start(d, d.path("spec").path("replicas").asInt(1)));
        }
        for (Map.Entry<String, List<String>> e : containers.entrySet()) {
            JsonNode c = RenderedChart.container(chart.get("Deployment", e.getKey()));
            for (String container : e.getValue()) {
                for (String probe : List.of("startupProbe", "readinessProbe")) {
                    if (c.has(probe)) {
                        awaitProbe(container, probe, c.path(probe));
                    }
                }
            }
        }
        System.out.printf("figures: %d pods of the rendered chart ready on podman in %d ms%n",
                containers.values().stream().mapToInt(List::size).sum(), (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    void stop() {
        if (pods != null) {
            pods.close();
        }
    }

    @Test
    void shouldPassTheHelmTestHookThroughTheServiceNamesAndFailWithoutStun() throws InterruptedException {
        JsonNode hook = chart.get("Pod", FULL + "-smoke-test");
        Podman.Result ok = pods.runToCompletion(hook, Duration.ofMinutes(2));
        assertThat(ok.exitCode()).as("helm test: %s", ok.output()).isZero();
        assertThat(ok.output()).contains("PeerJS: OPEN through the signaling Service",
                "STUN: Binding success over UDP and TCP through the STUN Service");

        List<String> stun = containers.get(FULL + "-stun");
        stun.forEach(pods::stop);
        try {
            Podman.Result failed = pods.runToCompletion(hook, Duration.ofMinutes(2));
            assertThat(failed.exitCode()).as("helm test without STUN: %s", failed.output()).isNotZero();
            assertThat(failed.output()).contains("PeerJS: OPEN").contains("unhealthy");
        } finally {
            // The other tests need STUN back.
            JsonNode c = RenderedChart.container(chart.get("Deployment", FULL + "-stun"));
            for (String s : stun) {
                pods.restart(s);
                awaitProbe(s, "readinessProbe", c.path("readinessProbe"));
            }
        }
    }

    @Test
    void shouldRequireTheGeneratedPasswordAtRedisAndKeepItOffTheCommandLines() {
        String redis = containers.get(FULL + "-redis").get(0);
        Podman.Result anonymous = pods.exec(redis, "sh", "-c", "REDISCLI_AUTH= redis-cli ping");
        assertThat(anonymous.output()).contains("NOAUTH");
        Podman.Result withSecret = pods.exec(redis, "redis-cli", "ping");
        assertThat(withSecret.output()).as("redis-cli with REDISCLI_AUTH from the Secret").contains("PONG");
        // The replicas became ready only by authenticating (readiness includes Redis); neither
        // Redis' nor a replica's command line carries the password.
        String password = pods.exec(redis, "sh", "-c", "printf %s \"$REDIS_PASSWORD\"").output().strip();
        assertThat(password).matches("[A-Za-z0-9]{32}");
        List<String> all = new ArrayList<>(containers.get(FULL + "-redis"));
        all.addAll(containers.get(FULL + "-signaling"));
        for (String c : all) {
            Podman.Result cmdline = pods.exec(c, "sh", "-c", "for p in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < $p; echo; done");
            assertThat(cmdline.output()).as("processes of %s", c).doesNotContain(password);
        }
        for (String replica : containers.get(FULL + "-signaling")) {
            assertThat(pods.probe(replica, RenderedChart.container(chart.get("Deployment", FULL + "-signaling")).path("readinessProbe")))
                    .as("%s ready (Redis reachable with the password)", replica).isTrue();
        }
    }

    @Test
    void shouldServeMetricsOnlyThroughTheOperationsServices() {
        // What a scraper in the namespace sees: /metrics on the -metrics Services (the ops ports),
        // nothing on the public signaling Service (the one the Ingress routes).
        String from = containers.get(FULL + "-signaling").get(0);
        for (String target : List.of(FULL + "-signaling-metrics:9090", FULL + "-stun-metrics:8080")) {
            Podman.Result r = pods.exec(from, "/usr/local/bin/meshkit-probe", "http", target, "/metrics");
            assertThat(r.exitCode()).as("GET http://%s/metrics: %s", target, r.output()).isZero();
        }
        Podman.Result pub = pods.exec(from, "/usr/local/bin/meshkit-probe", "http", FULL + "-signaling:9000", "/metrics");
        assertThat(pub.exitCode()).as("no /metrics on the public port: %s", pub.output()).isNotZero();
        assertThat(pub.output()).contains("404");
    }

    private void awaitProbe(String container, String which, JsonNode probe) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (!pods.probe(container, probe)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(container + " " + which + " not passing within " + READY + ":\n" + pods.logs(container));
            }
            Thread.sleep(500);
        }
    }
}
