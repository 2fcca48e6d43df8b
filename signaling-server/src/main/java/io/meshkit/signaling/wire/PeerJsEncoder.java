package io.meshkit.signaling.wire;

import java.nio.charset.StandardCharsets;

/**
 * Encodes server-to-client messages with the exact bytes of peerjs-server 1.0.2, which sends
 * {@code JSON.stringify(message)}: key order {@code type, src, dst, payload}, absent fields left
 * out, strings escaped as {@code JSON.stringify} does (short escapes for <code>&#92;b &#92;t &#92;n &#92;f &#92;r</code>,
 * lower-case <code>&#92;u00xx</code> for other control characters and lone surrogates, everything else as
 * UTF-8).
 */
public final class PeerJsEncoder {
    private PeerJsEncoder() {}

    private static final byte[] OPEN = ascii("{\"type\":\"OPEN\"}");
    // webSocketServer/index.ts: ID-TAKEN carries this payload.
    private static final byte[] ID_TAKEN = ascii("{\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}");

    /** {@code {"type":"OPEN"}}. */
    public static byte[] open() {
        return OPEN.clone();
    }

    /** {@code {"type":"ID-TAKEN","payload":{"msg":"ID is taken"}}}. */
    public static byte[] idTaken() {
        return ID_TAKEN.clone();
    }

    /** {@code {"type":"ERROR","payload":{"msg":MSG}}}. */
    public static byte[] error(String msg) {
        StringBuilder sb = new StringBuilder(64 + msg.length());
        sb.append("{\"type\":\"ERROR\",\"payload\":{\"msg\":");
        appendString(sb, msg);
        sb.append("}}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A relayed (or server-made EXPIRE/LEAVE) message; {@code dst} and {@code payload} may be null. */
    public static byte[] relay(MessageType type, String src, String dst, RawJson payload) {
        int cap = 48 + src.length() + (dst == null ? 0 : dst.length()) + (payload == null ? 0 : payload.length());
        StringBuilder sb = new StringBuilder(cap);
        sb.append("{\"type\":\"").append(type.wire()).append("\",\"src\":");
        appendString(sb, src);
        if (dst != null) {
            sb.append(",\"dst\":");
            appendString(sb, dst);
        }
        if (payload == null) {
            sb.append('}');
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        sb.append(",\"payload\":");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] p = payload.bytes();
        byte[] out = new byte[head.length + p.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(p, 0, out, head.length, p.length);
        out[out.length - 1] = '}';
        return out;
    }

    /** Appends {@code s} as a JSON string literal the way {@code JSON.stringify} writes it. */
    public static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        hex(sb, c);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            hex(sb, c);
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        hex(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void hex(StringBuilder sb, char c) {
        String h = Integer.toHexString(c);
        sb.append("\\u");
        for (int k = h.length(); k < 4; k++) {
            sb.append('0');
        }
        sb.append(h);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
