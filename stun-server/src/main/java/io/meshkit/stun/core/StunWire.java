package io.meshkit.stun.core;

/**
 * Wire constants of STUN (RFC 8489) and the RFC 5780 extensions this responder uses, plus the
 * few big-endian helpers the parser needs. Numbers only: no behaviour.
 */
public final class StunWire {
    private StunWire() {}

    /** RFC 8489 §5: every STUN message starts with a 20-byte header. */
    public static final int HEADER_LENGTH = 20;
    /** RFC 8489 §5: fixed value in bytes 4..7 of an RFC 5389/8489 message. */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** RFC 8489 §5: transaction ID length after the magic cookie. */
    public static final int TRANSACTION_ID_LENGTH = 12;

    /** Binding method (RFC 8489 §18.2), class request. */
    public static final int BINDING_REQUEST = 0x0001;
    /** Binding success response. */
    public static final int BINDING_SUCCESS = 0x0101;
    /** Binding error response. */
    public static final int BINDING_ERROR = 0x0111;

    public static final int ATTR_MAPPED_ADDRESS = 0x0001;
    /** RFC 5780 §7.2 (was RFC 3489's CHANGE-REQUEST). */
    public static final int ATTR_CHANGE_REQUEST = 0x0003;
    public static final int ATTR_USERNAME = 0x0006;
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    public static final int ATTR_ERROR_CODE = 0x0009;
    public static final int ATTR_UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int ATTR_REALM = 0x0014;
    public static final int ATTR_NONCE = 0x0015;
    public static final int ATTR_MESSAGE_INTEGRITY_SHA256 = 0x001C;
    public static final int ATTR_PASSWORD_ALGORITHM = 0x001D;
    public static final int ATTR_USERHASH = 0x001E;
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    /** RFC 5780 §7.5: PADDING (comprehension-required range). */
    public static final int ATTR_PADDING = 0x0026;
    /** RFC 5780 §7.6: RESPONSE-PORT (comprehension-required range). */
    public static final int ATTR_RESPONSE_PORT = 0x0027;
    public static final int ATTR_SOFTWARE = 0x8022;
    public static final int ATTR_ALTERNATE_SERVER = 0x8023;
    public static final int ATTR_FINGERPRINT = 0x8028;
    /** RFC 5780 §7.3. */
    public static final int ATTR_RESPONSE_ORIGIN = 0x802B;
    /** RFC 5780 §7.4. */
    public static final int ATTR_OTHER_ADDRESS = 0x802C;

    /** RFC 8489 §14.7: FINGERPRINT is CRC-32 of the message XOR'ed with this ("STUN"). */
    public static final int FINGERPRINT_XOR = 0x5354554E;

    /** RFC 8489 §14.8: ERROR-CODE 420 lists unknown comprehension-required attributes. */
    public static final int ERROR_UNKNOWN_ATTRIBUTE = 420;

    /** RFC 8489 §14: types 0x0000-0x7FFF are comprehension-required. */
    public static boolean isComprehensionRequired(int type) {
        return (type & 0x8000) == 0;
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static int u32(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    /** Pads an attribute value length to the 32-bit boundary (RFC 8489 §14). */
    public static int padded(int length) {
        return (length + 3) & ~3;
    }
}
