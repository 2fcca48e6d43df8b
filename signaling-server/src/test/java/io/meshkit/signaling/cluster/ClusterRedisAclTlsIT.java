package io.meshkit.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.meshkit.ops.Readiness;
import io.meshkit.signaling.core.RealmListener;
import io.meshkit.signaling.netty.Operations;
import io.meshkit.signaling.netty.ServerOptions;
import io.meshkit.signaling.netty.SignalingServer;
import io.meshkit.testkit.Ci;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode against a Redis that trusts nobody by default: an ACL user limited to mesh-kit's keys
 * and channels (the default user off), and TLS with a private CA. The node is ready (and registers a
 * client in Redis) only with the right credentials and the right CA; readiness proves the setting
 * reached Redis.
 */
@Timeout(240)
class ClusterRedisAclTlsIT {
    private static final Duration READY = Duration.ofSeconds(90);

    private static SignalingServer node(ClusterOptions cluster) throws InterruptedException {
        return SignalingServer.start(ServerOptions.defaults(0).withRealm(ClusterSupport.realm()), RealmListener.NONE,
                new Readiness(), Operations.defaults(), cluster);
    }

    /** Whether the node becomes ready within {@code within} (polled). */
    private static boolean becomesReady(SignalingServer s, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (s.readiness().isReady()) {
                return true;
            }
            Thread.sleep(50);
        }
        return s.readiness().isReady();
    }

    @Test
    void shouldWorkAsAnAclUserLimitedToItsKeysAndChannels() throws Exception {
        // Least privilege: only meshkit:* keys and channels; the default user cannot log in at all.
        try (RedisProcess redis = RedisProcess.start("--user", "default", "off",
                "--user", "meshkit", "on", ">node-secret", "~meshkit:*", "&meshkit:*", "+@all")) {
            String url = "redis://meshkit:node-secret@127.0.0.1:" + redis.port();
            try (SignalingServer ok = node(new ClusterOptions(url, "acl-ok", 200));
                 SignalingServer wrong = node(new ClusterOptions("redis://meshkit:wrong@127.0.0.1:" + redis.port(),
                         "acl-wrong", 200));
                 SignalingServer anonymous = node(new ClusterOptions("redis://127.0.0.1:" + redis.port(), "acl-anon", 200))) {
                assertThat(becomesReady(ok, READY)).as("the ACL user's node").isTrue();
                try (ClusterWs a = ClusterWs.connect(ok.port(), "aclA", "ta")) {
                    assertThat(a.next()).isEqualTo("{\"type\":\"OPEN\"}");
                }
                assertThat(wrong.readiness().isReady()).as("a wrong password").isFalse();
                assertThat(anonymous.readiness().isReady()).as("no credentials").isFalse();
                assertThat(becomesReady(wrong, Duration.ofSeconds(3))).isFalse();
            }
        }
    }

    @Test
    void shouldSpeakTlsAndCheckRedisCertificateAgainstTheGivenCa(@TempDir Path dir) throws Exception {
        Path openssl = Ci.requireExecutable("/usr/bin/openssl", "openssl");
        Path caKey = dir.resolve("ca.key");
        Path ca = dir.resolve("ca.pem");
        Path key = dir.resolve("redis.key");
        Path csr = dir.resolve("redis.csr");
        Path cert = dir.resolve("redis.pem");
        Path ext = dir.resolve("san.ext");
        java.nio.file.Files.writeString(ext, "subjectAltName=IP:127.0.0.1\n");
        openssl(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", ca.toString(),
                "-days", "1", "-subj", "/CN=meshkit test CA");
        openssl(openssl, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=127.0.0.1");
        openssl(openssl, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "1", "-extfile", ext.toString());
        try (RedisProcess redis = RedisProcess.startTls(cert, key, ca, "--requirepass", "tls-secret")) {
            String url = "rediss://:tls-secret@127.0.0.1:" + redis.port();
            try (SignalingServer trusted = node(new ClusterOptions(url, "tls-ca", 200, null, ca));
                 SignalingServer untrusted = node(new ClusterOptions(url, "tls-default-trust", 200))) {
                assertThat(becomesReady(trusted, READY)).as("TLS with our CA").isTrue();
                try (ClusterWs a = ClusterWs.connect(trusted.port(), "tlsA", "ta")) {
                    assertThat(a.next()).isEqualTo("{\"type\":\"OPEN\"}");
                }
                assertThat(becomesReady(untrusted, Duration.ofSeconds(3)))
                        .as("the JVM's trust store does not know our CA: the certificate is checked").isFalse();
            }
            // And the plain port is off: what the node wrote went over TLS only.
            RedisClient c = RedisClient.create(io.lettuce.core.RedisURI.builder().withHost("127.0.0.1")
                    .withPort(redis.port()).withSsl(true).withVerifyPeer(false).withPassword("tls-secret".toCharArray())
                    .build());
            try (StatefulRedisConnection<String, String> conn = c.connect()) {
                assertThat(conn.sync().ping()).isEqualTo("PONG");
            } finally {
                c.shutdown();
            }
        }
    }

    private static void openssl(Path openssl, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(openssl.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + ":\n" + out);
        }
    }
}
