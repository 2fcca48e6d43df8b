package io.meshkit.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Periods are counted from the epoch: boundaries, lengths, limits. */
class PeriodTest {

  @Test
  void shouldChangeExactlyAtTheBoundary() {
    Period p = Period.at(1718030399999L, 600);
    assertThat(p.index()).isEqualTo(2863383);
    assertThat(p.startMillis()).isEqualTo(1718029800000L);
    assertThat(p.endMillis()).isEqualTo(1718030400000L);
    assertThat(Period.at(p.endMillis(), 600)).isEqualTo(p.next());
    assertThat(Period.at(p.startMillis(), 600)).isEqualTo(p);
    assertThat(Period.at(p.startMillis() - 1, 600)).isEqualTo(p.previous());
    assertThat(Period.at(0, 20)).isEqualTo(new Period(20, 0));
    assertThat(Period.at(19_999, 20).index()).isZero();
    assertThat(Period.at(20_000, 20).index()).isOne();
  }

  @Test
  void shouldRefuseLengthsAndTimesOutOfRange() {
    assertThatThrownBy(() -> Period.at(0, 9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Period.at(0, 86_401)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Period.at(-1, 600)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Period(600, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Period(600, 0).previous()).isInstanceOf(IllegalArgumentException.class);
    assertThat(Period.at(Long.MAX_VALUE, 10).index()).isLessThan(Period.MAX_INDEX);
  }
}
