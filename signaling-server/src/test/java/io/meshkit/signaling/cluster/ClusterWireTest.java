package io.meshkit.signaling.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.signaling.core.Outbound;
import io.meshkit.signaling.wire.MessageType;
import io.meshkit.signaling.wire.RawJson;
import org.junit.jupiter.api.Test;

class ClusterWireTest {

    @Test
    void shouldCarryIdsWithAnyCharacterAndThePayloadBytes() {
        Outbound.Relay r = new Outbound.Relay(MessageType.OFFER, "a|b\n3", "x|7|", RawJson.of("{\"sdp\":\"v=0|\\n\"}"));
        Outbound.Relay back = ClusterWire.decodeRelay(ClusterWire.relay(r));
        assertThat(back).isEqualTo(r);
    }

    @Test
    void shouldCarryAMessageWithoutPayload() {
        Outbound.Relay r = new Outbound.Relay(MessageType.LEAVE, "s", "d", null);
        assertThat(ClusterWire.decodeRelay(ClusterWire.relay(r))).isEqualTo(r);
    }

    @Test
    void shouldMarkAForwardedMessageAndDecodeItAlike() {
        Outbound.Relay r = new Outbound.Relay(MessageType.ANSWER, "s", "d", RawJson.of("[1]"));
        String forwarded = ClusterWire.relay(r, true);
        assertThat(forwarded).startsWith("N");
        assertThat(ClusterWire.relay(r)).startsWith("M");
        assertThat(ClusterWire.decodeRelay(forwarded)).isEqualTo(r);
    }

    @Test
    void shouldDropMalformedMessages() {
        assertThat(ClusterWire.decodeRelay("M")).isNull();
        assertThat(ClusterWire.decodeRelay("MOFFER|1|1|")).isNull();
        assertThat(ClusterWire.decodeRelay("MOFFER|x|1|ab")).isNull();
        assertThat(ClusterWire.decodeRelay("MOPEN|1|1|ab")).isNull();
        assertThat(ClusterWire.decodeRelay("MOFFER|-1|1|ab")).isNull();
        assertThat(ClusterWire.decodeRelay("MOFFER|1|0|ab")).isNull();
        assertThat(ClusterWire.decodeRelay("MHEARTBEAT|1|1|ab")).isNull();
    }
}
