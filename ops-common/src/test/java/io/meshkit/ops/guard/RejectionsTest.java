package io.meshkit.ops.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RejectionsTest {
    @Test
    void shouldCountEveryRejectionByReasonAndExposeItAsACounter() {
        Rejections r = new Rejections("test");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        r.bind(registry, "meshkit.test.rejected", "test", "listener", "x");
        InetSocketAddress from = new InetSocketAddress("192.0.2.1", 1000);
        r.record(Rejection.PIPELINE_LIMIT, from);
        r.record(Rejection.PIPELINE_LIMIT, from);
        r.record(Rejection.IDLE_TIMEOUT, from);
        assertThat(r.count(Rejection.PIPELINE_LIMIT)).isEqualTo(2);
        assertThat(registry.get("meshkit.test.rejected").tags("reason", "pipeline_limit", "listener", "x")
                .functionCounter().count()).isEqualTo(2.0);
        assertThat(registry.get("meshkit.test.rejected").tags("reason", "idle_timeout").functionCounter().count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldLogASourceAndReasonAtMostOnceAMinute() {
        AtomicLong now = new AtomicLong(1_000_000);
        Rejections r = new Rejections("test", now::get);
        InetSocketAddress a = new InetSocketAddress("192.0.2.1", 1000);
        InetSocketAddress sameSource = new InetSocketAddress("192.0.2.1", 2000);
        assertThat(r.shouldLog(SourceKey.of(a), Rejection.MESSAGE_TIMEOUT)).isTrue();
        assertThat(r.shouldLog(SourceKey.of(sameSource), Rejection.MESSAGE_TIMEOUT)).isFalse();
        assertThat(r.shouldLog(SourceKey.of(a), Rejection.PIPELINE_LIMIT)).isTrue();
        now.addAndGet(Rejections.LOG_INTERVAL_MILLIS - 1);
        assertThat(r.shouldLog(SourceKey.of(a), Rejection.MESSAGE_TIMEOUT)).isFalse();
        now.addAndGet(1);
        assertThat(r.shouldLog(SourceKey.of(a), Rejection.MESSAGE_TIMEOUT)).isTrue();
    }
}
