package io.meshkit.signaling.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.beacon.BeaconKey;
import io.meshkit.beacon.BeaconSigner;
import io.meshkit.beacon.BeaconVectors;
import io.meshkit.signaling.app.AppBeacon;
import io.meshkit.signaling.beacon.AllowedOrigins;
import io.meshkit.signaling.beacon.BeaconOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The app follows the beacon exactly when this server issues one, with every key the server accepts. */
class AppServingTest {
    private static final BeaconSigner A = BeaconSigner.ofHex(BeaconVectors.A_D);
    private static final BeaconKey B = BeaconKey.parseHex(BeaconVectors.B_KEY).orElseThrow();

    @Test
    void shouldGiveTheAppThisServersBeaconAndItsAcceptedKeysWhenItIssues() {
        AppBeacon b = AppServing.beaconOf(new BeaconOptions(A, AllowedOrigins.of(List.of("https://app.example")), 20,
                List.of(B), true));
        assertThat(b.url()).isEqualTo("/beacon");
        assertThat(b.period()).isEqualTo(20);
        assertThat(b.jwks()).containsExactly(BeaconVectors.A_JWK, B.jwk());
    }

    @Test
    void shouldLeaveTheFixedPrefixWhenThisServerIssuesNoBeacon() {
        assertThat(AppServing.beaconOf(null)).isNull();
        // A node that only checks has no beacon to hand out: a static config names the issuer (mesh-web/README.md).
        assertThat(AppServing.beaconOf(new BeaconOptions(null, null, 600, List.of(B), true))).isNull();
    }
}
