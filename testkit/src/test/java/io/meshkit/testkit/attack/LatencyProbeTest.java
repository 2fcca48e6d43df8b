package io.meshkit.testkit.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LatencyProbeTest {
    @Test
    void shouldRecordSuccessesAndFailuresPerPhase() {
        AtomicInteger n = new AtomicInteger();
        try (LatencyProbe p = new LatencyProbe("t", timeout -> {
            if (n.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("refused");
            }
        }, Duration.ofMillis(1), Duration.ofSeconds(1))) {
            p.awaitRounds(4, Duration.ofSeconds(10));
            p.phase("during");
            p.awaitRounds(4, Duration.ofSeconds(10));
            LatencyProbe.Phase before = p.result("before");
            LatencyProbe.Phase during = p.result("during");
            assertThat(before.rounds()).isGreaterThanOrEqualTo(4);
            assertThat(during.failures()).isNotEmpty().allMatch(f -> f.contains("refused"));
            assertThat(during.micros()).isNotEmpty();
            assertThat(p.result("never").rounds()).isZero();
        }
    }

    @Test
    void shouldCountARoundThatNeverEndsAsAFailure() {
        try (LatencyProbe p = new LatencyProbe("hang", timeout -> new java.util.concurrent.CountDownLatch(1).await(1, java.util.concurrent.TimeUnit.HOURS),
                Duration.ofMillis(1), Duration.ofMillis(50))) {
            p.awaitRounds(1, Duration.ofSeconds(10));
            assertThat(p.result("before").failures()).first().asString().contains("no answer");
        }
    }

    @Test
    void awaitRoundsFailsWhenTheClientIsNotServed() {
        try (LatencyProbe p = new LatencyProbe("slow", timeout -> new java.util.concurrent.CountDownLatch(1).await(1, java.util.concurrent.TimeUnit.HOURS),
                Duration.ofMillis(1), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> p.awaitRounds(3, Duration.ofMillis(200))).isInstanceOf(AssertionError.class);
        }
    }
}
