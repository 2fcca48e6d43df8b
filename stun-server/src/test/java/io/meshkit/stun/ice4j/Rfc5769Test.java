package io.meshkit.stun.ice4j;

import static io.meshkit.stun.Rfc5769Vectors.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.stun.core.ParsePolicy;
import io.meshkit.stun.core.Parsed;
import io.meshkit.stun.core.RequestParser;
import io.meshkit.stun.core.ResponseAttribute;
import io.meshkit.stun.core.ResponseSpec;
import io.meshkit.stun.core.StunWire;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.junit.jupiter.api.Test;

/** RFC 5769's test vectors: they decode and verify, and our encoder reproduces the responses byte for byte. */
class Rfc5769Test {
    private static final byte[] KEY = PASSWORD.getBytes(StandardCharsets.UTF_8);

    @Test
    void sampleRequestParsesWithValidFingerprintAndNoUnknownAttribute() {
        Parsed parsed = RequestParser.parse(REQUEST, 0, REQUEST.length, new ParsePolicy(false, false));
        assertThat(parsed).isInstanceOf(Parsed.BindingRequest.class);
        Parsed.BindingRequest r = (Parsed.BindingRequest) parsed;
        assertThat(r.transactionId()).isEqualTo(TRANSACTION_ID);
        assertThat(r.fingerprint()).isTrue();
        assertThat(r.unknownRequired()).isEmpty();
        assertThat(r.rfc3489()).isFalse();
    }

    @Test
    void sampleMessagesCarryValidMessageIntegrity() {
        for (byte[] msg : List.of(REQUEST, RESPONSE_IPV4, RESPONSE_IPV6)) {
            int mi = msg.length - 8 - 24; // MESSAGE-INTEGRITY sits just before FINGERPRINT
            assertThat(msg[mi + 1]).isEqualTo((byte) StunWire.ATTR_MESSAGE_INTEGRITY);
            byte[] signed = Arrays.copyOf(msg, mi);
            int lengthThroughMi = mi + 24 - StunWire.HEADER_LENGTH;
            signed[2] = (byte) (lengthThroughMi >> 8);
            signed[3] = (byte) lengthThroughMi;
            byte[] hmac = MessageIntegrityAttribute.calculateHmacSha1(signed, 0, signed.length, KEY);
            assertThat(hmac).isEqualTo(Arrays.copyOfRange(msg, mi + 4, mi + 24));
        }
    }

    @Test
    void responsesDecodeWithIce4jToTheDocumentedAddresses() throws Exception {
        assertThat(xorMapped(RESPONSE_IPV4)).isEqualTo(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853));
        assertThat(xorMapped(RESPONSE_IPV6)).isEqualTo(
                new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853));
    }

    @Test
    void encoderReproducesTheIpv4Response() throws Exception {
        assertThat(encodeVectorResponse("192.0.2.1")).isEqualTo(RESPONSE_IPV4);
    }

    @Test
    void encoderReproducesTheIpv6Response() throws Exception {
        assertThat(encodeVectorResponse("2001:db8:1234:5678:11:2233:4455:6677")).isEqualTo(RESPONSE_IPV6);
    }

    private static byte[] encodeVectorResponse(String ip) throws Exception {
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName(ip), 32853);
        return new Ice4jEncoder().encode(new ResponseSpec(StunWire.BINDING_SUCCESS, TRANSACTION_ID, List.of(
                new ResponseAttribute.Software("test vector"),
                new ResponseAttribute.XorMappedAddress(mapped),
                new ResponseAttribute.MessageIntegrity(KEY),
                new ResponseAttribute.Fingerprint())));
    }

    private static InetSocketAddress xorMapped(byte[] msg) throws Exception {
        Message m = Message.decode(msg, (char) 0, (char) msg.length);
        XorMappedAddressAttribute x = (XorMappedAddressAttribute) m.getAttribute(Attribute.XOR_MAPPED_ADDRESS);
        return x.getAddress(TRANSACTION_ID);
    }
}
