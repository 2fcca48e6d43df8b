package io.meshkit.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

class RateLimitedLogTest {
    private final RateLimitedLog log = new RateLimitedLog(NOPLogger.NOP_LOGGER, 60_000, 3);

    @Test
    void shouldLogOncePerSourceAndReasonPerPeriod() {
        assertThat(log.warn("1.2.3.4", "refused", "ip_ids", 0)).isTrue();
        assertThat(log.warn("1.2.3.4", "refused", "ip_ids", 59_999)).isFalse();
        assertThat(log.warn("1.2.3.4", "dropped", "queue_full", 1)).as("another reason").isTrue();
        assertThat(log.warn("5.6.7.8", "refused", "ip_ids", 1)).as("another source").isTrue();
        assertThat(log.warn("1.2.3.4", "refused", "ip_ids", 60_000)).isTrue();
    }

    @Test
    void shouldStayBoundedAndForgetPairsQuietForAPeriod() {
        assertThat(log.warn("a", "e", "r", 0)).isTrue();
        assertThat(log.warn("b", "e", "r", 0)).isTrue();
        assertThat(log.warn("c", "e", "r", 0)).isTrue();
        assertThat(log.warn("d", "e", "r", 10)).as("the table is full of recent pairs").isFalse();
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.warn("d", "e", "r", 60_000)).as("old entries make room").isTrue();
        assertThat(log.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void shouldGateCallersWithTheirOwnFormat() {
        assertThat(log.shouldLog("k", "r", 0)).isTrue();
        assertThat(log.shouldLog("k", "r", 1)).isFalse();
        assertThat(log.warn(null, "e", "r", 0)).as("unknown sources share one entry").isTrue();
        assertThat(log.warn(null, "e", "r", 1)).isFalse();
    }
}
