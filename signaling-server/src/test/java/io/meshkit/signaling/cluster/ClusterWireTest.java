package io.meshkit.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.signaling.core.Outbound;
import io.meshkit.signaling.wire.MessageType;
import io.meshkit.signaling.wire.PeerJsDecoder;
import io.meshkit.signaling.wire.RawJson;
import org.junit.jupiter.api.Test;

class ClusterWireTest {
    private static final PeerJsDecoder DECODER = new PeerJsDecoder(64 * 1024);

    private static Outbound.Relay decode(String m) {
        return ClusterWire.decodeRelay(m, DECODER, 128);
    }

    @Test
    void shouldCarryIdsAndThePayloadBytes() {
        Outbound.Relay r = new Outbound.Relay(MessageType.OFFER, "a b-3", "x_7", RawJson.of("{\"sdp\":\"v=0|\\n\"}"));
        assertThat(decode(ClusterWire.relay(r))).isEqualTo(r);
    }

    @Test
    void shouldCarryAMessageWithoutPayload() {
        Outbound.Relay r = new Outbound.Relay(MessageType.LEAVE, "s", "d", null);
        assertThat(decode(ClusterWire.relay(r))).isEqualTo(r);
    }

    @Test
    void shouldMarkAForwardedMessageAndDecodeItAlike() {
        Outbound.Relay r = new Outbound.Relay(MessageType.ANSWER, "s", "d", RawJson.of("[1]"));
        String forwarded = ClusterWire.relay(r, true);
        assertThat(forwarded).startsWith("N");
        assertThat(ClusterWire.relay(r)).startsWith("M");
        assertThat(decode(forwarded)).isEqualTo(r);
    }

    @Test
    void shouldDropMalformedMessages() {
        assertThat(decode("M")).isNull();
        assertThat(decode("MOFFER|1|1|")).isNull();
        assertThat(decode("MOFFER|x|1|ab")).isNull();
        assertThat(decode("MOPEN|1|1|ab")).isNull();
        assertThat(decode("MOFFER|-1|1|ab")).isNull();
        assertThat(decode("MOFFER|1|0|ab")).isNull();
        assertThat(decode("MHEARTBEAT|1|1|ab")).isNull();
        assertThat(decode("MOFFER|99999999999|1|ab")).isNull();
    }

    @Test
    void shouldDropWhatNoClientCouldHaveSent() {
        // IDs outside the PeerJS rule or over the length limit
        assertThat(decode("MOFFER|5|3|a|b|cbob{}")).isNull();
        assertThat(decode("MOFFER|5|3|admi-bob{}")).isNull();
        assertThat(decode("MOFFER|129|3|" + "a".repeat(129) + "bob{}")).isNull();
        // a payload that is not exactly one JSON value within the decoder's limits
        assertThat(decode("MOFFER|5|3|adminbobnot json")).isNull();
        assertThat(decode("MOFFER|5|3|adminbob{\"sdp\":")).isNull();
        assertThat(decode("MOFFER|5|3|adminbob1,\"payload\":2")).isNull();
        assertThat(decode("MOFFER|5|3|adminbob" + "[".repeat(65) + "]".repeat(65))).isNull();
        assertThat(decode("MOFFER|5|3|adminbob\"\\ud800\" x")).isNull();
    }

    @Test
    void shouldRelayAPayloadAsAClientWouldHaveIt() {
        // Whitespace goes and escapes are normalised, as for a client's payload.
        assertThat(decode("MOFFER|5|3|alicebob { \"a\" : \"\\u00e9\" }").payload().text()).isEqualTo("{\"a\":\"é\"}");
    }
}
