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
    void shouldRefuseUnknownFlagsAndBadDurations() {
        assertThatThrownBy(() -> CliOptions.parse(new String[] {"--bogus"})).hasMessageContaining("--bogus");
        assertThatThrownBy(() -> CliOptions.parse(new String[] {"--ttl", "soon"}).mesh())
                .hasMessageContaining("duration");
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
}
