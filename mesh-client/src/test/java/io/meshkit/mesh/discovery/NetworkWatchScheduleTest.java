package io.meshkit.mesh.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NetworkWatchScheduleTest {
    private static final Set<String> LAN_A = Set.of("eth0=198.18.1.10");
    private static final Set<String> LAN_B = Set.of("eth0=198.18.2.12");

    @Test
    void shouldCheckOnceSoonAfterStartThenEveryRecheckPeriod() {
        NetworkWatch.Schedule s = new NetworkWatch.Schedule(300_000, 2_000, 0, LAN_A);
        assertThat(s.due(1_999, () -> LAN_A)).isFalse();
        assertThat(s.due(2_000, () -> LAN_A)).isTrue();
        s.checked(2_100, true);
        assertThat(s.due(302_099, () -> LAN_A)).isFalse();
        assertThat(s.due(302_100, () -> LAN_A)).isTrue();
    }

    @Test
    void shouldCheckAtOnceWhenTheInterfacesChangeAndOnlyWhenAPollIsDue() {
        NetworkWatch.Schedule s = new NetworkWatch.Schedule(300_000, 2_000, 0, LAN_A);
        s.due(2_000, () -> LAN_A);
        s.checked(2_000, true);
        AtomicInteger polls = new AtomicInteger();
        assertThat(s.due(3_000, () -> {
            polls.incrementAndGet();
            return LAN_B;
        })).as("no poll due yet").isFalse();
        assertThat(polls).hasValue(0);
        assertThat(s.due(4_000, () -> Set.of())).as("link down: a change").isTrue();
        s.checked(4_500, false);
        assertThat(s.due(6_000, () -> Set.of())).isFalse();
        assertThat(s.due(8_000, () -> LAN_B)).as("address changed, link up").isTrue();
        s.checked(8_100, true);
        assertThat(s.due(10_000, () -> LAN_B)).isFalse();
    }

    @Test
    void shouldRetryAFailedCheckWithADoublingDelayUpToThePeriod() {
        NetworkWatch.Schedule s = new NetworkWatch.Schedule(20_000, 0, 0, LAN_A);
        long now = 2_000;
        assertThat(s.due(now, () -> LAN_A)).isTrue();
        long[] expected = {2_000, 4_000, 8_000, 16_000, 20_000, 20_000};
        for (long delay : expected) {
            s.checked(now, false);
            assertThat(s.nextCheckAt()).isEqualTo(now + delay);
            now += delay;
        }
        s.checked(now, true);
        assertThat(s.nextCheckAt()).isEqualTo(now + 20_000);
        s.checked(now, false);
        assertThat(s.nextCheckAt()).as("a success resets the back-off").isEqualTo(now + 2_000);
    }

    @Test
    void shouldNeverCheckOnATimerWhenRechecksAreOff() {
        NetworkWatch.Schedule s = new NetworkWatch.Schedule(0, 2_000, 0, LAN_A);
        assertThat(s.due(1_000_000, () -> LAN_A)).isFalse();
        assertThat(s.due(1_002_000, () -> LAN_B)).isTrue();
    }
}
