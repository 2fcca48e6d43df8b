package io.meshkit.testkit.attack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class LiveHeapTest {
    @Test
    void shouldReadTheLiveHeapOfARunningJvm() {
        // This test's own JVM: whatever its collector, some heap is live and less than -Xmx.
        long live = LiveHeap.afterFullGc(ProcessHandle.current().pid());
        assertThat(live).isBetween(1L, Runtime.getRuntime().maxMemory());
    }

    @Test
    void shouldAnswerMinusOneForAProcessThatIsGone() {
        assertThat(LiveHeap.afterFullGc(Long.MAX_VALUE - 1)).isEqualTo(-1);
    }
}
