package io.meshkit.testkit.attack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RssTest {
    @Test
    void shouldReadThisProcesssResidentSetSize() {
        long rss = Rss.of(ProcessHandle.current().pid());
        // A running JVM holds at least a few MiB and less than the machine.
        assertThat(rss).isBetween(4L << 20, Runtime.getRuntime().maxMemory() + (4L << 30));
    }

    @Test
    void shouldAnswerMinusOneForAProcessThatIsGone() {
        assertThat(Rss.of(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void samplerKeepsAPeakAtLeastTheCurrentValue() {
        try (Rss.Sampler s = new Rss.Sampler(ProcessHandle.current().pid(), 10)) {
            assertThat(s.peakBytes()).isGreaterThan(0);
        }
    }
}
