package io.meshkit.signaling.beacon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshkit.beacon.Beacon;
import io.meshkit.beacon.BeaconGate;
import io.meshkit.beacon.BeaconKey;
import io.meshkit.beacon.BeaconSigner;
import io.meshkit.beacon.BeaconVectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's beacon decisions: who gets which beacon when, the gate on and off, the published keys. */
class BeaconServiceTest {
  private static final BeaconSigner A = BeaconSigner.ofHex(BeaconVectors.A_D);
  private static final BeaconKey B = BeaconKey.parseHex(BeaconVectors.B_KEY).orElseThrow();
  private static final long START = 1718029800000L; // the vector's period of 600 s
  private static final long END = 1718030400000L;

  private static BeaconService service(boolean require) {
    return new BeaconService(new BeaconOptions(A, AllowedOrigins.of(List.of("https://app.example")), 600, List.of(B),
        require));
  }

  @Test
  void shouldGiveTheVectorsBeaconToTheAllowedOriginOnlyAndChangeAtTheBoundary() {
    BeaconService s = service(false);
    assertThat(s.headerFor("https://app.example", BeaconVectors.T)).isEqualTo(BeaconVectors.A_600.beacon());
    assertThat(s.headerFor("https://app.example", START)).isEqualTo(BeaconVectors.A_600.beacon());
    assertThat(s.headerFor("https://app.example", END - 1)).isEqualTo(BeaconVectors.A_600.beacon());
    assertThat(s.headerFor("https://app.example", END)).isEqualTo(BeaconVectors.A_600_NEXT.beacon());
    assertThat(s.headerFor("https://evil.test", BeaconVectors.T)).isNull();
    assertThat(s.headerFor(null, BeaconVectors.T)).isNull();
    assertThat(s.headerFor("null", BeaconVectors.T)).isNull();
  }

  @Test
  void shouldCheckIdsOnlyWithRequireBeacon() {
    String id = BeaconVectors.A_600.prefix() + "-n41c0c7ed3b598e44-1";
    assertThat(service(false).check("mesh-x", null, START)).isEqualTo(BeaconGate.Verdict.ACCEPTED);
    BeaconService gated = service(true);
    assertThat(gated.check(id, BeaconVectors.A_600.beacon(), START)).isEqualTo(BeaconGate.Verdict.ACCEPTED);
    assertThat(gated.check("mesh-x", null, START)).isEqualTo(BeaconGate.Verdict.ABSENT);
    assertThat(gated.check(id, BeaconVectors.A_600.beacon(), END + 600_000)).isEqualTo(BeaconGate.Verdict.EXPIRED);
    // the verify key's beacons too (a rotation)
    assertThat(gated.check(BeaconVectors.B_600.prefix() + "-1", BeaconVectors.B_600.beacon(), START))
        .isEqualTo(BeaconGate.Verdict.ACCEPTED);
    // a node without the private key decides alike
    BeaconService verifier = new BeaconService(new BeaconOptions(null, null, 600,
        List.of(A.publicKey()), true));
    assertThat(verifier.check(id, BeaconVectors.A_600.beacon(), START)).isEqualTo(BeaconGate.Verdict.ACCEPTED);
    assertThat(verifier.headerFor("https://app.example", START)).isNull();
  }

  @Test
  void shouldPublishEveryAcceptedKeySigningKeyFirst() {
    String json = service(false).keysJson();
    assertThat(json).startsWith("{\"keys\":[" + BeaconVectors.A_JWK + ",{\"kty\":\"EC\"").endsWith("],\"period\":600}");
    assertThat(json).contains("\"kid\":\"" + BeaconVectors.B_FINGERPRINT.substring(0, 16) + "\"");
    assertThat(Beacon.parse(service(false).current(START).text())).isPresent();
  }

  @Test
  void shouldRefuseConfigurationsThatCannotWork() {
    AllowedOrigins o = AllowedOrigins.of(List.of("https://app.example"));
    assertThatThrownBy(() -> new BeaconOptions(A, null, 600, List.of(), false))
        .hasMessageContaining("--beacon-origin");
    assertThatThrownBy(() -> new BeaconOptions(null, o, 600, List.of(), false)).hasMessageContaining("--beacon-key");
    assertThatThrownBy(() -> new BeaconOptions(null, null, 600, List.of(), true))
        .hasMessageContaining("--require-beacon");
    assertThatThrownBy(() -> new BeaconOptions(null, null, 600, List.of(B), false))
        .hasMessageContaining("does nothing");
    assertThatThrownBy(() -> new BeaconOptions(A, o, 5, List.of(), false)).isInstanceOf(IllegalArgumentException.class);
  }
}
