package io.meshkit.signaling.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PeerJsDecoderTest {
    private final PeerJsDecoder decoder = new PeerJsDecoder(65536);

    private Inbound decode(String s) {
        return decoder.decode(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldKeepTypeDstAndRawPayloadOnly() {
        Inbound in = decode("{\"type\":\"OFFER\",\"src\":\"forged\",\"dst\":\"b\",\"x\":[1,{}],\"payload\":{\"sdp\":\"v=0\\r\\n\",\"n\":[1,2]}}");
        assertThat(in).isEqualTo(new Inbound.Transmit(MessageType.OFFER, "b",
                RawJson.of("{\"sdp\":\"v=0\\r\\n\",\"n\":[1,2]}")));
    }

    @Test
    void shouldLetTheLastDuplicateKeyWinAsJsonParseDoes() {
        assertThat(decode("{\"type\":\"OFFER\",\"type\":\"ANSWER\",\"dst\":\"x\",\"dst\":\"y\",\"payload\":1,\"payload\":\"2\"}"))
                .isEqualTo(new Inbound.Transmit(MessageType.ANSWER, "y", RawJson.of("\"2\"")));
    }

    @Test
    void shouldNormaliseWhitespaceAndEscapesInThePayloadLikeJsonStringify() {
        Inbound in = decode("{ \"type\" : \"CANDIDATE\" , \"dst\":\"b\", \"payload\" : { \"a\" : [ 1 , \"x y\\u00e9\\/\\u0001\\ud83d\\ude00\\ud800\" ] } }");
        assertThat(((Inbound.Transmit) in).payload().text())
                .isEqualTo("{\"a\":[1,\"x yé/\\u0001😀\\ud800\"]}");
    }

    @Test
    void shouldTreatFalsyDstAsAbsent() {
        assertThat(decode("{\"type\":\"LEAVE\",\"dst\":\"\"}")).isEqualTo(new Inbound.Transmit(MessageType.LEAVE, null, null));
        assertThat(decode("{\"type\":\"LEAVE\",\"dst\":0}")).isEqualTo(new Inbound.Transmit(MessageType.LEAVE, null, null));
        assertThat(decode("{\"type\":\"LEAVE\",\"dst\":null}")).isEqualTo(new Inbound.Transmit(MessageType.LEAVE, null, null));
        assertThat(decode("{\"type\":\"OFFER\",\"dst\":5}")).isEqualTo(new Inbound.Ignored(Inbound.Reason.NON_STRING_DST));
    }

    @Test
    void shouldRecogniseHeartbeatAndIgnoreUnknownTypes() {
        assertThat(decode("{\"type\":\"HEARTBEAT\"}")).isEqualTo(Inbound.Heartbeat.INSTANCE);
        assertThat(decode("{\"type\":\"heartbeat\"}")).isEqualTo(new Inbound.Ignored(Inbound.Reason.UNKNOWN_TYPE));
        assertThat(decode("{\"type\":\"OPEN\"}")).isEqualTo(new Inbound.Ignored(Inbound.Reason.UNKNOWN_TYPE));
        assertThat(decode("{\"type\":1,\"dst\":\"b\"}")).isEqualTo(new Inbound.Ignored(Inbound.Reason.UNKNOWN_TYPE));
        assertThat(decode("{}")).isEqualTo(new Inbound.Ignored(Inbound.Reason.UNKNOWN_TYPE));
    }

    @Test
    void shouldRejectWhatJsonParseRejectsAndNonObjects() {
        assertThat(decode("nope")).isEqualTo(new Inbound.Rejected(Inbound.Reason.MALFORMED_JSON));
        assertThat(decode("{\"type\":\"OFFER\"} x")).isEqualTo(new Inbound.Rejected(Inbound.Reason.MALFORMED_JSON));
        assertThat(decode("{\"type\":\"OFFER\",}")).isEqualTo(new Inbound.Rejected(Inbound.Reason.MALFORMED_JSON));
        assertThat(decode("{'type':'OFFER'}")).isEqualTo(new Inbound.Rejected(Inbound.Reason.MALFORMED_JSON));
        assertThat(decode("")).isEqualTo(new Inbound.Rejected(Inbound.Reason.NOT_AN_OBJECT));
        assertThat(decode("[1]")).isEqualTo(new Inbound.Rejected(Inbound.Reason.NOT_AN_OBJECT));
        assertThat(decode("\"s\"")).isEqualTo(new Inbound.Rejected(Inbound.Reason.NOT_AN_OBJECT));
    }

    @Test
    void shouldRefuseAnUnpairedSurrogateInANameAtAnyDepthButRelayItInAValue() {
        for (String s : List.of("{\"type\":\"OFFER\",\"dst\":\"b\",\"\\udc00\":1}",
                "{\"type\":\"OFFER\",\"dst\":\"b\",\"payload\":{\"a\\ud800\":1}}",
                "{\"type\":\"OFFER\",\"dst\":\"b\",\"x\":[{\"\\ude79\":1}]}")) {
            assertThat(decode(s)).as(s).isEqualTo(new Inbound.Rejected(Inbound.Reason.MALFORMED_JSON));
        }
        assertThat(decode("{\"type\":\"OFFER\",\"dst\":\"b\",\"payload\":{\"\\ud83d\\ude00\":\"\\udc00\"}}"))
                .isEqualTo(new Inbound.Transmit(MessageType.OFFER, "b", RawJson.of("{\"\ud83d\ude00\":\"\\udc00\"}")));
    }

    @Test
    void shouldRejectTooDeepNesting() {
        String deep = "[".repeat(PeerJsDecoder.MAX_NESTING_DEPTH + 5) + "]".repeat(PeerJsDecoder.MAX_NESTING_DEPTH + 5);
        assertThat(decode("{\"type\":\"OFFER\",\"dst\":\"b\",\"payload\":" + deep + "}"))
                .isEqualTo(new Inbound.Rejected(Inbound.Reason.LIMIT_EXCEEDED));
    }

    @Test
    void shouldRejectStringsOverTheLimit() {
        PeerJsDecoder small = new PeerJsDecoder(100);
        String big = "x".repeat(200);
        assertThat(small.decode(("{\"type\":\"OFFER\",\"dst\":\"" + big + "\"}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Inbound.Rejected.class);
    }

    @Property(tries = 2000)
    void shouldNeverThrowOnAnyBytes(@ForAll byte[] bytes) {
        assertThat(decoder.decode(bytes)).isNotNull();
    }

    @Property(tries = 1000)
    void shouldNeverThrowOnAnyString(@ForAll String s) {
        assertThat(decode("{\"type\":\"OFFER\",\"dst\":\"b\",\"payload\":" + s + "}")).isNotNull();
    }

    @Property(tries = 500)
    void shouldRoundTripAnyStringPayloadAsJsonStringifyWouldWriteIt(@ForAll String s) {
        StringBuilder json = new StringBuilder();
        PeerJsEncoder.appendString(json, s);
        Inbound in = decode("{\"type\":\"OFFER\",\"dst\":\"b\",\"payload\":" + json + "}");
        assertThat(in).isInstanceOf(Inbound.Transmit.class);
        assertThat(((Inbound.Transmit) in).payload().text()).isEqualTo(json.toString());
    }
}
