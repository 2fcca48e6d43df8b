package io.meshkit.stun;

import static io.meshkit.stun.TestMessages.TX;
import static io.meshkit.stun.TestMessages.binding;
import static io.meshkit.stun.TestMessages.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.stun.core.DropReason;
import io.meshkit.stun.core.Endpoint;
import io.meshkit.stun.core.Outcome;
import io.meshkit.stun.core.RateLimiter;
import io.meshkit.stun.core.ResponderConfig;
import io.meshkit.stun.core.Rfc5780Addresses;
import io.meshkit.stun.core.StunResponder;
import io.meshkit.stun.core.Transport;
import io.meshkit.stun.ice4j.Ice4jEncoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.UnknownAttributesAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.junit.jupiter.api.Test;

class StunResponderTest {
    static final InetSocketAddress V4 = new InetSocketAddress(ip("198.18.0.7"), 40000);
    static final InetSocketAddress V6 = new InetSocketAddress(ip("2001:db8::7"), 40000);

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static StunResponder responder(ResponderConfig config) {
        return new StunResponder(config, new Ice4jEncoder(), Optional.empty());
    }

    static Outcome handle(StunResponder r, byte[] req, InetSocketAddress from) {
        return r.handle(req, 0, req.length, from, Transport.UDP, Endpoint.PRIMARY, 0);
    }

    static byte[] reply(StunResponder r, byte[] req, InetSocketAddress from) {
        Outcome o = handle(r, req, from);
        assertThat(o).isInstanceOf(Outcome.Reply.class);
        return ((Outcome.Reply) o).bytes();
    }

    static Message decode(byte[] b) throws Exception {
        return Message.decode(b, (char) 0, (char) b.length);
    }

    @Test
    void shouldAnswerWithXorMappedAddressOnlyByDefault() throws Exception {
        byte[] resp = reply(responder(ResponderConfig.defaults()), minimal(), V4);
        assertThat(resp).hasSize(32);
        Message m = decode(resp);
        assertThat((int) m.getMessageType()).isEqualTo(0x0101);
        assertThat(m.getTransactionID()).isEqualTo(TX);
        assertThat(m.getAttributeCount()).isEqualTo(1);
        assertThat(((XorMappedAddressAttribute) m.getAttribute(Attribute.XOR_MAPPED_ADDRESS)).getAddress(TX))
                .isEqualTo(V4);
    }

    @Test
    void shouldAnswerIpv6SourceWithIpv6Address() throws Exception {
        byte[] resp = reply(responder(ResponderConfig.defaults()), minimal(), V6);
        assertThat(resp).hasSize(44);
        assertThat(((XorMappedAddressAttribute) decode(resp).getAttribute(Attribute.XOR_MAPPED_ADDRESS)).getAddress(TX))
                .isEqualTo(V6);
    }

    @Test
    void shouldAddFingerprintOnlyWhenTheRequestHadOne() throws Exception {
        byte[] resp = reply(responder(ResponderConfig.defaults()), binding(TX).buildWithFingerprint(), V4);
        assertThat(resp).hasSize(40);
        // ice4j's decoder checks the CRC and throws on a mismatch.
        assertThat(decode(resp).getAttribute(Attribute.FINGERPRINT)).isNotNull();
    }

    @Test
    void shouldAnswer420ListingUnknownAttributes() throws Exception {
        byte[] req = binding(TX).attr(0x0777, new byte[4]).attr(0x0003, new byte[4]).build();
        byte[] resp = reply(responder(ResponderConfig.defaults()), req, V4);
        Message m = decode(resp);
        assertThat((int) m.getMessageType()).isEqualTo(0x0111);
        assertThat((int) ((ErrorCodeAttribute) m.getAttribute(Attribute.ERROR_CODE)).getErrorCode()).isEqualTo(420);
        UnknownAttributesAttribute u = (UnknownAttributesAttribute) m.getAttribute(Attribute.UNKNOWN_ATTRIBUTES);
        assertThat(u.contains((char) 0x0777)).isTrue();
        assertThat(u.contains((char) 0x0003)).isTrue();
        assertThat(m.getAttribute(Attribute.XOR_MAPPED_ADDRESS)).isNull();
    }

    @Test
    void shouldAddSoftwareAndMappedAddressOnlyWhenConfigured() throws Exception {
        StunResponder r = responder(new ResponderConfig(Optional.of("mesh-kit"), true, false, Optional.empty()));
        Message m = decode(reply(r, minimal(), V4));
        assertThat(m.getAttribute(Attribute.SOFTWARE)).isNotNull();
        assertThat(m.getAttribute(Attribute.MAPPED_ADDRESS)).isNotNull();
    }

    @Test
    void shouldAnswerRfc3489RequestWithMappedAddressOnlyWhenEnabled() throws Exception {
        byte[] tx16 = new byte[16];
        tx16[15] = 9;
        byte[] req = TestMessages.rfc3489(tx16).build();
        assertThat(handle(responder(ResponderConfig.defaults()), req, V4))
                .isEqualTo(new Outcome.Drop(DropReason.NO_MAGIC_COOKIE));
        byte[] resp = reply(responder(new ResponderConfig(Optional.empty(), false, true, Optional.empty())), req, V4);
        assertThat(resp).hasSize(32);
        Message m = decode(resp);
        assertThat(m.getAttribute(Attribute.MAPPED_ADDRESS)).isNotNull();
        assertThat(m.getAttribute(Attribute.XOR_MAPPED_ADDRESS)).isNull();
    }

