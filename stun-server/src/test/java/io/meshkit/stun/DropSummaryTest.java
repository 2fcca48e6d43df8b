package io.meshkit.stun;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.stun.core.DropReason;
import org.junit.jupiter.api.Test;

class DropSummaryTest {
    @Test
    void shouldSayWhatWasDroppedSinceTheLastLineAndNothingWhenNothingWas() {
        ServerStats stats = new ServerStats();
        stats.dropped(DropReason.NOT_STUN);
        DropSummary summary = new DropSummary(stats);
        assertThat(summary.summarize()).isEmpty();
        for (int i = 0; i < 3; i++) {
            stats.dropped(DropReason.RATE_LIMITED);
        }
        stats.dropped(DropReason.BAD_LENGTH);
        assertThat(summary.summarize()).isEqualTo(" bad_length=1 rate_limited=3");
        assertThat(summary.summarize()).isEmpty();
    }
}
