package io.meshkit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import io.meshkit.testkit.LauncherDefaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code docker-compose.yml} for real: our two images built by podman on the debootstrap JRE base,
 * the stack brought up by docker-compose through podman's Docker API, then driven from the host
 * through the published loopback ports only: PeerJS over the entry point, STUN over UDP and TCP,
 * health of every service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeIT {
    static final String SIGNALING_IMAGE = "localhost/meshkit-signaling:it";
    static final String STUN_IMAGE = "localhost/meshkit-stun:it";
    private static final List<String> REPLICAS = List.of("signaling-a", "signaling-b");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final ObjectMapper json = new ObjectMapper();
    private final Random random = new Random(7);
    // HTTP/1.1: the default would send `Upgrade: h2c`, which the server (like peerjs-server's ws
    // upgrade handler) answers with 400.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private ComposeStack stack;
    private int httpPort;
    private int stunPort;

    @BeforeAll
    void buildAndStart() throws Exception {
        Podman.requireReady();
        Podman.requireCompose();
        Podman.requireJar("signaling-server");
        Podman.requireJar("stun-server");
        long t0 = System.nanoTime();
        Podman.build("signaling-server/Dockerfile", SIGNALING_IMAGE);
        Podman.build("stun-server/Dockerfile", STUN_IMAGE);
        long t1 = System.nanoTime();

        httpPort = Ports.freeTcp();
        stunPort = Ports.freeTcpAndUdp();
        Map<String, String> settings = new HashMap<>();
        settings.put("MESHKIT_HTTP_PORT", String.valueOf(httpPort));
        settings.put("MESHKIT_STUN_PORT", String.valueOf(stunPort));
        settings.put("MESHKIT_BASE_IMAGE", Podman.BASE_IMAGE);
        settings.put("MESHKIT_REDIS_IMAGE", Podman.REDIS_IMAGE);
        settings.put("MESHKIT_HAPROXY_IMAGE", Podman.HAPROXY_IMAGE);
        settings.put("MESHKIT_SIGNALING_IMAGE", SIGNALING_IMAGE);
        settings.put("MESHKIT_STUN_IMAGE", STUN_IMAGE);
        stack = new ComposeStack("meshkitit", settings);
        stack.up();
        awaitServiceNamesResolve();
        long t2 = System.nanoTime();
        Set<String> seen = awaitReplicasThroughEntry();
        long t3 = System.nanoTime();
        System.out.printf("figures: image builds %d ms, compose up %d ms, both replicas healthy via the entry point %d ms later (%s)%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, seen);
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            long t0 = System.nanoTime();
            stack.close();
            System.out.printf("figures: compose down %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    @Test
    void shouldAnswerHealthOfEveryReplicaAndOfTheBalancer() throws Exception {
        HttpResponse<String> lb = get("/lb/health");
        assertThat(lb.statusCode()).as("haproxy monitor-uri: at least one replica up").isEqualTo(200);
        Set<String> replicas = new TreeSet<>();
        for (int i = 0; i < 20 && replicas.size() < REPLICAS.size(); i++) {
            HttpResponse<String> r = get("/health");
            assertThat(r.statusCode()).isEqualTo(200);
            r.headers().firstValue("X-Meshkit-Replica").ifPresent(replicas::add);
        }
        assertThat(replicas).as("both replicas answer /health through the entry point").containsExactlyElementsOf(REPLICAS);
    }

    @Test
    void shouldServeReadinessAndMetricsInsideTheNetworkButNotMetricsThroughTheEntryPoint() throws Exception {
        // haproxy's health check is /ready; through the entry point /ready reaches a replica, /metrics does not.
        assertThat(get("/ready").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").statusCode()).as("the entry point keeps metrics off the internet").isEqualTo(404);
        // Inside the compose network (where Prometheus would scrape): each server's ops port.
        for (String[] target : List.of(new String[] {"signaling-a", "9090"}, new String[] {"signaling-b", "9090"},
                new String[] {"stun", "8080"})) {
            for (String path : List.of("/health", "/ready", "/metrics")) {
                Podman.Result r = Podman.run(List.of("podman", "exec", stack.containerName(target[0]),
                        "/usr/local/bin/meshkit-probe", "http", target[1], path), Duration.ofSeconds(30));
                assertThat(r.exitCode()).as("%s %s: %s", target[0], path, r.output()).isZero();
            }
        }
        // The main port keeps /ready for haproxy but serves no metrics (--metrics is off).
        Podman.Result mainMetrics = Podman.run(List.of("podman", "exec", stack.containerName("signaling-a"),
                "/usr/local/bin/meshkit-probe", "http", "9000", "/metrics"), Duration.ofSeconds(30));
        assertThat(mainMetrics.exitCode()).as("no /metrics on the main port: %s", mainMetrics.output()).isNotZero();
        // And the probe can fail: a path nobody serves is not 2xx.
        Podman.Result missing = Podman.run(List.of("podman", "exec", stack.containerName("stun"),
                "/usr/local/bin/meshkit-probe", "http", "8080", "/nothing"), Duration.ofSeconds(30));
        assertThat(missing.exitCode()).isNotZero();
    }

    @Test
    void shouldRunTheServersWithTheLauncherDefaults() {
        // The images read docker/jvm/ (copied to /opt/meshkit/jvm): PID 1 is the JVM with those options.
        for (String[] target : List.of(new String[] {"signaling-a", "signaling-server"}, new String[] {"stun", "stun-server"})) {
            Podman.Result cmdline = Podman.run(List.of("podman", "exec", stack.containerName(target[0]), "bash", "-c",
                    "tr '\\0' ' ' < /proc/1/cmdline"), Duration.ofSeconds(30)).requireSuccess("cmdline of " + target[0]);
            assertThat(cmdline.output()).as(target[0]).contains(LauncherDefaults.jvmOptions(target[1]))
                    .contains("/opt/meshkit/" + target[1] + ".jar");
        }
    }

    @Test
    void shouldBuildTheSignalingImageOnceForBothReplicas() throws Exception {
        Podman.Result config = stack.compose(List.of("config"), Duration.ofSeconds(60)).requireSuccess("docker-compose config");
        String yaml = config.output().substring(Math.max(0, config.output().indexOf("services:")));
        JsonNode services = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml)
                .path("services");
        List<String> building = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            if (e.getValue().path("build").path("dockerfile").asText().equals("signaling-server/Dockerfile")) {
                building.add(e.getKey());
            }
        });
        assertThat(building).as("services that build the signaling image").containsExactly("signaling-a");
        assertThat(services.path("signaling-b").path("image").asText()).as("the replicas run one image")
                .isEqualTo(services.path("signaling-a").path("image").asText()).isEqualTo(SIGNALING_IMAGE);
        assertThat(services.path("signaling-b").path("depends_on").toString())
                .as("signaling-b starts after the build of signaling-a").contains("signaling-a");
    }

    @Test
    void shouldPassTheImagesOwnHealthChecksAsNonRootUsers() {
        // podman runs HEALTHCHECKs from systemd timers, absent here: run each check on demand.
        for (String service : List.of("signaling-a", "signaling-b", "stun", "redis")) {
            String name = stack.containerName(service);
            Podman.Result check = pollUntilSuccess(List.of("podman", "healthcheck", "run", name), Duration.ofSeconds(60));
            assertThat(check.exitCode()).as("health check of %s: %s", service, check.output()).isZero();
        }
        for (String service : List.of("signaling-a", "stun")) {
            Podman.Result uid = Podman.run(List.of("podman", "exec", stack.containerName(service), "id", "-u"), Duration.ofSeconds(30))
                    .requireSuccess("id -u in " + service);
            assertThat(uid.lines()).as("%s runs as the image's unprivileged user", service).containsExactly("10001");
        }
        // The STUN probe must be able to fail: against a port nobody serves it reports unhealthy.
        Podman.Result wrong = Podman.run(List.of("podman", "exec", stack.containerName("stun"),
                "/usr/local/bin/meshkit-probe", "stun-tcp", "3479"), Duration.ofSeconds(30));
        assertThat(wrong.exitCode()).isNotZero();
    }

    @Test
    void shouldRelayPeerJsMessagesThroughTheEntryPoint() throws Exception {
        // haproxy puts a replica in the pool after its first passing /ready check, and a replica whose
        // JVM is still connecting to Redis on a loaded machine is not ready yet: wait until the entry
        // point has routed to both, so that leastconn spreads the sockets below over both.
        Set<String> routedTo = new TreeSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (routedTo.size() < REPLICAS.size() && System.nanoTime() < deadline) {
            HttpResponse<String> ready = get("/ready");
            if (ready.statusCode() == 200) {
                ready.headers().firstValue("X-Meshkit-Replica").ifPresent(routedTo::add);
            }
            if (routedTo.size() < REPLICAS.size()) {
                pause();
            }
        }
        assertThat(routedTo).as("replicas the entry point routes to").containsExactlyInAnyOrderElementsOf(REPLICAS);

        List<RawWebSocket> clients = new ArrayList<>();
        try {
            Map<String, List<Integer>> byReplica = new HashMap<>();
            // Three sockets over two replicas (leastconn spreads them): two share one (pigeonhole),
            // and the other two are on different replicas, which meet through Redis.
            for (int i = 0; i < 3; i++) {
                RawWebSocket ws = RawWebSocket.open("127.0.0.1", httpPort,
                        "/peerjs?key=peerjs&id=compose-" + i + "&token=t" + i, Duration.ofSeconds(10), random);
                clients.add(ws);
                assertThat(json.readTree(ws.receiveText(Duration.ofSeconds(10))).path("type").asText())
                        .as("OPEN for client %d", i).isEqualTo("OPEN");
                String replica = ws.header("X-Meshkit-Replica");
                assertThat(replica).isIn(REPLICAS);
                byReplica.computeIfAbsent(replica, r -> new ArrayList<>()).add(i);
            }
            assertThat(byReplica.keySet()).as("the entry point spreads sockets over both replicas")
                    .containsExactlyInAnyOrderElementsOf(REPLICAS);
            List<Integer> pair = byReplica.values().stream().filter(l -> l.size() >= 2).findFirst().orElseThrow();
            int from = pair.get(0);
            int to = pair.get(1);
            clients.get(from).sendText("{\"type\":\"OFFER\",\"dst\":\"compose-" + to
                    + "\",\"payload\":{\"type\":\"data\",\"connectionId\":\"dc_compose\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}}");
            JsonNode offer = json.readTree(clients.get(to).receiveText(Duration.ofSeconds(10)));
            assertThat(offer.path("type").asText()).isEqualTo("OFFER");
            assertThat(offer.path("src").asText()).isEqualTo("compose-" + from);
            assertThat(offer.path("payload").path("connectionId").asText()).isEqualTo("dc_compose");

            // Cluster mode (MESHKIT_REDIS_URL): a client on the other replica is reached through Redis.
            int here = byReplica.get(REPLICAS.get(0)).get(0);
            int there = byReplica.get(REPLICAS.get(1)).get(0);
            clients.get(here).sendText("{\"type\":\"OFFER\",\"dst\":\"compose-" + there
                    + "\",\"payload\":{\"type\":\"data\",\"connectionId\":\"dc_cross\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}}");
            JsonNode cross = json.readTree(clients.get(there).receiveText(Duration.ofSeconds(10)));
            assertThat(cross.path("type").asText()).isEqualTo("OFFER");
            assertThat(cross.path("src").asText()).isEqualTo("compose-" + here);
            assertThat(cross.path("payload").path("connectionId").asText()).isEqualTo("dc_cross");
        } finally {
            for (RawWebSocket ws : clients) {
                ws.close();
            }
        }
    }

    @Test
    void shouldServeTheBrowserAppThroughTheEntryPoint() throws Exception {
        HttpResponse<String> page = get("/app/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Mesh</title>");
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        // config.json from the replicas' flags: the page's own origin for PeerJS, this host's published STUN port
        // ({host}: the host the page came from), the replicas' own IP echo behind the entry point.
        HttpResponse<String> config = get("/app/config.json");
        assertThat(config.body()).contains("\"stun\":[\"stun:{host}:" + stunPort + "\"]", "\"ipEcho\":\"/ip\"",
                "\"host\":null", "\"path\":\"/\"");
        assertThat(get("/app/vendor/peerjs-1.5.5.min.js").body()).contains("window.Peer=");
        // The app's fallback when no STUN answers: the replicas' echo, through the entry point.
        HttpResponse<String> ip = get("/ip");
        assertThat(ip.statusCode()).isEqualTo(200);
        assertThat(ip.body()).matches("[0-9a-f.:]+");
    }

    @Test
    void shouldAnswerStunOverThePublishedUdpAndTcpPorts() throws Exception {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", stunPort);
        InetSocketAddress overUdp = StunProbe.udp(server, Duration.ofSeconds(10), random);
        InetSocketAddress overTcp = StunProbe.tcp(server, Duration.ofSeconds(10), random);
        // The reflected address is whatever the port mapping let through: with podman's forwarding
        // on loopback the server sees the bridge gateway, not 127.0.0.1 (docs/OPERATIONS.md).
        System.out.printf("figures: STUN through the published port reflected udp=%s tcp=%s%n", overUdp, overTcp);
        assertThat(overUdp.getPort()).isPositive();
        assertThat(overTcp.getPort()).isPositive();
        assertThat(overUdp.getAddress().getAddress()).hasSize(4);
    }

    @Test
    void shouldReachRedisFromTheSignalingReplicasOnlyWithTheGeneratedPassword() {
        // Cluster mode needs redis:6379 by name on the compose network, and Redis requires the password
        // the one-shot service generated into the shared volume: refused without it, PONG with it.
        for (String replica : REPLICAS) {
            Podman.Result anonymous = Podman.run(List.of("podman", "exec", stack.containerName(replica), "bash", "-c",
                    "exec 3<>/dev/tcp/redis/6379; printf 'PING\\r\\n' >&3; timeout 5 head -c 7 <&3"), Duration.ofSeconds(30));
            assertThat(anonymous.output()).as("PING without AUTH from %s", replica).contains("-NOAUTH");
            Podman.Result authenticated = Podman.run(List.of("podman", "exec", stack.containerName(replica), "bash", "-c",
                    "exec 3<>/dev/tcp/redis/6379; printf 'AUTH %s\\r\\nPING\\r\\n' \"$(cat /run/meshkit-redis/password)\" >&3;"
                            + " timeout 5 head -c 12 <&3"), Duration.ofSeconds(30));
            assertThat(authenticated.output()).as("AUTH and PING from %s", replica).contains("+OK", "+PONG");
        }
        String password = password();
        assertThat(password).as("32 random bytes, hex").matches("[0-9a-f]{64}");
        // Redis runs with the generated config, never with protected mode turned off on its command line.
        Podman.Result args = Podman.run(List.of("podman", "inspect", "--format", "{{json .Config.Cmd}}",
                stack.containerName("redis")), Duration.ofSeconds(30)).requireSuccess("podman inspect redis");
        assertThat(args.output()).contains("/run/meshkit-redis/redis.conf").doesNotContain("protected-mode").doesNotContain(password);

        // Another `up` (an operator's restart) runs the one-shot service again: it keeps the password.
        stack.compose(List.of("up", "-d", "--no-build", "redis-secret"), Duration.ofMinutes(2)).requireSuccess("up redis-secret");
        Podman.Result again = Podman.run(List.of("podman", "wait", stack.containerName("redis-secret")), Duration.ofSeconds(60));
        assertThat(again.lines()).as("the one-shot service's exit status").containsExactly("0");
        assertThat(password()).isEqualTo(password);
    }

    private String password() {
        return Podman.run(List.of("podman", "exec", stack.containerName("signaling-a"), "cat", "/run/meshkit-redis/password"),
                Duration.ofSeconds(30)).requireSuccess("read the password").output().strip();
    }

    /**
     * Fails within seconds when containers cannot resolve each other's service names (podman's CNI
     * backend without the dnsname plugin): without it haproxy disables both replicas and they never
     * reach Redis, and waiting for health would only time out.
     */
    private void awaitServiceNamesResolve() {
        List<String[]> lookups = List.of(new String[] {"entry", "signaling-a"}, new String[] {"entry", "signaling-b"},
                new String[] {"signaling-a", "redis"});
        for (String[] lookup : lookups) {
            List<String> command = List.of("podman", "exec", stack.containerName(lookup[0]), "getent", "hosts", lookup[1]);
            Podman.Result r = pollUntilSuccess(command, Duration.ofSeconds(10));
            if (r.exitCode() != 0) {
                throw new AssertionError("service name '" + lookup[1] + "' does not resolve in " + lookup[0]
                        + " (exit " + r.exitCode() + ": " + r.output().strip() + "); podman's CNI network backend needs"
                        + " the dnsname plugin (bash .ci/setup-podman.sh installs it)");
            }
        }
    }

    private Set<String> awaitReplicasThroughEntry() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Set<String> seen = new TreeSet<>();
        String last = "nothing yet";
        while (System.nanoTime() < deadline && seen.size() < REPLICAS.size()) {
            try {
                HttpResponse<String> r = get("/health");
                last = r.statusCode() + " " + r.headers().firstValue("X-Meshkit-Replica").orElse("?");
                if (r.statusCode() == 200) {
                    r.headers().firstValue("X-Meshkit-Replica").ifPresent(seen::add);
                    continue;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            pause();
        }
        if (seen.size() < REPLICAS.size()) {
            throw new AssertionError("replicas healthy through the entry point within " + START_TIMEOUT + ": " + seen
                    + " (last: " + last + ")\n" + stack.logs());
        }
        return seen;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Podman.Result pollUntilSuccess(List<String> command, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Podman.Result r;
        do {
            r = Podman.run(command, Duration.ofSeconds(30));
            if (r.exitCode() == 0) {
                return r;
            }
            pause();
        } while (System.nanoTime() < deadline);
        return r;
    }

    /** Poll interval while waiting for containers (a condition is re-checked, never assumed). */
    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
