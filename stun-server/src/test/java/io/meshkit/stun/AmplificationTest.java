package io.meshkit.stun;

import static io.meshkit.stun.TestMessages.TX;
import static io.meshkit.stun.TestMessages.binding;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.stun.core.Endpoint;
import io.meshkit.stun.core.Outcome;
import io.meshkit.stun.core.ResponderConfig;
import io.meshkit.stun.core.Rfc5780Addresses;
import io.meshkit.stun.core.StunResponder;
import io.meshkit.stun.core.Transport;
import io.meshkit.stun.ice4j.Ice4jEncoder;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The amplification table of stun-server/README.md: response bytes for each request and setting,
 * measured from the real encoder. Sizes are exact, so they are asserted; the ratios are printed.
 */
class AmplificationTest {
    static final InetSocketAddress V4 = StunResponderTest.V4;
    static final InetSocketAddress V6 = StunResponderTest.V6;
    static final ResponderConfig DEFAULTS = ResponderConfig.defaults();

    static int size(ResponderConfig config, byte[] request, InetSocketAddress from) {
        StunResponder r = new StunResponder(config, new Ice4jEncoder(), Optional.empty());
        Outcome o = r.handle(request, 0, request.length, from, Transport.UDP, Endpoint.PRIMARY, 0);
        int n = ((Outcome.Reply) o).length();
        System.out.printf("request %3d B -> response %3d B, ratio %.2f%n", request.length, n,
                n / (double) request.length);
        return n;
    }

    @Test
    void defaultsStayBelowTwoAndAQuarter() {
        byte[] minimal = binding(TX).build();
        byte[] withFingerprint = binding(TX).buildWithFingerprint();
        assertThat(minimal).hasSize(20);
        assertThat(withFingerprint).hasSize(28);
        assertThat(size(DEFAULTS, minimal, V4)).isEqualTo(32);          // 1.60
        assertThat(size(DEFAULTS, minimal, V6)).isEqualTo(44);          // 2.20
        assertThat(size(DEFAULTS, withFingerprint, V4)).isEqualTo(40);  // 1.43
        assertThat(size(DEFAULTS, withFingerprint, V6)).isEqualTo(52);  // 1.86
        byte[] unknown = binding(TX).attr(0x7777, new byte[0]).build();
        assertThat(size(DEFAULTS, unknown, V4)).isEqualTo(36);          // 420: 1.50
    }

    @Test
    void optionalAttributesCostWhatTheyWeigh() {
        byte[] minimal = binding(TX).build();
        ResponderConfig software = new ResponderConfig(Optional.of("mesh-kit"), false, false, Optional.empty());
        ResponderConfig mapped = new ResponderConfig(Optional.empty(), true, false, Optional.empty());
        ResponderConfig both = new ResponderConfig(Optional.of("mesh-kit"), true, false, Optional.empty());
        assertThat(size(software, minimal, V4)).isEqualTo(44);   // 2.20
        assertThat(size(mapped, minimal, V4)).isEqualTo(44);     // 2.20
        assertThat(size(mapped, minimal, V6)).isEqualTo(68);     // 3.40
        assertThat(size(both, minimal, V4)).isEqualTo(56);       // 2.80
        Rfc5780Addresses a = new Rfc5780Addresses(StunResponderTest.ip("198.18.0.1"), 3478,
                StunResponderTest.ip("198.18.0.2"), 3479);
        assertThat(size(new ResponderConfig(Optional.empty(), false, false, Optional.of(a)), minimal, V4))
                .isEqualTo(56); // 2.80
        byte[] legacy = TestMessages.rfc3489(new byte[16]).build();
        assertThat(size(new ResponderConfig(Optional.empty(), false, true, Optional.empty()), legacy, V4))
                .isEqualTo(32); // 1.60
    }
}
