package io.meshkit.stun;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meshkit.stun.core.Endpoint;
import io.meshkit.stun.core.Outcome;
import io.meshkit.stun.core.ParsePolicy;
import io.meshkit.stun.core.Parsed;
import io.meshkit.stun.core.RequestParser;
import io.meshkit.stun.core.StunResponder;
import io.meshkit.stun.core.Transport;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing (Jazzer) of the STUN parser and responder, beyond the jqwik properties:
 * whatever the bytes and the configuration, {@link RequestParser} and {@link StunResponder} return
 * a value (never throw), only a request that is independently a valid Binding request is
 * answered, the answer is a Binding response for the request's transaction sent back to its
 * source, and it is never more than 100 bytes (amplification). Run as a unit test over the inputs
 * in {@code src/test/resources/io/meshkit/stun/StunResponderFuzzTestInputs}; see docs/SECURITY.md
 * for a fuzzing session.
 */
class StunResponderFuzzTest {
    private static final InetSocketAddress V4 = new InetSocketAddress(ResponderPropertiesTest.ip("198.18.0.7"), 40000);
    private static final InetSocketAddress V6 = new InetSocketAddress(ResponderPropertiesTest.ip("2001:db8::7"), 40000);
    /** The largest response any configuration writes (RFC 5780 attributes, SOFTWARE, MAPPED-ADDRESS, IPv6). */
    static final int MAX_RESPONSE_BYTES = 160;

    @FuzzTest(maxDuration = "20s")
    void onlyValidBindingRequestsAreAnswered(FuzzedDataProvider data) {
        boolean everything = data.consumeBoolean();
        boolean udp = data.consumeBoolean();
        InetSocketAddress source = data.consumeBoolean() ? V4 : V6;
        StunResponder responder = everything ? ResponderPropertiesTest.EVERYTHING : ResponderPropertiesTest.DEFAULTS;
        byte[] bytes = data.consumeRemainingAsBytes();

        Parsed parsed = RequestParser.parse(bytes, 0, bytes.length, new ParsePolicy(everything, everything && udp));
        Outcome outcome = responder.handle(bytes, 0, bytes.length, source, udp ? Transport.UDP : Transport.TCP,
                Endpoint.PRIMARY, 0);
        assertThat(parsed).isNotNull();
        assertThat(outcome).isNotNull();
        assertThat(outcome instanceof Outcome.Reply).as("answered exactly what parses as a Binding request")
                .isEqualTo(parsed instanceof Parsed.BindingRequest);
        if (outcome instanceof Outcome.Reply reply) {
            assertThat(ResponderPropertiesTest.independentlyValidBindingRequest(bytes, everything)).isTrue();
            byte[] r = reply.bytes();
            assertThat(r.length).isBetween(20, MAX_RESPONSE_BYTES);
            // Binding success (0x0101) or error (0x0111) response, for this transaction.
            assertThat(r[0]).isEqualTo((byte) 0x01);
            assertThat(r[1]).isIn((byte) 0x01, (byte) 0x11);
            boolean cookie = bytes[4] == 0x21 && bytes[5] == 0x12 && (bytes[6] & 0xFF) == 0xA4 && bytes[7] == 0x42;
            int txFrom = cookie ? 8 : 4;
            assertThat(Arrays.copyOfRange(r, txFrom, 20)).isEqualTo(Arrays.copyOfRange(bytes, txFrom, 20));
            // Back to the source's own IP (RFC 5780 RESPONSE-PORT may change the port, never the address).
            assertThat(reply.to().getAddress()).isEqualTo(source.getAddress());
        }
    }
}
