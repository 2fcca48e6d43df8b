package io.meshkit.signaling.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshkit.signaling.cluster.ClusterOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterArgsTest {

    @Test
    void shouldStayInMemoryWithoutARedisUrl() throws Exception {
        assertThat(ClusterArgs.parse(List.of("--port", "9000"), Map.of())).isNull();
        assertThat(ClusterArgs.parse(List.of(), Map.of("MESHKIT_REDIS_URL", " "))).isNull();
    }

    @Test
    void shouldTakeTheFlagOverTheEnvironment() throws Exception {
        ClusterOptions o = ClusterArgs.parse(List.of("--redis", "redis://a:6379", "--node_id=n1"),
                Map.of("MESHKIT_REDIS_URL", "redis://b:6379", "MESHKIT_NODE_ID", "n2"));
        assertThat(o.redisUrl()).isEqualTo("redis://a:6379");
        assertThat(o.nodeId()).isEqualTo("n1");
        assertThat(o.renewMillis()).isEqualTo(ClusterOptions.DEFAULT_RENEW_MILLIS);
    }

    @Test
    void shouldSizeTheOwnerCacheFromItsFlag() throws Exception {
        assertThat(ClusterArgs.parse(List.of("--redis", "redis://a:6379"), Map.of()).ownerCacheSize())
                .isEqualTo(ClusterOptions.DEFAULT_OWNER_CACHE_SIZE);
        assertThat(ClusterArgs.parse(List.of("--redis", "redis://a:6379", "--owner_cache_size", "0"), Map.of())
                .ownerCacheSize()).isZero();
        assertThatThrownBy(() -> ClusterArgs.parse(List.of("--redis", "redis://a:6379", "--owner_cache_size", "many"),
                Map.of())).hasMessageContaining("--owner_cache_size");
        assertThatThrownBy(() -> ClusterArgs.parse(List.of("--redis", "redis://a:6379", "--owner_cache_size", "-1"),
                Map.of())).hasMessageContaining("owner cache size");
    }

    @Test
    void shouldReadTheEnvironmentAndNameTheNodeRandomlyByDefault() throws Exception {
        ClusterOptions a = ClusterArgs.parse(List.of(), Map.of("MESHKIT_REDIS_URL", "redis://redis:6379"));
        ClusterOptions b = ClusterArgs.parse(List.of(), Map.of("MESHKIT_REDIS_URL", "redis://redis:6379"));
        assertThat(a.redisUrl()).isEqualTo("redis://redis:6379");
        assertThat(a.nodeId()).startsWith("node-").isNotEqualTo(b.nodeId());
    }

    @Test
    void shouldRefuseAnythingButARedisUrlAndABadNodeName() {
        assertThatThrownBy(() -> ClusterArgs.parse(List.of("--redis", "http://x"), Map.of()))
                .isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("redis://");
        assertThatThrownBy(() -> ClusterArgs.parse(List.of("--redis=redis://x", "--node_id", "a b"), Map.of()))
                .isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("node id");
    }

    @Test
    void shouldTakeThePasswordFromTheEnvironmentAndKeepItOutOfToString() throws Exception {
        ClusterOptions o = ClusterArgs.parse(List.of(), Map.of("MESHKIT_REDIS_URL", "redis://redis:6379",
                "MESHKIT_REDIS_PASSWORD", "s3cr et"));
        assertThat(o.redisUrl()).isEqualTo("redis://redis:6379");
        assertThat(o.redisPassword()).isEqualTo("s3cr et");
        assertThat(o.toString()).doesNotContain("s3cr").contains("(set)");
        assertThat(ClusterArgs.parse(List.of(), Map.of("MESHKIT_REDIS_URL", "redis://redis:6379")).redisPassword())
                .as("no password by default").isNull();
    }

    @Test
    void shouldReadThePasswordFileWithoutItsLineEnd(@TempDir Path dir) throws Exception {
        Path lf = Files.writeString(dir.resolve("lf"), "abc def\n");
        Path crlf = Files.writeString(dir.resolve("crlf"), "abc def\r\n");
        Path bare = Files.writeString(dir.resolve("bare"), " abc ");
        for (Path file : List.of(lf, crlf)) {
            assertThat(ClusterArgs.parse(List.of("--redis", "redis://r:6379"),
                    Map.of("MESHKIT_REDIS_PASSWORD_FILE", file.toString())).redisPassword()).isEqualTo("abc def");
        }
        assertThat(ClusterArgs.parse(List.of("--redis", "redis://r:6379"),
                Map.of("MESHKIT_REDIS_PASSWORD_FILE", bare.toString())).redisPassword()).as("blanks are the password's").isEqualTo(" abc ");
    }

    @Test
    void shouldRefuseAmbiguousOrUnusablePasswords(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "x");
        assertThatThrownBy(() -> ClusterArgs.parse(List.of("--redis", "redis://r:6379"),
                Map.of("MESHKIT_REDIS_PASSWORD", "a", "MESHKIT_REDIS_PASSWORD_FILE", file.toString())))
                .isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("both set");
        assertThatThrownBy(() -> ClusterArgs.parse(List.of("--redis", "redis://:inurl@r:6379"),
                Map.of("MESHKIT_REDIS_PASSWORD", "a")))
                .isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("already carries credentials");
        assertThatThrownBy(() -> ClusterArgs.parse(List.of("--redis", "redis://r:6379"),
                Map.of("MESHKIT_REDIS_PASSWORD_FILE", dir.resolve("missing").toString())))
                .isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("cannot be read");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> ClusterArgs.parse(List.of("--redis", "redis://r:6379"),
                Map.of("MESHKIT_REDIS_PASSWORD_FILE", empty.toString())))
                .isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("is empty");
        Path big = Files.writeString(dir.resolve("big"), "x".repeat(ClusterArgs.MAX_PASSWORD_FILE_BYTES + 1));
        assertThatThrownBy(() -> ClusterArgs.parse(List.of("--redis", "redis://r:6379"),
                Map.of("MESHKIT_REDIS_PASSWORD_FILE", big.toString())))
                .isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("not a password file");
        // The URL's own password still works alone.
        assertThat(ClusterArgs.parse(List.of("--redis", "redis://:inurl@r:6379"), Map.of()).redisPassword()).isNull();
    }

    @Test
    void shouldTakeACaFileForTlsAndKeepCredentialsOutOfToString(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        ClusterOptions o = ClusterArgs.parse(List.of("--redis", "rediss://user:hunter2@redis:6380/0"),
                Map.of("MESHKIT_REDIS_CA_FILE", ca.toString()));
        assertThat(o.tls()).isTrue();
        assertThat(o.redisCa()).isEqualTo(ca);
        assertThat(o.toString()).doesNotContain("hunter2").contains("rediss://***@redis:6380/0");
        assertThat(ClusterArgs.parse(List.of("--redis", "rediss://redis:6380", "--redis_ca", ca.toString()), Map.of())
                .redisCa()).isEqualTo(ca);
        assertThatThrownBy(() -> ClusterArgs.parse(List.of("--redis", "redis://redis:6379", "--redis_ca", ca.toString()),
                Map.of())).isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("rediss://");
        assertThatThrownBy(() -> ClusterArgs.parse(List.of("--redis", "rediss://redis:6380"),
                Map.of("MESHKIT_REDIS_CA_FILE", dir.resolve("missing.pem").toString())))
                .isInstanceOf(CliArgs.UsageException.class).hasMessageContaining("cannot be read");
    }
}
