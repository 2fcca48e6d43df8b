package io.meshkit.stun.core;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Strict, allocation-light validation of one received STUN message (RFC 8489 §6.3): header bits,
 * magic cookie, length, attribute layout, FINGERPRINT, class and method. Never throws on any input;
 * every failure is a {@link Parsed.Rejected} value.
 *
 * <p>Why our own code and not ice4j's {@code Message.decode}: that decoder accepts lengths that are
 * not multiples of 4, passes a wrong remaining length to attribute decoders ({@code length - offset}
 * with an absolute offset), works on {@code char} offsets, and reports failures as exceptions; an
 * untrusted-input edge needs a total function. ice4j still encodes every response attribute.
 */
public final class RequestParser {
    /**
     * Largest message accepted (bytes, header included). A Binding request needs far less, but an
     * RFC 5780 client probing a 1500-byte path MTU sends a PADDING attribute of about 1500 bytes
     * (coturn's {@code turnutils_stunclient -f} sends 1532). The response is never padded, so the
     * size of a request never raises the size of its response.
     */
    public static final int MAX_MESSAGE_LENGTH = 2048;

    private RequestParser() {}

    /** Checks {@code len} bytes of {@code buf} starting at {@code off} against {@code policy}. */
    public static Parsed parse(byte[] buf, int off, int len, ParsePolicy policy) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return new Parsed.Rejected(DropReason.TOO_SHORT);
        }
        if (len < StunWire.HEADER_LENGTH) {
            return new Parsed.Rejected(DropReason.TOO_SHORT);
        }
        if (len > MAX_MESSAGE_LENGTH) {
            return new Parsed.Rejected(DropReason.TOO_LONG);
        }
        int type = StunWire.u16(buf, off);
        // RFC 8489 §6.3: the most significant 2 bits of every STUN message MUST be zeroes.
        if ((type & 0xC000) != 0) {
            return new Parsed.Rejected(DropReason.NOT_STUN);
        }
        int bodyLength = StunWire.u16(buf, off + 2);
        // RFC 8489 §5: the length is a multiple of 4 and covers exactly the attributes.
        if ((bodyLength & 3) != 0 || bodyLength != len - StunWire.HEADER_LENGTH) {
            return new Parsed.Rejected(DropReason.BAD_LENGTH);
        }
        boolean cookie = StunWire.u32(buf, off + 4) == StunWire.MAGIC_COOKIE;
        if (!cookie && !policy.rfc3489()) {
            return new Parsed.Rejected(DropReason.NO_MAGIC_COOKIE);
        }
        // Class bits are C1 (0x0100) and C0 (0x0010); 00 = request (RFC 8489 §5).
        if ((type & 0x0110) != 0) {
            return new Parsed.Rejected(DropReason.NOT_A_REQUEST);
        }
        if (type != StunWire.BINDING_REQUEST) {
            return new Parsed.Rejected(DropReason.UNSUPPORTED_METHOD);
        }
        return walkAttributes(buf, off, len, cookie, policy);
    }

    private static Parsed walkAttributes(byte[] buf, int off, int len, boolean cookie, ParsePolicy policy) {
        List<Integer> unknown = new ArrayList<>(2);
        boolean fingerprint = false;
        boolean afterIntegrity = false;
        boolean changeIp = false;
        boolean changePort = false;
        int responsePort = 0;
        int end = off + len;
        int at = off + StunWire.HEADER_LENGTH;
        while (at < end) {
            if (fingerprint) {
                // RFC 8489 §14.7: FINGERPRINT MUST be the last attribute.
                return new Parsed.Rejected(DropReason.BAD_FINGERPRINT);
            }
            if (end - at < 4) {
                return new Parsed.Rejected(DropReason.MALFORMED_ATTRIBUTE);
            }
            int attrType = StunWire.u16(buf, at);
            int attrLength = StunWire.u16(buf, at + 2);
            int valueAt = at + 4;
            if (attrLength > end - valueAt || StunWire.padded(attrLength) > end - valueAt) {
                return new Parsed.Rejected(DropReason.MALFORMED_ATTRIBUTE);
            }
            if (attrType == StunWire.ATTR_FINGERPRINT) {
                if (!cookie || attrLength != 4 || !fingerprintMatches(buf, off, at)) {
                    return new Parsed.Rejected(DropReason.BAD_FINGERPRINT);
                }
                fingerprint = true;
            } else if (afterIntegrity && attrType != StunWire.ATTR_MESSAGE_INTEGRITY_SHA256) {
                // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY, other than
                // MESSAGE-INTEGRITY-SHA256 and FINGERPRINT, are ignored.
            } else if (attrType == StunWire.ATTR_CHANGE_REQUEST && policy.changeRequest()) {
                if (attrLength != 4) {
                    return new Parsed.Rejected(DropReason.MALFORMED_ATTRIBUTE);
                }
                int flags = StunWire.u32(buf, valueAt);
                changeIp = (flags & 0x4) != 0;
                changePort = (flags & 0x2) != 0;
            } else if (attrType == StunWire.ATTR_RESPONSE_PORT && policy.changeRequest()) {
                // RFC 5780 §7.6: a 16-bit port followed by 2 bytes of padding; port 0 is meaningless.
                responsePort = attrLength == 4 ? StunWire.u16(buf, valueAt) : 0;
                if (responsePort == 0) {
                    return new Parsed.Rejected(DropReason.MALFORMED_ATTRIBUTE);
                }
            } else if (attrType == StunWire.ATTR_PADDING && policy.changeRequest()) {
                // RFC 5780 §7.5: understood; the response is not padded (no amplification).
            } else if (StunWire.isComprehensionRequired(attrType) && !understood(attrType)
                    && !unknown.contains(attrType)) {
                unknown.add(attrType);
            }
            if (attrType == StunWire.ATTR_MESSAGE_INTEGRITY || attrType == StunWire.ATTR_MESSAGE_INTEGRITY_SHA256) {
                afterIntegrity = true;
            }
            at = valueAt + StunWire.padded(attrLength);
        }
        byte[] txId;
        if (cookie) {
            txId = java.util.Arrays.copyOfRange(buf, off + 8, off + StunWire.HEADER_LENGTH);
        } else {
            // RFC 3489 §11.1: a 128-bit transaction ID where RFC 5389 has cookie + 96 bits.
            txId = java.util.Arrays.copyOfRange(buf, off + 4, off + StunWire.HEADER_LENGTH);
        }
        return new Parsed.BindingRequest(txId, !cookie, fingerprint, changeIp, changePort, responsePort, unknown);
    }

    /**
     * Comprehension-required types this responder understands (and may ignore): the RFC 8489
     * registry (§18.3.1) plus ICE's PRIORITY and USE-CANDIDATE (RFC 8445 §16.1), which the RFC 5769
     * sample request carries. RFC 3489-only types (RESPONSE-ADDRESS, CHANGED-ADDRESS, ...) are not
     * supported, so they earn a 420; so do RFC 5780's attributes when RFC 5780 is off.
     */
    private static boolean understood(int type) {
        return switch (type) {
            case StunWire.ATTR_MAPPED_ADDRESS, StunWire.ATTR_USERNAME, StunWire.ATTR_MESSAGE_INTEGRITY,
                 StunWire.ATTR_ERROR_CODE, StunWire.ATTR_UNKNOWN_ATTRIBUTES, StunWire.ATTR_REALM,
                 StunWire.ATTR_NONCE, StunWire.ATTR_MESSAGE_INTEGRITY_SHA256, StunWire.ATTR_PASSWORD_ALGORITHM,
                 StunWire.ATTR_USERHASH, StunWire.ATTR_XOR_MAPPED_ADDRESS,
                 0x0024 /* PRIORITY */, 0x0025 /* USE-CANDIDATE */ -> true;
            default -> false;
        };
    }

    /**
     * RFC 8489 §14.7: CRC-32 over the message up to the FINGERPRINT attribute, with the header's
     * length field covering the FINGERPRINT itself (it is the last attribute, so the length is the
     * one received), XOR 0x5354554E.
     */
    static boolean fingerprintMatches(byte[] buf, int off, int fingerprintAt) {
        CRC32 crc = new CRC32();
        crc.update(buf, off, fingerprintAt - off);
        int expected = (int) crc.getValue() ^ StunWire.FINGERPRINT_XOR;
        return StunWire.u32(buf, fingerprintAt + 4) == expected;
    }
}
