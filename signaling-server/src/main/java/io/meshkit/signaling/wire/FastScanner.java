package io.meshkit.signaling.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The decoder's fast path: one pass over the frame bytes, no parser objects, for the messages
 * PeerJS clients actually send ({@code JSON.stringify} output: plain keys, plain {@code type} and
 * {@code dst} strings). It answers only when it is sure; anything unusual (an escape in a key at any
 * depth or in {@code type}/{@code dst}, a non-string {@code dst}, a control character, invalid UTF-8, a value
 * near a limit, a syntax error, trailing bytes) returns {@code null} and {@link PeerJsDecoder} falls
 * back to Jackson, which gives the exact answer, error or not. So this scanner must be right only
 * when it accepts: what it accepts is valid JSON under the same limits, and its result is the one
 * Jackson's path would give (checked by a differential property test).
 *
 * <p>The JSON grammar checked here is RFC 8259's, as {@code JSON.parse} applies it. Never throws:
 * any out-of-range read ends in {@code null} through the bounds checks.
 */
final class FastScanner {
    private static final byte[] TYPE = ascii("type");
    private static final byte[] DST = ascii("dst");
    private static final byte[] PAYLOAD = ascii("payload");
    private static final byte[] HEARTBEAT = ascii("HEARTBEAT");
    /** Numbers longer than this go to Jackson, which applies {@link PeerJsDecoder#MAX_NUMBER_LENGTH}. */
    private static final int FAST_NUMBER_LENGTH = 32;

    private final byte[] b;
    private final int end;
    private final int maxStringBytes;
    private final int maxNameBytes;
    private int pos;
    /** Set while scanning a value: it holds whitespace, {@code \/} or a {@code \\u} escape. */
    private boolean needsRewrite;
    /** Set by {@link #string}: the last string held an escape, so its bytes are not its text. */
    private boolean escaped;

    private FastScanner(byte[] b, int off, int len, int maxStringBytes, int maxNameBytes) {
        this.b = b;
        this.pos = off;
        this.end = off + len;
        this.maxStringBytes = maxStringBytes;
        this.maxNameBytes = maxNameBytes;
    }

    /** The decoded message, or {@code null} when Jackson must decide. */
    static Inbound scan(byte[] b, int off, int len, int maxStringBytes, int maxNameBytes) {
        if (off < 0 || len < 0 || off + len > b.length) {
            return null;
        }
        return new FastScanner(b, off, len, maxStringBytes, maxNameBytes).message();
    }

