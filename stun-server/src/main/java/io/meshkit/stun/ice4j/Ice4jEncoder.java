package io.meshkit.stun.ice4j;

import io.meshkit.stun.core.ResponseAttribute;
import io.meshkit.stun.core.ResponseSpec;
import io.meshkit.stun.core.StunEncoder;
import io.meshkit.stun.core.StunWire;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.FingerprintAttribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.attribute.UnknownAttributesAttribute;

/**
 * The adapter that keeps ice4j out of the core: every attribute is built and encoded by ice4j's
 * attribute classes ({@link AttributeFactory}), and MESSAGE-INTEGRITY / FINGERPRINT values come
 * from ice4j's static helpers.
 *
 * <p>What it deliberately does not use: {@code Message.encode(StunStack)}. That method needs a
 * {@code StunStack} (static executors, a wall-clock seeded random) and reads process-wide system
 * properties that change the bytes ({@code org.ice4j.SOFTWARE} adds a SOFTWARE attribute,
 * {@code org.ice4j.ALWAYS_SIGN} adds FINGERPRINT). So this class lays out the 20-byte header and
 * the padding itself; the output depends on the {@link ResponseSpec} only.
 *
 * <p>ice4j has no RESPONSE-ORIGIN or OTHER-ADDRESS class; their values have the same layout as
 * RFC 3489's SOURCE-ADDRESS and CHANGED-ADDRESS (RFC 5780 §7.3, §7.4), so those are encoded and
 * given the RFC 5780 type code.
 */
public final class Ice4jEncoder implements StunEncoder {

    @Override
    public byte[] encode(ResponseSpec spec) {
        byte[] txId = spec.transactionId();
        Out out = new Out();
        out.u16(spec.messageType());
        out.u16(0); // length, set per content-dependent attribute and at the end
        if (txId.length == StunWire.TRANSACTION_ID_LENGTH) {
            out.u32(StunWire.MAGIC_COOKIE);
        }
        out.bytes(txId, txId.length);
        for (ResponseAttribute a : spec.attributes()) {
            if (a instanceof ResponseAttribute.XorMappedAddress x) {
                out.attribute(AttributeFactory.createXorMappedAddressAttribute(ta(x.address()), txId), (byte) 0);
            } else if (a instanceof ResponseAttribute.MappedAddress m) {
                out.attribute(AttributeFactory.createMappedAddressAttribute(ta(m.address())), (byte) 0);
            } else if (a instanceof ResponseAttribute.ResponseOrigin r) {
                out.retyped(AttributeFactory.createSourceAddressAttribute(ta(r.address())),
                        StunWire.ATTR_RESPONSE_ORIGIN);
            } else if (a instanceof ResponseAttribute.OtherAddress o) {
                out.retyped(AttributeFactory.createChangedAddressAttribute(ta(o.address())),
                        StunWire.ATTR_OTHER_ADDRESS);
            } else if (a instanceof ResponseAttribute.Software s) {
                // RFC 5769's sample responses pad SOFTWARE with spaces; receivers ignore padding.
                out.attribute(AttributeFactory.createSoftwareAttribute(s.text().getBytes(StandardCharsets.UTF_8)),
                        (byte) ' ');
            } else if (a instanceof ResponseAttribute.ErrorCode e) {
                out.attribute(AttributeFactory.createErrorCodeAttribute((char) e.code(), e.reason()), (byte) 0);
            } else if (a instanceof ResponseAttribute.UnknownAttributes u) {
                UnknownAttributesAttribute attr = AttributeFactory.createUnknownAttributesAttribute();
                for (int t : u.types()) {
                    attr.addAttributeID((char) t);
                }
                out.attribute(attr, (byte) 0);
            } else if (a instanceof ResponseAttribute.MessageIntegrity mi) {
                // RFC 8489 §14.5: the HMAC covers the message up to the attribute, with the
                // header length already counting MESSAGE-INTEGRITY itself.
                out.setLength(out.size() + 24 - StunWire.HEADER_LENGTH);
                byte[] hmac = MessageIntegrityAttribute.calculateHmacSha1(out.toArray(), 0, out.size(), mi.key());
                out.u16(StunWire.ATTR_MESSAGE_INTEGRITY);
                out.u16(20);
                out.bytes(hmac, 20);
            } else if (a instanceof ResponseAttribute.Fingerprint) {
                // RFC 8489 §14.7: likewise, the length counts FINGERPRINT before the CRC is taken.
                out.setLength(out.size() + 8 - StunWire.HEADER_LENGTH);
                byte[] crc = FingerprintAttribute.calculateXorCRC32(out.toArray(), 0, out.size());
                out.u16(StunWire.ATTR_FINGERPRINT);
                out.u16(4);
                out.bytes(crc, 4);
            } else {
                throw new IllegalArgumentException("unsupported attribute " + a.getClass().getSimpleName());
            }
        }
        out.setLength(out.size() - StunWire.HEADER_LENGTH);
        return out.toArray();
    }

    private static TransportAddress ta(InetSocketAddress a) {
        return new TransportAddress(a.getAddress(), a.getPort(), Transport.UDP);
    }

    /** A growing buffer with the header's length field at bytes 2..3. */
    private static final class Out extends ByteArrayOutputStream {
        Out() {
            super(64);
        }

        void u16(int v) {
            write(v >>> 8);
            write(v);
        }

        void u32(int v) {
            u16(v >>> 16);
            u16(v);
        }

        void bytes(byte[] b, int n) {
            write(b, 0, n);
        }

        void setLength(int length) {
            buf[2] = (byte) (length >>> 8);
            buf[3] = (byte) length;
        }

        byte[] toArray() {
            return toByteArray();
        }

        /** Writes ice4j's encoding of {@code attr} (header and value only), then our padding. */
        void attribute(Attribute attr, byte pad) {
            byte[] enc = attr.encode();
            int valueLength = ((enc[2] & 0xFF) << 8) | (enc[3] & 0xFF);
            write(enc, 0, 4 + valueLength);
            for (int i = valueLength; i < StunWire.padded(valueLength); i++) {
                write(pad);
            }
        }

        void retyped(Attribute attr, int type) {
            int at = count;
            attribute(attr, (byte) 0);
            buf[at] = (byte) (type >>> 8);
            buf[at + 1] = (byte) type;
        }
    }
}
