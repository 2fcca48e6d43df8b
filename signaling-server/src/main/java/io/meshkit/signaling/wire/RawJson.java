package io.meshkit.signaling.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One JSON value exactly as a client sent it (already validated as well-formed by the decoder),
 * carried through the server without being parsed into objects: the relay path copies these bytes
 * into the outgoing frame. Insignificant whitespace is removed at decode time, so what PeerJS
 * clients send (the output of {@code JSON.stringify}) is relayed byte for byte, as the reference's
 * {@code JSON.parse} then {@code JSON.stringify} would.
 */
public record RawJson(byte[] bytes) {
    public RawJson {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("a JSON value has at least one byte");
        }
    }

    /** Wraps a known-good JSON text (for tests and server-made values). */
    public static RawJson of(String json) {
        return new RawJson(json.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawJson r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The JSON text; never log it (it is an untrusted payload). */
    @Override
    public String toString() {
        return "RawJson[" + bytes.length + " bytes]";
    }

    /** The JSON text, for tests. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