    private Inbound message() {
        skipWs();
        if (pos >= end || b[pos] != '{') {
            return null;
        }
        pos++;
        int typeStart = -1;
        int typeEnd = -1;
        boolean typeSeen = false;
        String dst = null;
        int payloadStart = -1;
        int payloadEnd = -1;
        boolean payloadRewrite = false;
        skipWs();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                skipWs();
                int keyStart = pos + 1;
                if (peek() != '"' || !string(maxNameBytes) || escaped) {
                    return null; // an escaped key could spell "type": Jackson decides
                }
                int keyEnd = pos - 1;
                skipWs();
                if (peek() != ':') {
                    return null;
                }
                pos++;
                skipWs();
                int vStart = pos;
                if (eq(keyStart, keyEnd, TYPE)) {
                    if (peek() != '"' || !string(maxStringBytes) || escaped) {
                        return null;
                    }
                    typeSeen = true;
                    typeStart = vStart + 1;
                    typeEnd = pos - 1;
                } else if (eq(keyStart, keyEnd, DST)) {
                    if (peek() == '"') {
                        if (!string(maxStringBytes) || escaped) {
                            return null;
                        }
                        dst = new String(b, vStart + 1, pos - 1 - (vStart + 1), StandardCharsets.UTF_8);
                    } else if (literal("null")) {
                        dst = null;
                    } else {
                        return null;
                    }
                } else {
                    needsRewrite = false;
                    if (!value(1)) {
                        return null;
                    }
                    if (eq(keyStart, keyEnd, PAYLOAD)) {
                        payloadStart = vStart;
                        payloadEnd = pos;
                        payloadRewrite = needsRewrite;
                    }
                }
                skipWs();
                byte c = peek();
                pos++;
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    return null;
                }
            }
        }
        skipWs();
        if (pos != end) {
            return null;
        }
        MessageType type = typeSeen ? type(typeStart, typeEnd) : null;
        if (type == MessageType.HEARTBEAT) {
            return Inbound.Heartbeat.INSTANCE;
        }
        if (type == null || !type.isRelayed()) {
            return new Inbound.Ignored(Inbound.Reason.UNKNOWN_TYPE);
        }
        RawJson payload = payloadStart < 0 ? null
                : payloadRewrite ? JsonCompactor.compact(b, payloadStart, payloadEnd - payloadStart)
                : new RawJson(Arrays.copyOfRange(b, payloadStart, payloadEnd));
        return new Inbound.Transmit(type, dst, payload);
    }

    private MessageType type(int s, int e) {
        // Relayed types and HEARTBEAT by their bytes; anything else is not acted on.
        int n = e - s;
        if (n == 9 && eq(s, e, HEARTBEAT)) {
            return MessageType.HEARTBEAT;
        }
        for (Wire t : RELAYED) {
            if (eq(s, e, t.wireBytes())) {
                return t.type();
            }
        }
        return null;
    }

    private record Wire(MessageType type, byte[] wireBytes) {}

    private static final Wire[] RELAYED = {
        new Wire(MessageType.OFFER, ascii("OFFER")),
        new Wire(MessageType.ANSWER, ascii("ANSWER")),
        new Wire(MessageType.CANDIDATE, ascii("CANDIDATE")),
        new Wire(MessageType.LEAVE, ascii("LEAVE")),
        new Wire(MessageType.EXPIRE, ascii("EXPIRE")),
    };

    /** Any JSON value at nesting {@code depth} (the top-level object is depth 1). */
    private boolean value(int depth) {
        byte c = peek();
        switch (c) {
            case '"':
                return string(maxStringBytes);
            case '{':
            case '[':
                return container(depth + 1, c == '{');
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                return (c == '-' || (c >= '0' && c <= '9')) && number();
        }
    }

    private boolean container(int depth, boolean object) {
        if (depth > PeerJsDecoder.MAX_NESTING_DEPTH - 1) {
            return false; // near the limit: Jackson reports it
        }
        pos++;
        byte close = (byte) (object ? '}' : ']');
        if (skipWsInValue() && peek() == close) {
            pos++;
            return true;
        }
        while (true) {
            skipWsInValue();
            if (object) {
                if (peek() != '"' || !stringKeepFlag(maxNameBytes) || escaped) {
                    // An escaped name: Jackson decides (it refuses an unpaired surrogate in a name,
                    // which it accepts in a string value).
                    return false;
                }
                skipWsInValue();
                if (peek() != ':') {
                    return false;
                }
                pos++;
                skipWsInValue();
            }
            if (!valueKeepFlag(depth)) {
                return false;
            }
            skipWsInValue();
            byte c = peek();
            pos++;
            if (c == close) {
                return true;
            }
            if (c != ',') {
                return false;
            }
        }
    }

    private boolean valueKeepFlag(int depth) {
        boolean before = needsRewrite;
        boolean ok = value(depth);
        needsRewrite |= before;
        return ok;
    }

    private boolean stringKeepFlag(int max) {
        boolean before = needsRewrite;
        boolean ok = string(max);
        needsRewrite |= before;
        return ok;
    }

    /** A string at {@code pos} (its opening quote); sets {@link #needsRewrite} for {@code \/} and {@code \\u}. */
    private boolean string(int maxBytes) {
        needsRewrite = false;
        escaped = false;
        int start = ++pos;
        while (pos < end) {
            int c = b[pos] & 0xff;
            if (c == '"') {
                pos++;
                return pos - 1 - start <= maxBytes;
            }
            if (c == '\\') {
                if (pos + 1 >= end) {
                    return false;
                }
                byte e = b[pos + 1];
                escaped = true;
                switch (e) {
                    case '"', '\\', 'b', 'f', 'n', 'r', 't' -> pos += 2;
                    case '/' -> {
                        needsRewrite = true;
                        pos += 2;
                    }
                    case 'u' -> {
                        if (pos + 6 > end || !hex(b[pos + 2]) || !hex(b[pos + 3]) || !hex(b[pos + 4]) || !hex(b[pos + 5])) {
                            return false;
                        }
                        needsRewrite = true;
                        pos += 6;
                    }
                    default -> {
                        return false;
                    }
                }
            } else if (c < 0x20) {
                return false;
            } else if (c < 0x80) {
                pos++;
            } else if (!utf8(c)) {
                return false;
            }
        }
        return false;
    }

    /** One well-formed UTF-8 sequence starting with {@code c} at {@code pos} (see {@link Utf8}). */
    private boolean utf8(int c) {
        int n = Utf8.sequenceLength(c, pos + 1 < end ? b[pos + 1] & 0xff : -1);
        if (n == 0 || pos + n > end) {
            return false;
        }
        for (int k = 2; k < n; k++) {
            int ck = b[pos + k] & 0xff;
            if (ck < 0x80 || ck > 0xBF) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /** RFC 8259 section 6: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private boolean number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            return false;
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                return false;
            }
        }
        byte e = peek();
        if (e == 'e' || e == 'E') {
            pos++;
            byte s = peek();
            if (s == '+' || s == '-') {
                pos++;
            }
            if (!digits()) {
                return false;
            }
        }
        return pos - start <= FAST_NUMBER_LENGTH;
    }

    private boolean digits() {
        int s = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        return pos > s;
    }

    private boolean literal(String word) {
        int n = word.length();
        if (pos + n > end) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /** Whitespace between tokens at the top level (the payload's own whitespace is tracked separately). */
    private void skipWs() {
        while (pos < end && isWs(b[pos])) {
            pos++;
        }
    }

    /** Whitespace inside a value: the value must then be compacted. Returns true (for chaining). */
    private boolean skipWsInValue() {
        int s = pos;
        skipWs();
        if (pos > s) {
            needsRewrite = true;
        }
        return true;
    }

    private byte peek() {
        return pos < end ? b[pos] : 0;
    }

    private boolean eq(int s, int e, byte[] word) {
        return Arrays.equals(b, s, e, word, 0, word.length);
    }

    private static boolean hex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isWs(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
