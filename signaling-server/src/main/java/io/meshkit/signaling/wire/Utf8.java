package io.meshkit.signaling.wire;

/**
 * Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), as
 * a WebSocket endpoint must apply it to text messages (RFC 6455 section 8.1: close 1007 otherwise).
 */
public final class Utf8 {
    private Utf8() {}

    /** Whether {@code len} bytes of {@code b} from {@code off} are well-formed UTF-8. */
    public static boolean isValid(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n = sequenceLength(c, i + 1 < end ? b[i + 1] & 0xff : -1);
            if (n == 0 || i + n > end) {
                return false;
            }
            for (int k = 2; k < n; k++) {
                int ck = b[i + k] & 0xff;
                if (ck < 0x80 || ck > 0xBF) {
                    return false;
                }
            }
            i += n;
        }
        return true;
    }

    /**
     * The length of the sequence that starts with {@code c} followed by {@code c1} (-1 at the end),
     * or 0 when those two bytes cannot start a well-formed sequence (RFC 3629 section 4).
     */
    static int sequenceLength(int c, int c1) {
        if (c >= 0xC2 && c <= 0xDF) {
            return c1 >= 0x80 && c1 <= 0xBF ? 2 : 0;
        }
        if (c >= 0xE0 && c <= 0xEF) {
            int lo = c == 0xE0 ? 0xA0 : 0x80;
            int hi = c == 0xED ? 0x9F : 0xBF;
            return c1 >= lo && c1 <= hi ? 3 : 0;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            int lo = c == 0xF0 ? 0x90 : 0x80;
            int hi = c == 0xF4 ? 0x8F : 0xBF;
            return c1 >= lo && c1 <= hi ? 4 : 0;
        }
        return 0;
    }
}
