package io.meshkit.signaling.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The fast path must give exactly what the Jackson path gives whenever it answers: a differential
 * test over PeerJS-shaped messages, their mutations and arbitrary bytes.
 */
class FastScannerTest {
    private static final int MAX = 200;
    private final PeerJsDecoder decoder = new PeerJsDecoder(MAX);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Inbound fast(String s) {
        byte[] b = utf8(s);
        return FastScanner.scan(b, 0, b.length, MAX, MAX);
    }

    @Test
    void shouldTakeWhatPeerJsClientsSend() {
        String offer = "{\"type\":\"OFFER\",\"payload\":{\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"},"
                + "\"type\":\"data\",\"connectionId\":\"dc_x\",\"label\":\"dc_x\",\"reliable\":true,\"serialization\":\"binary\"},"
                + "\"dst\":\"peer-é\"}";
        Inbound in = fast(offer);
        assertThat(in).isInstanceOf(Inbound.Transmit.class);
        assertThat(in).isEqualTo(decoder.decodeWithJackson(utf8(offer), 0, utf8(offer).length));
        assertThat(fast("{\"type\":\"HEARTBEAT\"}")).isSameAs(Inbound.Heartbeat.INSTANCE);
    }

    @Test
    void shouldCompactAPayloadWithWhitespaceOrEscapes() {
        assertThat(((Inbound.Transmit) fast("{ \"type\" : \"ANSWER\", \"dst\":\"b\", \"payload\" : [ 1 , \"\\u00e9\\/\" ] }"))
                .payload().text()).isEqualTo("[1,\"é/\"]");
    }

    @Test
    void shouldLeaveEverythingUnusualToJackson() {
        for (String s : List.of("", "[1]", "{\"type\":\"OFFER\",}", "{\"t\\u0079pe\":\"OFFER\"}", "{\"type\":\"OF\\u0046ER\"}",
                "{\"type\":\"OFFER\",\"dst\":5}", "{\"type\":\"OFFER\",\"dst\":\"a\\nb\"}", "{\"type\":\"OFFER\"} x",
                "{\"type\":\"OFFER\",\"payload\":01}", "{\"type\":\"OFFER\",\"payload\":\"\u0001\"}",
                "{\"type\":\"OFFER\",\"payload\":" + "[".repeat(70) + "]".repeat(70) + "}",
                "{\"type\":\"OFFER\",\"payload\":\"" + "x".repeat(MAX + 1) + "\"}", "\uFEFF{}",
                "{\"type\":\"OFFER\",\"payload\":{\"a\\u0062\":1}}", "{\"type\":\"OFFER\",\"x\":[{\"\\\"\":1}]}")) {
            assertThat(fast(s)).as(s).isNull();
        }
        byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'};
        assertThat(FastScanner.scan(badUtf8, 0, badUtf8.length, MAX, MAX)).isNull();
    }

    @Property(tries = 1000)
    void shouldAgreeWithJacksonWheneverItAnswers(@ForAll("messages") String message) {
        agree(utf8(message));
    }

    @Property(tries = 1000)
    void shouldAgreeWithJacksonOnMutatedMessages(@ForAll("messages") String message, @ForAll("edits") List<Integer> edits) {
        byte[] b = utf8(message);
        for (int i = 0; i + 1 < edits.size(); i += 2) {
            int at = Math.floorMod(edits.get(i), b.length);
            b[at] = (byte) (int) edits.get(i + 1);
        }
        agree(b);
    }

    @Property(tries = 1000)
    void shouldAgreeWithJacksonOnAnyBytes(@ForAll byte[] bytes) {
        agree(bytes);
    }

    private void agree(byte[] b) {
        Inbound fast = FastScanner.scan(b, 0, b.length, MAX, MAX);
        Inbound full = decoder.decodeWithJackson(b, 0, b.length);
        if (fast != null) {
            assertThat(fast).isEqualTo(full);
        }
        assertThat(decoder.decode(b)).isEqualTo(full);
        assertThat(decoder.decodeText(b, 0, b.length)).isEqualTo(Utf8.isValid(b, 0, b.length) ? full : null);
    }

    @Provide
    Arbitrary<List<Integer>> edits() {
        return Arbitraries.integers().between(-1000, 1000).list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> messages() {
        // Mostly the PeerJS shape (type, dst, payload in any order), with odd keys and values mixed in.
        Arbitrary<String> typeValue = Arbitraries.of("\"OFFER\"", "\"ANSWER\"", "\"CANDIDATE\"", "\"LEAVE\"", "\"EXPIRE\"",
                "\"HEARTBEAT\"", "\"OPEN\"", "\"offer\"", "1", "null", "\"\"", "\"OF\\u0046ER\"");
        Arbitrary<String> dstValue = Arbitraries.oneOf(Arbitraries.of("\"b\"", "\"\"", "null", "0", "5", "true", "\"a\\nb\"",
                "\"\\u0062\"", "\"é😀\"", "{}", "\"" + "d".repeat(MAX + 1) + "\""), value(0));
        Arbitrary<String> otherKey = Arbitraries.of("\"src\"", "\"x\"", "\"t\\u0079pe\"", "\"dst \"", "\"\"", "\"payload\"", "\"type\"");
        Arbitrary<String> typeMember = member(Arbitraries.just("\"type\""), typeValue);
        Arbitrary<String> dstMember = member(Arbitraries.just("\"dst\""), dstValue);
        Arbitrary<String> payloadMember = member(Arbitraries.just("\"payload\""), value(3));
        Arbitrary<String> other = member(otherKey, Arbitraries.oneOf(typeValue, value(2)));
        Arbitrary<List<String>> members = Combinators.combine(typeMember.list().ofMaxSize(2), dstMember.list().ofMaxSize(2),
                payloadMember.list().ofMaxSize(2), other.list().ofMaxSize(2)).as((a, b, c, d) -> {
                    List<String> all = new java.util.ArrayList<>(a);
                    all.addAll(b);
                    all.addAll(c);
                    all.addAll(d);
                    return all;
                });
        return Combinators.combine(members.flatMap(ms -> Arbitraries.shuffle(ms)), ws())
                .as((ms, w) -> w + "{" + String.join(",", ms) + "}" + w);
    }

    private static Arbitrary<String> member(Arbitrary<String> key, Arbitrary<String> value) {
        return Combinators.combine(key, value, ws(), ws()).as((k, v, w1, w2) -> w1 + k + w2 + ":" + w1 + v + w2);
    }

    private static Arbitrary<String> ws() {
        return Arbitraries.of("", "", "", " ", "\n\t ");
    }

    private static Arbitrary<String> value(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.of("true", "false", "null", "0", "-0", "1.5e3", "-12.25E-2", "01", "1.", "-", "\"\"", "tru"),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(12).map(s -> {
                    StringBuilder sb = new StringBuilder();
                    PeerJsEncoder.appendString(sb, s);
                    return sb.toString();
                }),
                Arbitraries.of("\"a\\/b\"", "\"\\u00e9\\ud83d\\ude00\"", "\"\\ud800\"", "\"é😀\"", "\"bad\\x\"", "\"" + "y".repeat(MAX) + "\""));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = Combinators.combine(value(depth - 1).list().ofMaxSize(3), ws())
                .as((vs, w) -> "[" + w + String.join(w + "," + w, vs) + w + "]");
        Arbitrary<String> object = Combinators.combine(value(depth - 1).list().ofMaxSize(3), ws())
                .as((vs, w) -> {
                    StringBuilder sb = new StringBuilder("{");
                    for (int i = 0; i < vs.size(); i++) {
                        sb.append(i > 0 ? "," : "").append(w).append("\"k").append(i % 2).append("\"").append(w).append(':').append(vs.get(i));
                    }
                    return sb.append(w).append('}').toString();
                });
        return Arbitraries.oneOf(scalar, array, object);
    }
}
