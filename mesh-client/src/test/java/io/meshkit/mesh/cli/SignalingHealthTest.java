package io.meshkit.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalingHealthTest {
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final SignalingHealth health = new SignalingHealth(events::add);

    @Test
    void shouldReportOneFaultPerOutageWithItsCauseAndOneRecovery() {
        health.opened("mesh-a");
        health.failed("mesh-a", 1, "connection refused (203.0.113.1:9000)", 500);
        health.failed("mesh-b", 2, "connection refused (203.0.113.1:9000)", 1000);
        assertThat(events).as("a drop taken back within two retries is not an outage").isEmpty();
        health.failed("mesh-a", 3, "connection refused (203.0.113.1:9000)", 2000);
        health.failed("mesh-b", 3, "connection refused (203.0.113.1:9000)", 2000);
        health.failed("mesh-a", 40, "connection refused (203.0.113.1:9000)", 15000);
        assertThat(events).containsExactly(Map.of("event", "fault", "reason", "signaling-unreachable",
                "detail", "connection refused (203.0.113.1:9000)", "retrying", true));
        health.opened("mesh-b");
        health.opened("mesh-a");
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).isEqualTo(Map.of("event", "recovered", "reason", "signaling-unreachable"));
    }

    @Test
    void shouldReportAClientThatGaveUpAtOnce() {
        health.failed("mesh-a", 1, "closed by the server (WebSocket status 1011)", -1);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.get("retrying")).isEqualTo(false));
    }
}
