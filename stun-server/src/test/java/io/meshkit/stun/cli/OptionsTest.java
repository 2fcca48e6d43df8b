package io.meshkit.stun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void shouldLeaveTheHttpPortOffByDefault() {
        assertThat(Options.parse(new String[0]).http()).isEmpty();
    }

    @Test
    void shouldParseTheHttpPortAndHost() {
        assertThat(Options.parse(new String[] {"--http-port", "8080"}).http())
                .as("loopback unless told otherwise").contains(new InetSocketAddress("127.0.0.1", 8080));
        assertThat(Options.parse(new String[] {"--http-port=9100", "--http-host", "0.0.0.0"}).http())
                .contains(new InetSocketAddress("0.0.0.0", 9100));
        assertThatThrownBy(() -> Options.parse(new String[] {"--http-host", "127.0.0.1"}))
                .hasMessageContaining("--http-port");
        assertThatThrownBy(() -> Options.parse(new String[] {"--http-port", "70000"}))
                .hasMessageContaining("--http-port");
    }

    @Test
    void shouldParseTheTcpLimitsAndKeepThePerSourceCapBelowTheTotal() {
        assertThat(Options.parse(new String[0]).config().tcpLimits())
                .isEqualTo(io.meshkit.stun.StunServerConfig.TcpLimits.defaults());
        assertThat(Options.parse(new String[] {"--tcp-max-connections", "100", "--tcp-max-per-source", "4",
                "--tcp-idle-seconds", "20", "--tcp-message-seconds", "2"}).config().tcpLimits())
                .isEqualTo(new io.meshkit.stun.StunServerConfig.TcpLimits(100, 4, 20, 2));
        // Lowering the total below the per-source default lowers the per-source cap with it.
        assertThat(Options.parse(new String[] {"--tcp-max-connections", "10"}).config().tcpLimits().maxPerSource())
                .isEqualTo(10);
        assertThatThrownBy(() -> Options.parse(new String[] {"--tcp-max-connections", "10", "--tcp-max-per-source",
                "11"})).hasMessageContaining("--tcp-max-per-source");
        assertThatThrownBy(() -> Options.parse(new String[] {"--tcp-message-seconds", "0"}))
                .hasMessageContaining("--tcp-message-seconds");
    }
}
