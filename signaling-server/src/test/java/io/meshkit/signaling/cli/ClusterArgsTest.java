package io.meshkit.signaling.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshkit.signaling.cluster.ClusterOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
