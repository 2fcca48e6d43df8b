package io.meshkit.signaling.wire;

import java.util.Arrays;

/** Removes insignificant whitespace from an already validated JSON text, as {@code JSON.stringify} output has none. */
final class JsonCompactor {
    private JsonCompactor() {}

    static RawJson compact(byte[] buf, int off, int len) {
        // Trim, then look for whitespace outside strings; the common case (a client's JSON.stringify
        // output) has none and costs one scan and one copy.
        while (len > 0 && isWs(buf[off + len - 1])) {
            len--;
        }
        while (len > 0 && isWs(buf[off])) {
            off++;
            len--;
        }
        boolean inString = false;
        boolean needs = false;
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (isWs(b)) {
                needs = true;
                break;
            }
        }
        if (!needs) {
            return new RawJson(Arrays.copyOfRange(buf, off, off + len));
        }
        byte[] out = new byte[len];
        int n = 0;
        inString = false;
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (inString) {
                out[n++] = b;
                if (b == '\\') {
                    out[n++] = buf[++i];
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
                out[n++] = b;
            } else if (!isWs(b)) {
                out[n++] = b;
            }
        }
        return new RawJson(Arrays.copyOf(out, n));
    }

    private static boolean isWs(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
