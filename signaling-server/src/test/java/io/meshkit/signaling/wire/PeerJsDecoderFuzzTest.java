package io.meshkit.signaling.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the PeerJS frame decoder, beyond {@link FastScannerTest}'s
 * properties: whatever the bytes, decoding returns a value (never throws: a bad frame is an
 * {@link Inbound.Rejected} or {@link Inbound.Ignored} value), the hand-written {@link FastScanner}
 * gives exactly what the Jackson parser gives whenever it answers, and the text path agrees with
 * the UTF-8 check. The string limit is drawn too, so the fuzzer reaches the limit checks. Run as
 * a unit test over the inputs in
 * {@code src/test/resources/io/meshkit/signaling/wire/PeerJsDecoderFuzzTestInputs}; see
 * docs/SECURITY.md for a fuzzing session.
 */
class PeerJsDecoderFuzzTest {
    private static final PeerJsDecoder[] DECODERS = {new PeerJsDecoder(16), new PeerJsDecoder(200),
        new PeerJsDecoder(64 * 1024)};
    private static final int[] LIMITS = {16, 200, 64 * 1024};

    @FuzzTest(maxDuration = "20s")
    void fastPathEqualsJacksonAndNothingThrows(FuzzedDataProvider data) {
        int which = data.consumeInt(0, DECODERS.length - 1);
        PeerJsDecoder decoder = DECODERS[which];
        int limit = LIMITS[which];
        byte[] b = data.consumeRemainingAsBytes();

        Inbound full = decoder.decodeWithJackson(b, 0, b.length);
        assertThat(full).isNotNull();
        Inbound fast = FastScanner.scan(b, 0, b.length, limit, Math.min(limit, 50_000));
        if (fast != null) {
            assertThat(fast).isEqualTo(full);
        }
        assertThat(decoder.decode(b)).isEqualTo(full);
        assertThat(decoder.decodeText(b, 0, b.length)).isEqualTo(Utf8.isValid(b, 0, b.length) ? full : null);
    }
}
