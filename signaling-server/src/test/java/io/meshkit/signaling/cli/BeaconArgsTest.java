package io.meshkit.signaling.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshkit.beacon.BeaconVectors;
import io.meshkit.signaling.beacon.BeaconOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The beacon flags: both PEM encodings, repeated origins and keys, both spellings, and clear refusals. */
class BeaconArgsTest {
    @TempDir
    Path dir;

    private Path key(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = BeaconArgsTest.class.getResourceAsStream("/keys/" + name)) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    @Test
    void shouldDoNothingWithoutBeaconFlags() throws Exception {
        assertThat(BeaconArgs.parse(List.of("--port", "9000"))).isNull();
        assertThat(BeaconArgs.parse(List.of("--port", "9000", "--require-beacon=false"))).isNull();
    }

    @Test
    void shouldIssueWithAPkcs8OrASec1KeyAlike() throws Exception {
        for (String file : List.of("a-pkcs8.pem", "a-sec1.pem", "openssl-ecparam.pem")) {
            BeaconOptions o = BeaconArgs.parse(List.of("--port", "9000", "--beacon-key", key(file).toString(),
                    "--beacon-origin", "https://app.example", "--beacon-origin=http://localhost:8080"));
            assertThat(o.issuing()).isTrue();
            assertThat(o.origins().values()).containsExactly("https://app.example", "http://localhost:8080");
            assertThat(o.periodSeconds()).isEqualTo(600);
            assertThat(o.require()).isFalse();
            if (!file.startsWith("openssl")) {
                assertThat(o.signer().publicKey().hex()).isEqualTo(BeaconVectors.A_KEY);
            }
        }
    }

    @Test
    void shouldReadPeriodsKeysAndTheGateInEitherSpelling() throws Exception {
        BeaconOptions o = BeaconArgs.parse(List.of("--beacon_key", key("a-sec1.pem").toString(), "--beacon_origin",
                "https://app.example", "--beacon-period", "20s", "--beacon-verify-key", BeaconVectors.B_KEY,
                "--beacon_verify_key", key("openssl-ecparam-public.pem").toString(), "--require_beacon"));
        assertThat(o.periodSeconds()).isEqualTo(20);
        assertThat(o.verifyKeys()).hasSize(2);
        assertThat(o.verifyKeys().get(0).hex()).isEqualTo(BeaconVectors.B_KEY);
        assertThat(o.require()).isTrue();
        assertThat(o.acceptedKeys().keys()).hasSize(3);
        assertThat(BeaconArgs.parse(List.of("--beacon-key", key("a-pkcs8.pem").toString(), "--beacon-origin",
                "https://app.example", "--beacon-period", "10m")).periodSeconds()).isEqualTo(600);
        // a node that only checks: the issuer's public key, no private key
        BeaconOptions verifier = BeaconArgs.parse(List.of("--require-beacon", "--beacon-verify-key",
                key("a-public.pem").toString()));
        assertThat(verifier.issuing()).isFalse();
        assertThat(verifier.acceptedKeys().keys().get(0).hex()).isEqualTo(BeaconVectors.A_KEY);
    }

    @Test
    void shouldRefuseWhatCannotWorkWithAMessage() throws Exception {
        String a = key("a-pkcs8.pem").toString();
        Map<List<String>, String> bad = Map.of(
                List.of("--beacon-key", a), "--beacon-origin",
                List.of("--beacon-origin", "https://app.example"), "--beacon-key",
                List.of("--beacon-key", key("p384.pem").toString(), "--beacon-origin", "https://a.example"), "P-256",
                List.of("--beacon-key", key("a-pkcs8-encrypted.pem").toString(), "--beacon-origin", "https://a.example"),
                "encrypted",
                List.of("--beacon-key", a, "--beacon-origin", "https://*.example"), "wildcards",
                List.of("--beacon-key", a, "--beacon-origin", "null"), "null",
                List.of("--beacon-key", a, "--beacon-origin", "https://a.example", "--beacon-period", "5"),
                "--beacon-period",
                List.of("--require-beacon"), "--require-beacon",
                List.of("--require-beacon", "--beacon-verify-key", "/no/such.pem"), "cannot be read",
                List.of("--beacon-verify-key", BeaconVectors.B_KEY), "does nothing");
        for (Map.Entry<List<String>, String> e : bad.entrySet()) {
            assertThatThrownBy(() -> BeaconArgs.parse(e.getKey())).as(String.join(" ", e.getKey()))
                    .isInstanceOf(CliArgs.UsageException.class).hasMessageContaining(e.getValue());
        }
    }

    @Test
    void shouldNotWarnAboutItsFlagsAsUnknown() throws Exception {
        CliArgs.Run run = (CliArgs.Run) CliArgs.parse(List.of("--port", "9000", "--beacon-key", "k.pem",
                "--beacon-origin", "https://a.example", "--require-beacon", "--beacon-verify-key", "x",
                "--beacon-period", "20", "--beacon-orign", "https://b.example"), Map.of());
        assertThat(run.warnings()).containsExactly("ignoring unknown flag --beacon-orign (did you mean --beacon-origin?)");
    }

    @Test
    void shouldReadTheBeaconAndTheAppFlagsSideBySide() throws Exception {
        CliArgs.Run run = (CliArgs.Run) CliArgs.parse(List.of("--port", "9000", "--app_path", "/app/",
                "--beacon-key", "k.pem", "--beacon-origin", "https://a.example", "--require_beacon", "--app_prefix",
                "myapp", "--app_pth", "/x/"), Map.of());
        assertThat(run.warnings()).containsExactly("ignoring unknown flag --app_pth (did you mean --app_path?)");
    }
}
