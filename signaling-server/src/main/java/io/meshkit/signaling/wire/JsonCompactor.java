package io.meshkit.signaling.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rewrites an already validated JSON text the way the reference's {@code JSON.parse} then
 * {@code JSON.stringify} would, for what it can do without building objects: insignificant whitespace
 * goes, and string escapes are normalised ({@code \u00e9} becomes UTF-8 {@code é}, {@code \/} becomes
 * {@code /}; control characters, quotes, backslashes and lone surrogates are escaped as
 * {@code JSON.stringify} escapes them). What PeerJS clients send is {@code JSON.stringify} output
 * already, so the common case is one scan and one copy. Numbers, duplicate keys and the order of
 * integer-like keys are left as sent (see {@code docs/SIGNALING.md}).
 */
final class JsonCompactor {
    private JsonCompactor() {}

    static RawJson compact(byte[] buf, int off, int len) {
        while (len > 0 && isWs(buf[off + len - 1])) {
            len--;
        }
        while (len > 0 && isWs(buf[off])) {
            off++;
            len--;
        }
        if (!needsRewrite(buf, off, len)) {
            return new RawJson(Arrays.copyOfRange(buf, off, off + len));
        }
        return new RawJson(rewrite(buf, off, len));
    }

    private static boolean needsRewrite(byte[] buf, int off, int len) {
        boolean inString = false;
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (inString) {
                if (b == '\\') {
                    byte e = buf[i + 1];
                    if (e == 'u' || e == '/') {
                        return true;
                    }
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (isWs(b)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] rewrite(byte[] buf, int off, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len);
        boolean inString = false;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            if (!inString) {
                if (b == '"') {
                    inString = true;
                    out.write(b);
                } else if (!isWs(b)) {
                    out.write(b);
                }
                continue;
            }
            if (b == '"') {
                inString = false;
                out.write(b);
            } else if (b != '\\') {
                out.write(b);
            } else {
                byte e = buf[++i];
                if (e == '/') {
                    out.write('/');
                } else if (e != 'u') {
                    out.write('\\');
                    out.write(e);
                } else {
                    int c = hex4(buf, i + 1);
                    i += 4;
                    if (Character.isHighSurrogate((char) c) && i + 6 < end && buf[i + 1] == '\\' && buf[i + 2] == 'u') {
                        int low = hex4(buf, i + 3);
                        if (Character.isLowSurrogate((char) low)) {
                            i += 6;
                            writeUtf8(out, Character.toCodePoint((char) c, (char) low));
                            continue;
                        }
                    }
                    writeChar(out, c);
                }
            }
        }
        return out.toByteArray();
    }

    private static void writeChar(ByteArrayOutputStream out, int c) {
        String esc = switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> null;
        };
        if (esc != null) {
            out.writeBytes(esc.getBytes(StandardCharsets.US_ASCII));
        } else if (c < 0x20 || Character.isSurrogate((char) c)) {
            out.writeBytes(String.format("\\u%04x", c).getBytes(StandardCharsets.US_ASCII));
        } else {
            writeUtf8(out, c);
        }
    }

    private static void writeUtf8(ByteArrayOutputStream out, int cp) {
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
    }

    private static int hex4(byte[] buf, int at) {
        return Integer.parseInt(new String(buf, at, 4, StandardCharsets.US_ASCII), 16);
    }

    private static boolean isWs(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
