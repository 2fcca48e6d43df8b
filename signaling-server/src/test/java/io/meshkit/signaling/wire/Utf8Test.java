package io.meshkit.signaling.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Utf8Test {
    /** The JDK's decoder is strict (no overlongs, no surrogates, nothing past U+10FFFF): the oracle. */
    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void shouldRejectOverlongsSurrogatesAndTruncation() {
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}}) {
            assertThat(Utf8.isValid(bad, 0, bad.length)).isFalse();
        }
        byte[] good = "aé€😀".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.isValid(good, 0, good.length)).isTrue();
    }

    @Property(tries = 3000)
    void shouldAgreeWithTheJdkOnAnyBytes(@ForAll byte[] bytes) {
        assertThat(Utf8.isValid(bytes, 0, bytes.length)).isEqualTo(jdkAccepts(bytes));
    }

    @Property(tries = 1000)
    void shouldAcceptAnyEncodedString(@ForAll String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.isValid(b, 0, b.length)).isEqualTo(jdkAccepts(b));
    }
}
