package io.meshkit.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliOptionsTest {
    @Test
    void shouldDefaultToThePublicServices() {
        CliOptions o = CliOptions.parse(new String[0]);
        assertThat(o.signaling().host()).isEqualTo("0.peerjs.com");
        assertThat(o.signaling().port()).isEqualTo(443);
        assertThat(o.signaling().secure()).isTrue();
        assertThat(o.iceServers()).containsExactly("stun:stun.l.google.com:19302");
        assertThat(o.ipEcho().toString()).isEqualTo("https://api.ipify.org");
        assertThat(o.mesh().heartbeatMillis()).isEqualTo(60_000);
    }

    @Test
    void shouldPointAtSelfHostedServicesAndMapTimings() {
        CliOptions o = CliOptions.parse(new String[] {"--signaling", "http://203.0.113.1:9000/app/", "--stun",
                "stun:203.0.113.1:3478", "--heartbeat", "2s", "--ttl=6000", "--jitter", "500ms", "--json"});
        assertThat(o.ipEcho().toString()).isEqualTo("http://203.0.113.1:9000/app/ip");
        assertThat(o.mesh().heartbeatMillis()).isEqualTo(2000);
        assertThat(o.mesh().ttlMillis()).isEqualTo(6000);
        assertThat(o.mesh().jitterMillis()).isEqualTo(500);
        assertThat(o.json()).isTrue();
    }

    @Test
    void shouldReadAConfigFileThatFlagsOverride(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mesh.properties");
        Files.writeString(f, "signaling=http://203.0.113.1:9000/\nname=from-file\nmetered=true\n");
        CliOptions o = CliOptions.parse(new String[] {"--config", f.toString(), "--name", "from-flag"});
        assertThat(o.name()).isEqualTo("from-flag");
        assertThat(o.signaling().port()).isEqualTo(9000);
        assertThat(o.metered()).isTrue();
    }

    @Test
    void shouldRefuseUnknownFlagsAndBadDurationsAtParse() {
        assertThatThrownBy(() -> CliOptions.parse(new String[] {"--bogus"})).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> CliOptions.parse(new String[] {"--ttl", "soon"}))
                .isInstanceOf(CliOptions.BadFlag.class).hasMessageContaining("duration")
                .satisfies(e -> assertThat(((CliOptions.BadFlag) e).flag()).isEqualTo("ttl"));
        assertThatThrownBy(() -> CliOptions.parse(new String[] {"--ip-echo", "ftp://x/"}))
                .hasMessage("--ip-echo must be an http or https URL");
        assertThatThrownBy(() -> CliOptions.parse(new String[] {"--prefix", "a.b"}))
                .satisfies(e -> assertThat(((CliOptions.BadFlag) e).flag()).isEqualTo("prefix"));
        assertThatThrownBy(() -> CliOptions.parse(new String[] {"--stun", "turn:x"}))
                .hasMessageStartingWith("--stun: ");
    }

    @Test
    void shouldCheckTheNameAtParseByTheProtocolsRules() {
        String[][] bad = {
            {"two\nlines", "--name: name contains a control character (U+000A) at position 4"},
            {"", "--name: name is empty"},
            {"x".repeat(200), "--name: name has 200 characters; at most 64 are allowed"},
            {"abc\u202Edef", "--name: name contains a bidirectional control character (U+202E) at position 4"},
            {"zero\u200Bwidth", "--name: name contains an invisible character (U+200B) at position 5"},
            {" padded", "--name: name begins or ends with a space"},
        };
        for (String[] b : bad) {
            assertThatThrownBy(() -> CliOptions.parse(new String[] {"--name", b[0]})).isInstanceOf(CliOptions.BadFlag.class)
                    .hasMessage(b[1]).satisfies(e -> assertThat(((CliOptions.BadFlag) e).flag()).isEqualTo("name"));
        }
        assertThat(CliOptions.parse(new String[] {"--name", "Zoë 🙂".repeat(12)}).name()).hasSize(72);
        assertThat(CliOptions.parse(new String[0]).name()).isEqualTo("mesh-client");
        assertThat(CliOptions.wantsJson(new String[] {"--name", "", "--json"})).isTrue();
    }

    @Test
    void shouldParseCommandsAndPrintOneJsonObjectPerLine() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ControlProtocol c = new ControlProtocol(new PrintStream(buf, true, StandardCharsets.UTF_8), true);
        assertThat(c.parse("{\"cmd\":\"status\"}")).isInstanceOf(ControlProtocol.Status.class);
        assertThat(c.parse("{\"cmd\":\"quit\"}")).isInstanceOf(ControlProtocol.Quit.class);
        assertThat(c.parse("{\"cmd\":\"dance\"}")).isInstanceOf(ControlProtocol.Bad.class);
        assertThat(c.parse("{{{")).isInstanceOf(ControlProtocol.Bad.class);
        c.emit(Map.of("event", "role", "role", "router"));
        assertThat(buf.toString(StandardCharsets.UTF_8)).matches("\\{[^\\n]*\\}\\n");
    }

    private static final String KEY_A = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
            + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
    private static final String KEY_B = "04d9ddf81e6360418d99c3eca3ae31ed18f41b4c9b643e8f8ad99ba85766c2cd0a"
            + "f20f570d8b12247f6d00b1a264f0678760ca211a164617143178c9f9abf80b40";

    @Test
    void shouldTakeTheBeaconSourceAndItsKeysHexOrPem(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("beacon-public.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7\n"
                + "Yfps5mliLmDyn7Z5A/4QCLi8maQa6elWKLxk8vGyDC1+n1F3o8KU1EYimQ==\n"
                + "-----END PUBLIC KEY-----\n");
        CliOptions o = CliOptions.parse(new String[] {"--beacon-url", "https://signal.example/beacon",
                "--beacon-origin", "https://app.example", "--beacon-verify-key", KEY_B, "--beacon-verify-key",
                pem.toString()});
        assertThat(o.beacon().url().toString()).isEqualTo("https://signal.example/beacon");
        assertThat(o.beacon().origin()).isEqualTo("https://app.example");
        assertThat(o.beacon().keys().keys()).extracting(k -> k.hex()).containsExactly(KEY_B, KEY_A);
        assertThat(CliOptions.parse(new String[] {"--beacon-url", "http://a.example/beacon", "--beacon-origin",
                "http://a.example:8080", "--beacon-verify-key", KEY_A + "," + KEY_B}).beacon().keys().keys()).hasSize(2);
        assertThat(CliOptions.parse(new String[0]).beacon()).isNull();
    }

    @Test
    void shouldRefuseAnIncompleteOrContradictoryBeaconSetup() {
        String[][] bad = {
            {"--beacon-url", "https://s.example/beacon", "--beacon-verify-key", KEY_A},
            {"--beacon-url", "https://s.example/beacon", "--beacon-origin", "https://app.example"},
            {"--beacon-origin", "https://app.example"},
            {"--beacon-url", "https://s.example/beacon", "--beacon-origin", "https://app.example",
                "--beacon-verify-key", KEY_A, "--prefix", "mesh"},
            {"--beacon-url", "https://s.example/beacon", "--beacon-origin", "https://app.example/path",
                "--beacon-verify-key", KEY_A},
            {"--beacon-url", "ftp://s.example/beacon", "--beacon-origin", "https://app.example",
                "--beacon-verify-key", KEY_A},
            {"--beacon-url", "https://s.example/beacon", "--beacon-origin", "https://app.example",
                "--beacon-verify-key", KEY_A.substring(0, 128) + "00"},
            {"--beacon-url", "https://s.example/beacon", "--beacon-origin", "https://app.example",
                "--beacon-verify-key", "/no/such/file.pem"}};
        String[] flags = {"beacon-origin", "beacon-verify-key", "beacon-origin", "prefix", "beacon-url", "beacon-url",
            "beacon-verify-key", "beacon-verify-key"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = bad[i];
            assertThatThrownBy(() -> CliOptions.parse(args)).as(String.join(" ", args))
                    .isInstanceOf(CliOptions.BadFlag.class)
                    .satisfies(e -> assertThat(((CliOptions.BadFlag) e).flag()).isEqualTo(flags[java.util.Arrays.asList(bad).indexOf(args)]));
        }
    }
}
