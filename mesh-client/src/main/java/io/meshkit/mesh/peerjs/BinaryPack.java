package io.meshkit.mesh.peerjs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BinaryPack, the MessagePack dialect PeerJS uses for its {@code binary} serialization (npm
 * {@code peerjs-js-binarypack} 2.x). It differs from MessagePack: strings are {@code 0xb0+len},
 * {@code 0xd8} (u16 length) and {@code 0xd9} (u32 length); raw bytes are {@code 0xa0+len},
 * {@code 0xda}, {@code 0xdb}; {@code 0xc1} and the ext codes {@code 0xd4..0xd7} decode to
 * {@code undefined} (here: {@code null}).
 *
 * <p>The Java value model: {@code null}, {@link Boolean}, {@link Long} (every integer),
 * {@link Double}, {@link String}, {@code byte[]} (raw), {@link List} and {@link Map} with string
 * keys (insertion-ordered). {@link #encode} also takes other {@link Number}s, {@link ByteBuffer}s
 * and arrays of objects.
 */
public final class BinaryPack {
    /** Deepest nesting of arrays and maps the decoder accepts (a hostile peer could nest deeper). */
    public static final int MAX_DEPTH = 64;

    private BinaryPack() {}

    /** The outcome of decoding untrusted bytes: a value or the reason it was refused. */
    public sealed interface Decoded permits Value, Rejected {}

    /** A decoded value (see the value model in the class comment). */
    public record Value(Object value) implements Decoded {}

    /** Bytes that are not a BinaryPack value within the limits; {@code reason} never quotes input. */
    public record Rejected(String reason) implements Decoded {}

    // ------------------------------------------------------------------ encoding

    /** Encodes {@code value}; throws {@link IllegalArgumentException} for a type outside the model. */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value, 0);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH);
        }
        if (v == null) {
            out.write(0xc0);
        } else if (v instanceof Boolean b) {
            out.write(b ? 0xc3 : 0xc2);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            writeInteger(out, ((Number) v).longValue());
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            // JS packs any number with Math.floor(v) === v as an integer; do the same so both
            // sides produce identical bytes.
            if (Math.floor(d) == d && !Double.isInfinite(d) && Math.abs(d) < 0x1p63) {
                writeInteger(out, (long) d);
            } else {
                out.write(0xcb);
                writeBytes(out, Double.doubleToLongBits(d), 8);
            }
        } else if (v instanceof CharSequence s) {
            byte[] utf8 = s.toString().getBytes(StandardCharsets.UTF_8);
            writeHeader(out, utf8.length, 0xb0, 0xd8, 0xd9);
            out.writeBytes(utf8);
        } else if (v instanceof byte[] raw) {
            writeHeader(out, raw.length, 0xa0, 0xda, 0xdb);
            out.writeBytes(raw);
        } else if (v instanceof ByteBuffer bb) {
            byte[] raw = new byte[bb.remaining()];
            bb.duplicate().get(raw);
            write(out, raw, depth);
        } else if (v instanceof List<?> list) {
            writeHeader(out, list.size(), 0x90, 0xdc, 0xdd);
            for (Object e : list) {
                write(out, e, depth + 1);
            }
        } else if (v instanceof Object[] arr) {
            write(out, List.of(arr), depth);
        } else if (v instanceof Map<?, ?> map) {
            writeHeader(out, map.size(), 0x80, 0xde, 0xdf);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(out, String.valueOf(e.getKey()), depth + 1);
                write(out, e.getValue(), depth + 1);
            }
        } else {
            throw new IllegalArgumentException("BinaryPack cannot encode " + v.getClass().getName());
        }
    }

    /** Same order of checks as the JS packer, so the chosen width matches byte for byte. */
    private static void writeInteger(ByteArrayOutputStream out, long n) {
        if (n >= -0x20 && n <= 0x7f) {
            out.write((int) (n & 0xff));
        } else if (n >= 0 && n <= 0xff) {
            out.write(0xcc);
            writeBytes(out, n, 1);
        } else if (n >= -0x80 && n <= 0x7f) {
            out.write(0xd0);
            writeBytes(out, n, 1);
        } else if (n >= 0 && n <= 0xffff) {
            out.write(0xcd);
            writeBytes(out, n, 2);
        } else if (n >= -0x8000 && n <= 0x7fff) {
            out.write(0xd1);
            writeBytes(out, n, 2);
        } else if (n >= 0 && n <= 0xffffffffL) {
            out.write(0xce);
            writeBytes(out, n, 4);
        } else if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
            out.write(0xd2);
            writeBytes(out, n, 4);
        } else {
            out.write(0xd3);
            writeBytes(out, n, 8);
        }
    }

    private static void writeHeader(ByteArrayOutputStream out, int length, int fix, int code16, int code32) {
        if (length <= 0x0f) {
            out.write(fix + length);
        } else if (length <= 0xffff) {
            out.write(code16);
            writeBytes(out, length, 2);
        } else {
            out.write(code32);
            writeBytes(out, length, 4);
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, long v, int count) {
        for (int i = count - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    // ------------------------------------------------------------------ decoding

    /** Decodes one value from {@code bytes}; trailing bytes are ignored, as the JS unpacker does. */
    public static Decoded decode(byte[] bytes) {
        try {
            return new Value(new Reader(bytes).read(0));
        } catch (Malformed e) {
            return new Rejected(e.getMessage());
        }
    }

    private static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Reader {
        private final byte[] b;
        private int i;

        Reader(byte[] b) {
            this.b = b;
        }

        Object read(int depth) throws Malformed {
            if (depth > MAX_DEPTH) {
                throw new Malformed("nested deeper than " + MAX_DEPTH);
            }
            int type = u8();
            if (type < 0x80) {
                return (long) type;
            }
            if (type >= 0xe0) {
                return (long) (type - 0x100);
            }
            if (type >= 0xa0 && type <= 0xaf) {
                return raw(type - 0xa0);
            }
            if (type >= 0xb0 && type <= 0xbf) {
                return string(type - 0xb0);
            }
            if (type >= 0x90 && type <= 0x9f) {
                return array(type - 0x90, depth);
            }
            if (type <= 0x8f) {
                return map(type - 0x80, depth);
            }
            return switch (type) {
                case 0xc0, 0xc1, 0xd4, 0xd5, 0xd6, 0xd7 -> null;
                case 0xc2 -> Boolean.FALSE;
                case 0xc3 -> Boolean.TRUE;
                case 0xca -> (double) Float.intBitsToFloat((int) uint(4));
                case 0xcb -> Double.longBitsToDouble(uint(8));
                case 0xcc -> uint(1);
                case 0xcd -> uint(2);
                case 0xce -> uint(4);
                case 0xcf -> {
                    long v = uint(8);
                    // JS reads a uint64 into a double; above Long.MAX_VALUE so do we.
                    yield v >= 0 ? (Object) v : (Object) ((double) (v >>> 1) * 2.0 + (v & 1));
                }
                case 0xd0 -> (long) (byte) uint(1);
                case 0xd1 -> (long) (short) uint(2);
                case 0xd2 -> (long) (int) uint(4);
                case 0xd3 -> uint(8);
                case 0xd8 -> string(length(2));
                case 0xd9 -> string(length(4));
                case 0xda -> raw(length(2));
                case 0xdb -> raw(length(4));
                case 0xdc -> array(length(2), depth);
                case 0xdd -> array(length(4), depth);
                case 0xde -> map(length(2), depth);
                case 0xdf -> map(length(4), depth);
                default -> throw new Malformed("unknown type byte 0x" + Integer.toHexString(type));
            };
        }

        private int u8() throws Malformed {
            if (i >= b.length) {
                throw new Malformed("truncated at offset " + i);
            }
            return b[i++] & 0xff;
        }

        private long uint(int count) throws Malformed {
            if (b.length - i < count) {
                throw new Malformed("truncated at offset " + i);
            }
            long v = 0;
            for (int k = 0; k < count; k++) {
                v = (v << 8) | (b[i++] & 0xff);
            }
            return v;
        }

        /** A declared length; it can never exceed the bytes left (each element takes one byte or more). */
        private int length(int width) throws Malformed {
            long n = uint(width);
            if (n > b.length - i) {
                throw new Malformed("declared length " + n + " exceeds the " + (b.length - i) + " bytes left");
            }
            return (int) n;
        }

        private byte[] raw(int n) throws Malformed {
            checkLeft(n);
            byte[] out = new byte[n];
            System.arraycopy(b, i, out, 0, n);
            i += n;
            return out;
        }

        private String string(int n) throws Malformed {
            checkLeft(n);
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b, i, n)).toString();
                i += n;
                return s;
            } catch (CharacterCodingException e) {
                throw new Malformed("string is not valid UTF-8");
            }
        }

        private List<Object> array(int n, int depth) throws Malformed {
            checkLeft(n);
            List<Object> out = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                out.add(read(depth + 1));
            }
            return Collections.unmodifiableList(out);
        }

        private Map<String, Object> map(int n, int depth) throws Malformed {
            checkLeft(n);
            Map<String, Object> out = new LinkedHashMap<>();
            for (int k = 0; k < n; k++) {
                Object key = read(depth + 1);
                if (key instanceof List || key instanceof Map || key instanceof byte[]) {
                    throw new Malformed("map key is not a scalar");
                }
                // JS object keys are strings: a numeric key becomes its decimal text.
                out.put(String.valueOf(key), read(depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }

        private void checkLeft(int n) throws Malformed {
            if (n > b.length - i) {
                throw new Malformed("declared length " + n + " exceeds the " + (b.length - i) + " bytes left");
            }
        }
    }
}
