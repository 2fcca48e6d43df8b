package io.meshkit.mesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Skew tolerance, window changes and back-off of {@link RendezvousSchedule}. */
class RendezvousScheduleTest {
  private static final long SKEW = RendezvousSchedule.DEFAULT_SKEW_MILLIS;
  private static final long T0 = 1_718_030_400_000L; // 2024-06-10T14:40:00Z, a slot boundary

  @Property
  void shouldShareASlotWhenClocksDifferByAtMostTheSkew(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long t,
                                                        @ForAll @LongRange(min = -SKEW, max = SKEW) long diff) {
    TreeSet<TimeSlot> a = RendezvousSchedule.window(T0 + t, SKEW);
    TreeSet<TimeSlot> b = RendezvousSchedule.window(T0 + t + diff, SKEW);
    a.retainAll(b);
    assertThat(a).isNotEmpty();
  }

  @Test
  void shouldNotAlwaysShareASlotBeyondTheSkew() {
    // Just past the tolerance, right at a boundary, the two sets are disjoint: the bound is tight.
    TreeSet<TimeSlot> a = RendezvousSchedule.window(T0 - SKEW / 2 - 1, SKEW);
    TreeSet<TimeSlot> b = RendezvousSchedule.window(T0 + SKEW / 2 + 1, SKEW);
    a.retainAll(b);
    assertThat(a).isEmpty();
  }

  @Test
  void shouldHoldTheNeighbouringSlotOnlyWithinAMinuteOfABoundary() {
    assertThat(RendezvousSchedule.window(T0 - 61_000, SKEW)).hasSize(1);
    assertThat(RendezvousSchedule.window(T0 - 60_000, SKEW)).hasSize(2);
    assertThat(RendezvousSchedule.window(T0, SKEW)).hasSize(2);
    assertThat(RendezvousSchedule.window(T0 + 59_999, SKEW)).hasSize(2);
    assertThat(RendezvousSchedule.window(T0 + 60_000, SKEW)).hasSize(1);
    assertThat(RendezvousSchedule.window(T0 + 60_000, SKEW).first()).isEqualTo(TimeSlot.at(T0));
  }

  @Property
  void shouldNameTheNextTimeTheWindowChanges(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long t) {
    long now = T0 + t;
    long next = RendezvousSchedule.nextWindowChange(now, SKEW);
    assertThat(next).isGreaterThan(now);
    assertThat(RendezvousSchedule.window(next - 1, SKEW)).isEqualTo(RendezvousSchedule.window(now, SKEW));
    assertThat(RendezvousSchedule.window(next, SKEW)).isNotEqualTo(RendezvousSchedule.window(now, SKEW));
  }

  @Test
  void shouldBackOffByTheDaysUnseen() {
    long day = 24L * 3600 * 1000;
    assertThat(RendezvousSchedule.level(0)).isZero();
    assertThat(RendezvousSchedule.level(day - 1)).isZero();
    assertThat(RendezvousSchedule.level(day)).isEqualTo(1);
    assertThat(RendezvousSchedule.level(2 * day)).isEqualTo(2);
    assertThat(RendezvousSchedule.level(4 * day)).isEqualTo(3);
    assertThat(RendezvousSchedule.level(8 * day)).isEqualTo(4);
    assertThat(RendezvousSchedule.level(365 * day)).isEqualTo(4);
  }

  @Property
  void shouldMeetAtTheSlowerRateWhenTheLevelsDiffer(@ForAll @IntRange(min = 0, max = 65535) int phase,
                                                     @ForAll @LongRange(min = 0, max = 100_000_000) long index,
                                                     @ForAll @IntRange(min = 0, max = 3) int level) {
    TimeSlot s = new TimeSlot(index);
    if (RendezvousSchedule.eligible(phase, s, level + 1)) {
      assertThat(RendezvousSchedule.eligible(phase, s, level)).isTrue();
    }
  }

  @Test
  void shouldLookOnceInTwoToTheLevelSlots() {
    int phase = RendezvousSchedule.phase(RendezvousVectorsTest.SECRET_A);
    for (int level = 0; level <= RendezvousSchedule.MAX_LEVEL; level++) {
      int n = 0;
      for (long i = 1000; i < 1000 + 64; i++) {
        if (RendezvousSchedule.eligible(phase, new TimeSlot(i), level)) {
          n++;
        }
      }
      assertThat(n).isEqualTo(64 >> level);
    }
  }
}
