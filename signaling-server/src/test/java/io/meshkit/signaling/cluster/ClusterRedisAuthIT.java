package io.meshkit.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.Ci;
import io.meshkit.testkit.ManagedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis that requires a password (as compose and the Helm chart run it) and the real CLI given the
 * password apart from the URL: {@code MESHKIT_REDIS_PASSWORD_FILE} (compose) and
 * {@code MESHKIT_REDIS_PASSWORD} (Kubernetes, from a Secret). With the right password the node
 * becomes ready and registers a client's ID in Redis; without it, or with a wrong one, it stays
 * not ready: so readiness proves the password reached Redis' AUTH.
 */
class ClusterRedisAuthIT {
    private static final String PASSWORD = "Zq3 generated:secret";
    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void shouldAuthenticateWithThePasswordFromAFileOrTheEnvironmentAndNotWithout(@TempDir Path dir) throws Exception {
        Ci.requireExecutable("/usr/bin/redis-server", "redis-server");
        int redisPort = ClusterSupport.freePort();
        // A password with a blank and a colon: config quoting and URL syntax would both break on it.
        Path conf = Files.writeString(dir.resolve("redis.conf"), String.join("\n",
                "port " + redisPort, "bind 127.0.0.1", "save \"\"", "appendonly no",
                "requirepass \"" + PASSWORD + "\"", ""));
        Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        String url = "redis://127.0.0.1:" + redisPort;
        try (ManagedProcess redis = ManagedProcess.start("redis-auth", List.of("/usr/bin/redis-server", conf.toString()))
                .awaitTcp("127.0.0.1", redisPort, Duration.ofSeconds(30))) {
            List<ManagedProcess> nodes = new ArrayList<>();
            try {
                int fromFile = ClusterSupport.freePort();
                nodes.add(node("auth-file", fromFile, List.of("MESHKIT_REDIS_URL=" + url,
                        "MESHKIT_REDIS_PASSWORD_FILE=" + passwordFile)));
                int fromEnv = ClusterSupport.freePort();
                nodes.add(node("auth-env", fromEnv, List.of("MESHKIT_REDIS_URL=" + url, "MESHKIT_REDIS_PASSWORD=" + PASSWORD)));
                int without = ClusterSupport.freePort();
                nodes.add(node("auth-none", without, List.of("MESHKIT_REDIS_URL=" + url)));
                int wrong = ClusterSupport.freePort();
                nodes.add(node("auth-wrong", wrong, List.of("MESHKIT_REDIS_URL=" + url, "MESHKIT_REDIS_PASSWORD=wrong")));

                ClusterSupport.await("the node with the password file ready", START,
                        () -> ClusterSupport.httpStatus(fromFile, "/ready") == 200);
                ClusterSupport.await("the node with the password variable ready", START,
                        () -> ClusterSupport.httpStatus(fromEnv, "/ready") == 200);
                // Two nodes on one Redis share IDs: a client on one is seen by the other (through Redis).
                try (ClusterWs a = ClusterWs.connect(fromFile, "authA", "ta");
                     ClusterWs b = ClusterWs.connect(fromEnv, "authB", "tb")) {
                    assertThat(a.next()).isEqualTo("{\"type\":\"OPEN\"}");
                    assertThat(b.next()).isEqualTo("{\"type\":\"OPEN\"}");
                    a.offer("authB", "through-redis");
                    assertThat(b.next()).isEqualTo(
                            "{\"type\":\"OFFER\",\"src\":\"authA\",\"dst\":\"authB\",\"payload\":{\"sdp\":\"through-redis\"}}");
                }
                // The others started at the same time and had as long: both serve, neither is ready.
                for (int port : List.of(without, wrong)) {
                    assertThat(ClusterSupport.httpStatus(port, "/health")).isEqualTo(200);
                    assertThat(ClusterSupport.httpStatus(port, "/ready")).as("node on port %d without the password", port)
                            .isEqualTo(503);
                }
                for (ManagedProcess n : nodes) {
                    assertThat(n.output()).as("the password is never logged").doesNotContain(PASSWORD);
                }
            } finally {
                nodes.forEach(ManagedProcess::close);
            }
        }
    }

    private static ManagedProcess node(String name, int port, List<String> env) {
        List<String> cmd = new ArrayList<>(List.of("env"));
        cmd.addAll(env);
        cmd.addAll(List.of(ManagedProcess.javaExecutable(), "-cp", System.getProperty("java.class.path"),
                "io.meshkit.signaling.cli.Main", "--port", Integer.toString(port), "--host", "127.0.0.1",
                "--node_id", name));
        return ManagedProcess.start(name, cmd).awaitTcp("127.0.0.1", port, START);
    }
}
