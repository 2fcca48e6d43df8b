package io.meshkit.stun;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.stun.core.Endpoint;
import io.meshkit.stun.core.Outcome;
import io.meshkit.stun.core.ParsePolicy;
import io.meshkit.stun.core.Parsed;
import io.meshkit.stun.core.RequestParser;
import io.meshkit.stun.core.ResponderConfig;
import io.meshkit.stun.core.Rfc5780Addresses;
import io.meshkit.stun.core.StunResponder;
import io.meshkit.stun.core.Transport;
import io.meshkit.stun.ice4j.Ice4jEncoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.zip.CRC32;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * No input crashes the decoder or the responder, and nothing but a valid Binding request is ever
 * answered. Validity is checked here independently of the parser (header bits, cookie, length,
 * TLV layout, FINGERPRINT CRC).
 */
class ResponderPropertiesTest {
    private static final InetSocketAddress SOURCE = new InetSocketAddress(ip("198.18.0.7"), 40000);
    static final StunResponder DEFAULTS = new StunResponder(ResponderConfig.defaults(), new Ice4jEncoder(),
            Optional.empty());
    static final StunResponder EVERYTHING = new StunResponder(new ResponderConfig(Optional.of("mesh-kit"),
            true, true, Optional.of(new Rfc5780Addresses(ip("198.18.0.1"), 3478, ip("198.18.0.2"), 3479))),
            new Ice4jEncoder(), Optional.empty());

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 3000)
    void randomBytesNeverCrashAndAreNeverAnswered(@ForAll @Size(max = 2100) byte[] bytes) {
        for (StunResponder r : new StunResponder[] {DEFAULTS, EVERYTHING}) {
            Outcome o = r.handle(bytes, 0, bytes.length, SOURCE, Transport.UDP, Endpoint.PRIMARY, 0);
            if (o instanceof Outcome.Reply) {
                assertThat(independentlyValidBindingRequest(bytes, r == EVERYTHING)).isTrue();
            }
        }
    }

    @Property(tries = 3000)
    void mutatedRequestsNeverCrashAndOnlyValidOnesAreAnswered(@ForAll("mutatedRequests") byte[] bytes) {
        for (StunResponder r : new StunResponder[] {DEFAULTS, EVERYTHING}) {
            Outcome o = r.handle(bytes, 0, bytes.length, SOURCE, Transport.UDP, Endpoint.PRIMARY, 0);
            if (o instanceof Outcome.Reply reply) {
                assertThat(independentlyValidBindingRequest(bytes, r == EVERYTHING)).isTrue();
                // A reply is itself a well-formed STUN message that our parser classifies as "not a request".
                byte[] b = reply.bytes();
                Parsed p = RequestParser.parse(b, 0, b.length, new ParsePolicy(true, true));
                assertThat(p).isInstanceOf(Parsed.Rejected.class);
            }
        }
    }

    @Property(tries = 1000)
    void parserIsTotalOnAnyWindow(@ForAll @Size(max = 300) byte[] bytes, @ForAll int off, @ForAll int len) {
        // Must return a value (never throw) whatever the offsets.
        assertThat(RequestParser.parse(bytes, off, len, new ParsePolicy(true, true))).isNotNull();
    }

    @Provide
    Arbitrary<byte[]> mutatedRequests() {
        Arbitrary<byte[]> valid = Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofSize(12),
                Arbitraries.integers().between(0x0000, 0xFFFF).list().ofMaxSize(4),
                Arbitraries.of(true, false)).as((tx, types, fp) -> {
                    TestMessages.Builder b = TestMessages.binding(tx);
                    for (int t : types) {
                        b.attr(t, new byte[t % 9]);
                    }
                    return fp ? b.buildWithFingerprint() : b.build();
                });
        return Combinators.combine(valid, Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 1 << 20), Arbitraries.bytes())
                .as((msg, kind, where, value) -> {
                    byte[] m = msg.clone();
                    switch (kind) {
                        case 0 -> { }
                        case 1 -> m[where % m.length] = value;
                        case 2 -> m = java.util.Arrays.copyOf(m, where % (m.length + 8));
                        default -> m[where % Math.min(m.length, 20)] ^= (byte) (1 << (where % 8));
                    }
                    return m;
                });
    }

    /** An independent statement of RFC 8489 §6.3 validity, for the properties. */
    static boolean independentlyValidBindingRequest(byte[] b, boolean rfc3489) {
        if (b.length < 20 || (b[0] & 0xC0) != 0) {
            return false;
        }
        int type = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        int length = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        boolean cookie = b[4] == 0x21 && b[5] == 0x12 && (b[6] & 0xFF) == 0xA4 && b[7] == 0x42;
        if (type != 1 || length % 4 != 0 || length != b.length - 20 || (!cookie && !rfc3489)) {
            return false;
        }
        int at = 20;
        while (at < b.length) {
            if (b.length - at < 4) {
                return false;
            }
            int t = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
            int len = ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
            int next = at + 4 + ((len + 3) & ~3);
            if (next > b.length) {
                return false;
            }
            if (t == 0x8028) {
                CRC32 crc = new CRC32();
                crc.update(b, 0, at);
                int want = (int) crc.getValue() ^ 0x5354554E;
                int got = ((b[at + 4] & 0xFF) << 24) | ((b[at + 5] & 0xFF) << 16) | ((b[at + 6] & 0xFF) << 8)
                        | (b[at + 7] & 0xFF);
                if (!cookie || len != 4 || want != got || next != b.length) {
                    return false;
                }
            }
            at = next;
        }
        return true;
    }
}
