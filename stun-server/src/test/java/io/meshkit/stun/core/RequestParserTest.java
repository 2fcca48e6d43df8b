package io.meshkit.stun.core;

import static io.meshkit.stun.TestMessages.TX;
import static io.meshkit.stun.TestMessages.binding;
import static io.meshkit.stun.TestMessages.message;
import static io.meshkit.stun.TestMessages.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.stun.TestMessages;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {
    private static final ParsePolicy STRICT = new ParsePolicy(false, false);

    private static Parsed parse(byte[] b) {
        return parse(b, STRICT);
    }

    private static Parsed parse(byte[] b, ParsePolicy policy) {
        return RequestParser.parse(b, 0, b.length, policy);
    }

    private static DropReason rejected(byte[] b) {
        Parsed p = parse(b);
        assertThat(p).isInstanceOf(Parsed.Rejected.class);
        return ((Parsed.Rejected) p).reason();
    }

    @Test
    void shouldAcceptMinimalBindingRequest() {
        Parsed.BindingRequest r = (Parsed.BindingRequest) parse(minimal());
        assertThat(r.transactionId()).isEqualTo(TX);
        assertThat(r.fingerprint()).isFalse();
        assertThat(r.unknownRequired()).isEmpty();
    }

    @Test
    void shouldAcceptValidFingerprintAndRejectBadOne() {
        byte[] ok = binding(TX).attr(0x8022, "x".getBytes()).buildWithFingerprint();
        assertThat(((Parsed.BindingRequest) parse(ok)).fingerprint()).isTrue();
        byte[] bad = ok.clone();
        bad[bad.length - 1] ^= 1;
        assertThat(rejected(bad)).isEqualTo(DropReason.BAD_FINGERPRINT);
    }

    @Test
    void shouldRejectAttributeAfterFingerprint() {
        byte[] fp = binding(TX).buildWithFingerprint();
        byte[] more = Arrays.copyOf(fp, fp.length + 8);
        more[3] = (byte) (more.length - 20);
        more[fp.length] = (byte) 0x80;
        more[fp.length + 1] = 0x22;
        more[fp.length + 3] = 4;
        assertThat(rejected(more)).isIn(DropReason.BAD_FINGERPRINT);
    }

    @Test
    void shouldRejectShortAndLongAndNonStun() {
        assertThat(rejected(new byte[19])).isEqualTo(DropReason.TOO_SHORT);
        assertThat(rejected(new byte[0])).isEqualTo(DropReason.TOO_SHORT);
        assertThat(rejected(binding(TX).attr(0x8022, new byte[2100]).build())).isEqualTo(DropReason.TOO_LONG);
        byte[] rtp = minimal();
        rtp[0] = (byte) 0x80;
        assertThat(rejected(rtp)).isEqualTo(DropReason.NOT_STUN);
    }

    @Test
    void shouldRejectLengthThatDoesNotMatchOrIsNotAMultipleOfFour() {
        byte[] m = binding(TX).attr(0x8022, new byte[4]).build();
        assertThat(rejected(Arrays.copyOf(m, m.length + 4))).isEqualTo(DropReason.BAD_LENGTH);
        assertThat(rejected(Arrays.copyOf(m, m.length - 4))).isEqualTo(DropReason.BAD_LENGTH);
        byte[] odd = Arrays.copyOf(m, 22);
        odd[3] = 2;
        assertThat(rejected(odd)).isEqualTo(DropReason.BAD_LENGTH);
    }

    @Test
    void shouldRejectAttributeRunningPastTheMessage() {
        byte[] m = binding(TX).attr(0x8022, new byte[4]).build();
        m[23] = 9; // value length 9 > 4 bytes left
        assertThat(rejected(m)).isEqualTo(DropReason.MALFORMED_ATTRIBUTE);
    }

    @Test
    void shouldRejectResponsesIndicationsAndOtherMethods() {
        assertThat(rejected(message(0x0101, TX).build())).isEqualTo(DropReason.NOT_A_REQUEST);
        assertThat(rejected(message(0x0111, TX).build())).isEqualTo(DropReason.NOT_A_REQUEST);
        assertThat(rejected(message(0x0011, TX).build())).isEqualTo(DropReason.NOT_A_REQUEST);
        assertThat(rejected(message(0x0003, TX).build())).isEqualTo(DropReason.UNSUPPORTED_METHOD);
    }

    @Test
    void shouldRejectCookielessRequestUnlessRfc3489() {
        byte[] m = TestMessages.rfc3489(new byte[16]).build();
        assertThat(rejected(m)).isEqualTo(DropReason.NO_MAGIC_COOKIE);
        Parsed.BindingRequest r = (Parsed.BindingRequest) parse(m, new ParsePolicy(true, false));
        assertThat(r.rfc3489()).isTrue();
        assertThat(r.transactionId()).hasSize(16);
    }

    @Test
    void shouldListUnknownComprehensionRequiredAttributesOnce() {
        byte[] m = binding(TX).attr(0x0777, new byte[1]).attr(0x8777, new byte[2]).attr(0x0777, new byte[0])
                .attr(0x0003, new byte[4]).build();
        Parsed.BindingRequest r = (Parsed.BindingRequest) parse(m);
        assertThat(r.unknownRequired()).containsExactly(0x0777, 0x0003);
    }

    @Test
    void shouldUnderstandChangeRequestOnlyWhenRfc5780IsOn() {
        byte[] m = binding(TX).attr(0x0003, new byte[] {0, 0, 0, 6}).build();
        Parsed.BindingRequest r = (Parsed.BindingRequest) parse(m, new ParsePolicy(false, true));
        assertThat(r.unknownRequired()).isEmpty();
        assertThat(r.changeIp()).isTrue();
        assertThat(r.changePort()).isTrue();
        assertThat(((Parsed.BindingRequest) parse(m)).unknownRequired()).isEqualTo(List.of(0x0003));
    }

    @Test
    void shouldIgnoreAttributesAfterMessageIntegrity() {
        byte[] m = binding(TX).attr(0x0008, new byte[20]).attr(0x0777, new byte[4]).build();
        assertThat(((Parsed.BindingRequest) parse(m)).unknownRequired()).isEmpty();
    }

    @Test
    void shouldNotThrowOnBadOffsets() {
        assertThat(RequestParser.parse(new byte[10], 5, 20, STRICT)).isInstanceOf(Parsed.Rejected.class);
        assertThat(RequestParser.parse(null, 0, 0, STRICT)).isInstanceOf(Parsed.Rejected.class);
        assertThat(RequestParser.parse(new byte[10], -1, 2, STRICT)).isInstanceOf(Parsed.Rejected.class);
    }
}
