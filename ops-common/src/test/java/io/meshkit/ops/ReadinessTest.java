package io.meshkit.ops;

import static org.assertj.core.api.Assertions.assertThat;

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
    void shouldKeepReasonsShort() {
        Readiness r = new Readiness();
        r.notReady("x", "y".repeat(1000));
        assertThat(r.failing().get("x")).hasSize(Readiness.MAX_REASON_CHARS);
        r.set("z", false, null);
        assertThat(r.describe()).isEqualTo("not ready: x (" + "y".repeat(Readiness.MAX_REASON_CHARS) + "); z");
    }
}
