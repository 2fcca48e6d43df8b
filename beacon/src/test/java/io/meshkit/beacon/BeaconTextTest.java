package io.meshkit.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The beacon text: canonical only, and no input makes the parser throw. */
class BeaconTextTest {
  private static final String SIG = BeaconVectors.A_600.beacon().substring("1.600.2863383.".length());

  @Test
  void shouldRefuseEveryNonCanonicalForm() {
    assertThat(Beacon.parse("1.600.2863383." + SIG)).isPresent();
    for (String bad : new String[] {
        "2.600.2863383." + SIG,            // unknown version
        "01.600.2863383." + SIG,
        "1.0600.2863383." + SIG,           // leading zero
        "1.600.02863383." + SIG,
        "1.9.2863383." + SIG,              // period too short
        "1.86401.2863383." + SIG,          // too long
        "1.600.9007199254740992." + SIG,   // index above 2^53 - 1
        "1.600.-1." + SIG,
        "1.600.2863383." + SIG.toUpperCase(),
        "1.600.2863383." + SIG.substring(2),
        "1.600.2863383." + SIG + "00",
        "1.600.2863383." + SIG + ".",
        " 1.600.2863383." + SIG,
        "1.600.2863383.." + SIG,
        "1.600." + SIG,
        "1.+600.2863383." + SIG,
        "1.600.2863383.0x" + SIG.substring(2),
        "1.600.2863383." + SIG.substring(0, 127) + "g",
        "1.600.2863383." + "0".repeat(190)}) {
      assertThat(Beacon.parse(bad)).as(bad).isEmpty();
    }
    assertThat(Beacon.parse("1.600.0." + SIG)).isPresent();
    assertThat(Beacon.parse("1.600.9007199254740991." + SIG)).isPresent();
  }

  @Property(tries = 2000)
  void shouldNeverThrowAndRoundTripWhatItAccepts(@ForAll("texts") String text) {
    Beacon.parse(text).ifPresent(b -> assertThat(b.text()).isEqualTo(text));
  }

  @Property(tries = 500)
  void shouldReadBackEveryBeaconItWrites(@ForAll("periods") Period period) {
    Beacon b = new Beacon(period, java.util.HexFormat.of().parseHex(SIG));
    assertThat(Beacon.parse(b.text())).contains(b);
    assertThat(b.text().length()).isLessThanOrEqualTo(153);
    assertThat(b.text()).matches("[0-9a-f.]+");
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> mutated = Arbitraries.of(BeaconVectors.A_600.beacon(), BeaconVectors.A_20.beacon())
        .flatMap(t -> Arbitraries.integers().between(0, t.length() - 1).flatMap(i ->
            Arbitraries.chars().ascii().map(c -> t.substring(0, i) + c + t.substring(i + 1))));
    return Arbitraries.oneOf(mutated, Arbitraries.strings().ofMaxLength(300),
        Arbitraries.strings().withChars("0123456789abcdef.").ofMaxLength(200));
  }

  @Provide
  Arbitrary<Period> periods() {
    return Arbitraries.integers().between(Period.MIN_LENGTH_SECONDS, Period.MAX_LENGTH_SECONDS)
        .flatMap(l -> Arbitraries.longs().between(0, Period.MAX_INDEX).map(i -> new Period(l, i)));
  }
}
