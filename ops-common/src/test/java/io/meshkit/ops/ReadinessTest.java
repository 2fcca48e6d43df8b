package io.meshkit.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    @Test
    void shouldBeReadyOnlyWhileNoConditionFails() {
        Readiness r = new Readiness();
        assertThat(r.isReady()).isTrue();
        assertThat(r.describe()).isEqualTo("ready");
        r.notReady("redis", "connection refused");
        r.notReady(Readiness.DRAINING, "shutting down");
        assertThat(r.isReady()).isFalse();
        assertThat(r.describe()).isEqualTo("not ready: draining (shutting down); redis (connection refused)");
        r.ready("redis");
        assertThat(r.failing()).containsOnlyKeys(Readiness.DRAINING);
        r.set(Readiness.DRAINING, true, null);
        assertThat(r.isReady()).isTrue();
    }

    @Test
    void shouldExportReadinessAsAGaugeThatFollowsEveryCondition() {
        Readiness r = new Readiness();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        r.bindTo(registry, "meshkit.test.ready");
        assertThat(registry.get("meshkit.test.ready").gauge().value()).isEqualTo(1.0);
        r.notReady("redis", "connection refused");
        assertThat(registry.get("meshkit.test.ready").gauge().value()).isEqualTo(0.0);
        r.notReady(Readiness.DRAINING, "shutting down");
        r.ready("redis");
        assertThat(registry.get("meshkit.test.ready").gauge().value()).isEqualTo(0.0);
        r.ready(Readiness.DRAINING);
        assertThat(registry.get("meshkit.test.ready").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void shouldKeepReasonsShort() {
        Readiness r = new Readiness();
        r.notReady("x", "y".repeat(1000));
        assertThat(r.failing().get("x")).hasSize(Readiness.MAX_REASON_CHARS);
        r.set("z", false, null);
        assertThat(r.describe()).isEqualTo("not ready: x (" + "y".repeat(Readiness.MAX_REASON_CHARS) + "); z");
    }
}
