package io.meshkit.signaling.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PeerJsEncoderTest {
    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteTheReferenceBytes() {
        assertThat(s(PeerJsEncoder.open())).isEqualTo("{\"type\":\"OPEN\"}");
        assertThat(s(PeerJsEncoder.idTaken())).isEqualTo("{\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}");
        assertThat(s(PeerJsEncoder.error("Invalid key provided")))
                .isEqualTo("{\"type\":\"ERROR\",\"payload\":{\"msg\":\"Invalid key provided\"}}");
        assertThat(s(PeerJsEncoder.relay(MessageType.EXPIRE, "x", "a", null)))
                .isEqualTo("{\"type\":\"EXPIRE\",\"src\":\"x\",\"dst\":\"a\"}");
        assertThat(s(PeerJsEncoder.relay(MessageType.OFFER, "a", "b", RawJson.of("{\"k\":1}"))))
                .isEqualTo("{\"type\":\"OFFER\",\"src\":\"a\",\"dst\":\"b\",\"payload\":{\"k\":1}}");
    }

    @Test
    void shouldEscapeLikeJsonStringify() {
        StringBuilder sb = new StringBuilder();
        PeerJsEncoder.appendString(sb, "q\"b\\\b\f\n\r\t\u0001\u001fé😀\ud800");
        assertThat(sb.toString()).isEqualTo("\"q\\\"b\\\\\\b\\f\\n\\r\\t\\u0001\\u001fé😀\\ud800\"");
    }
}