    @Test
    void shouldDropFromUnusableSources() {
        StunResponder r = responder(ResponderConfig.defaults());
        assertThat(handle(r, minimal(), new InetSocketAddress(ip("198.18.0.7"), 0)))
                .isEqualTo(new Outcome.Drop(DropReason.BAD_SOURCE));
        assertThat(handle(r, minimal(), new InetSocketAddress(ip("0.0.0.0"), 5)))
                .isEqualTo(new Outcome.Drop(DropReason.BAD_SOURCE));
    }

    @Test
    void shouldHonourChangeRequestAndReportRfc5780Addresses() throws Exception {
        Rfc5780Addresses a = new Rfc5780Addresses(ip("198.18.0.1"), 3478, ip("198.18.0.2"), 3479);
        StunResponder r = responder(new ResponderConfig(Optional.empty(), false, false, Optional.of(a)));
        byte[] req = binding(TX).attr(0x0003, new byte[] {0, 0, 0, 4}).build(); // change IP
        Outcome o = r.handle(req, 0, req.length, V4, Transport.UDP, Endpoint.PRIMARY, 0);
        Outcome.Reply reply = (Outcome.Reply) o;
        assertThat(reply.from()).isEqualTo(new Endpoint(true, false));
        byte[] b = reply.bytes();
        // RESPONSE-ORIGIN = 198.18.0.2:3478 (sent from), OTHER-ADDRESS = 198.18.0.2:3479
        assertThat(addressAttribute(b, 0x802B)).isEqualTo(new InetSocketAddress(ip("198.18.0.2"), 3478));
        assertThat(addressAttribute(b, 0x802C)).isEqualTo(new InetSocketAddress(ip("198.18.0.2"), 3479));
        // Over TCP CHANGE-REQUEST is not understood: 420.
        Outcome tcp = r.handle(req, 0, req.length, V4, Transport.TCP, Endpoint.PRIMARY, 0);
        assertThat(decode(((Outcome.Reply) tcp).bytes()).getMessageType()).isEqualTo((char) 0x0111);
    }

    @Test
    void shouldSendToResponsePortOnlyWithRfc5780OverUdp() {
        Rfc5780Addresses a = new Rfc5780Addresses(ip("198.18.0.1"), 3478, ip("198.18.0.2"), 3479);
        StunResponder r = responder(new ResponderConfig(Optional.empty(), false, false, Optional.of(a)));
        byte[] req = binding(TX).attr(0x0027, new byte[] {(byte) 0x9c, 0x40, 0, 0}).build(); // port 40000
        InetSocketAddress from = new InetSocketAddress(ip("198.18.0.7"), 5000);
        Outcome.Reply reply = (Outcome.Reply) r.handle(req, 0, req.length, from, Transport.UDP, Endpoint.PRIMARY, 0);
        assertThat(reply.to()).isEqualTo(new InetSocketAddress(ip("198.18.0.7"), 40000));
        Outcome.Reply plain = (Outcome.Reply) handle(responder(ResponderConfig.defaults()), req, from);
        assertThat(plain.to()).isEqualTo(from); // a 420: RESPONSE-PORT is unknown without RFC 5780
    }

    @Test
    void shouldRateLimitPerSource() {
        StunResponder r = new StunResponder(ResponderConfig.defaults(), new Ice4jEncoder(),
                Optional.of(new RateLimiter(64, 10, 3, 42)));
        byte[] req = minimal();
        int answered = 0;
        for (int i = 0; i < 10; i++) {
            if (r.handle(req, 0, req.length, V4, Transport.UDP, Endpoint.PRIMARY, 1000) instanceof Outcome.Reply) {
                answered++;
            }
        }
        assertThat(answered).isEqualTo(3);
        assertThat(r.handle(req, 0, req.length, V6, Transport.UDP, Endpoint.PRIMARY, 1000))
                .isInstanceOf(Outcome.Reply.class);
        assertThat(r.handle(req, 0, req.length, V4, Transport.UDP, Endpoint.PRIMARY, 1100))
                .isInstanceOf(Outcome.Reply.class);
    }

    /** Reads an IPv4 address attribute (family 1) of {@code type} from raw bytes. */
    static InetSocketAddress addressAttribute(byte[] b, int type) throws Exception {
        for (int at = 20; at + 4 <= b.length; ) {
            int t = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
            int len = ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
            if (t == type) {
                int port = ((b[at + 6] & 0xFF) << 8) | (b[at + 7] & 0xFF);
                byte[] ipBytes = java.util.Arrays.copyOfRange(b, at + 8, at + 4 + len);
                return new InetSocketAddress(InetAddress.getByAddress(ipBytes), port);
            }
            at += 4 + ((len + 3) & ~3);
        }
        return null;
    }
}
