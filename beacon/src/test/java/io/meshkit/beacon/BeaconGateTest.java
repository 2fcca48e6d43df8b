package io.meshkit.beacon;

import static io.meshkit.beacon.BeaconGate.Verdict.ABSENT;
import static io.meshkit.beacon.BeaconGate.Verdict.ACCEPTED;
import static io.meshkit.beacon.BeaconGate.Verdict.EXPIRED;
import static io.meshkit.beacon.BeaconGate.Verdict.FORGED;
import static io.meshkit.beacon.BeaconGate.Verdict.MALFORMED;
import static io.meshkit.beacon.BeaconGate.Verdict.NOT_YET_VALID;
import static io.meshkit.beacon.BeaconGate.Verdict.WRONG_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/PROTOCOL.md §13.3.4: which connections a signaling server under --require-beacon accepts, at which times. */
class BeaconGateTest {
  private static final BeaconKey A = BeaconKey.parseHex(BeaconVectors.A_KEY).orElseThrow();
  private static final BeaconKey B = BeaconKey.parseHex(BeaconVectors.B_KEY).orElseThrow();
  private static final String BEACON = BeaconVectors.A_600.beacon();
  private static final String PREFIX = BeaconVectors.A_600.prefix();
  private static final String ID = PREFIX + "-n41c0c7ed3b598e44-1";
  /** The period of the vector: [start, end). */
  private static final long START = 1718029800000L;
  private static final long END = 1718030400000L;

  private final BeaconGate gate = new BeaconGate(BeaconKeys.of(A));

  @Test
  void shouldAcceptTheCurrentAndThePreviousPeriodOnly() {
    assertThat(gate.check(ID, BEACON, START)).isEqualTo(ACCEPTED);
    assertThat(gate.check(ID, BEACON, END - 1)).isEqualTo(ACCEPTED);
    // the next period: this beacon is the previous one
    assertThat(gate.check(ID, BEACON, END)).isEqualTo(ACCEPTED);
    assertThat(gate.check(ID, BEACON, END + 600_000 - 1)).isEqualTo(ACCEPTED);
    // two periods on: stale
    assertThat(gate.check(ID, BEACON, END + 600_000)).isEqualTo(EXPIRED);
    assertThat(gate.check(ID, BEACON, END + 6_000_000)).isEqualTo(EXPIRED);
  }

  @Test
  void shouldTolerateAnIssuerWhoseClockIsAFewSecondsAhead() {
    assertThat(gate.check(ID, BEACON, START - BeaconGate.DEFAULT_SKEW_MILLIS)).isEqualTo(ACCEPTED);
    assertThat(gate.check(ID, BEACON, START - BeaconGate.DEFAULT_SKEW_MILLIS - 1)).isEqualTo(NOT_YET_VALID);
    assertThat(new BeaconGate(BeaconKeys.of(A), 0).check(ID, BEACON, START - 1)).isEqualTo(NOT_YET_VALID);
  }

  @Test
  void shouldUseTheBeaconsOwnPeriodLength() {
    String twenty = BeaconVectors.A_20.beacon();
    String id = BeaconVectors.A_20.prefix() + "-x";
    long start = 85901505L * 20_000;
    assertThat(gate.check(id, twenty, start + 39_999)).isEqualTo(ACCEPTED);
    assertThat(gate.check(id, twenty, start + 40_000)).isEqualTo(EXPIRED);
  }

  @Test
  void shouldRefuseAnIdThatDoesNotStartWithTheBeaconsPrefix() {
    assertThat(gate.check("mesh-n41c0c7ed3b598e44-1", BEACON, START)).isEqualTo(WRONG_PREFIX);
    assertThat(gate.check(PREFIX, BEACON, START)).isEqualTo(WRONG_PREFIX);
    assertThat(gate.check(PREFIX + "-", BEACON, START)).isEqualTo(WRONG_PREFIX);
    assertThat(gate.check(PREFIX + "x-1", BEACON, START)).isEqualTo(WRONG_PREFIX);
    assertThat(gate.check(BeaconVectors.A_600_NEXT.prefix() + "-1", BEACON, START)).isEqualTo(WRONG_PREFIX);
    assertThat(gate.check(null, BEACON, START)).isEqualTo(WRONG_PREFIX);
  }

  @Test
  void shouldRefuseForgedBeacons() {
    // B's beacon where only A is accepted
    assertThat(gate.check(BeaconVectors.B_600.prefix() + "-1", BeaconVectors.B_600.beacon(), START)).isEqualTo(FORGED);
    // A's beacon with s changed (the prefix, made from r, still matches the ID)
    String tampered = BEACON.substring(0, BEACON.length() - 1) + (BEACON.endsWith("3") ? "4" : "3");
    assertThat(gate.check(ID, tampered, START)).isEqualTo(FORGED);
    // r changed: the forger computes the prefix of his own r
    Beacon real = Beacon.parse(BEACON).orElseThrow();
    byte[] sig = real.signature();
    sig[0] ^= 0x40;
    Beacon forged = new Beacon(real.period(), sig);
    assertThat(gate.check(forged.prefix() + "-1", forged.text(), START)).isEqualTo(FORGED);
    // A's signature of the previous period, relabelled as the current one
    Beacon relabelled = new Beacon(real.period().next(), real.signature());
    assertThat(gate.check(relabelled.prefix() + "-1", relabelled.text(), END)).isEqualTo(FORGED);
  }

  @Test
  void shouldRefuseAbsentAndMalformedBeacons() {
    assertThat(gate.check(ID, null, START)).isEqualTo(ABSENT);
    assertThat(gate.check(ID, "", START)).isEqualTo(ABSENT);
    assertThat(gate.check(ID, "hello", START)).isEqualTo(MALFORMED);
    assertThat(gate.check(ID, BEACON.toUpperCase(), START)).isEqualTo(MALFORMED);
    assertThat(gate.check(ID, BEACON + "00", START)).isEqualTo(MALFORMED);
  }

  @Test
  void shouldAcceptEitherKeyDuringARotationAndGiveTheSameAnswerTwice() {
    BeaconGate both = new BeaconGate(BeaconKeys.of(A, B));
    for (int i = 0; i < 3; i++) {
      assertThat(both.check(ID, BEACON, START)).isEqualTo(ACCEPTED);
      assertThat(both.check(BeaconVectors.B_600.prefix() + "-1", BeaconVectors.B_600.beacon(), START))
          .isEqualTo(ACCEPTED);
      assertThat(gate.check(BeaconVectors.B_600.prefix() + "-1", BeaconVectors.B_600.beacon(), START))
          .isEqualTo(FORGED);
    }
    // a remembered signature is still refused once stale
    assertThat(both.check(ID, BEACON, END + 600_000)).isEqualTo(EXPIRED);
  }
}
