package io.meshkit.bench.relay;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The relay payloads of {@code bench/payloads/} (shared with the Node generator, so both send the
 * same bytes): a mix is a list of message templates a client sends in turn; a template is a client
 * message with {@code __DST__} (the partner's ID) and {@code __T__} (the send time) to fill in.
 */
final class Payloads {
    private Payloads() {}

    /** One message template, split around its two placeholders once, so a send only copies bytes. */
    record Template(String name, byte[] beforeT, byte[] betweenTAndDst, byte[] afterDst) {
        /** Writes the message for {@code dst} (ASCII) sent at {@code t}. */
        void write(ByteBuf buf, byte[] dst, long t) {
            buf.writeBytes(beforeT);
            writeDecimal(buf, t);
            buf.writeBytes(betweenTAndDst).writeBytes(dst).writeBytes(afterDst);
        }

        int maxLength(int dstLength) {
            return beforeT.length + 20 + betweenTAndDst.length + dstLength + afterDst.length;
        }

        static Template parse(String name, String text) {
            int t = text.indexOf("__T__");
            int d = text.indexOf("__DST__");
            if (t < 0 || d < t) {
                throw new IllegalArgumentException(name + ": needs __T__ and then __DST__");
            }
            return new Template(name, ascii(text.substring(0, t)), ascii(text.substring(t + 5, d)),
                    ascii(text.substring(d + 7)));
        }
    }

    /** The templates of mix {@code name} in {@code dir/mixes.txt}, in the order a client sends them. */
    static List<Template> mix(Path dir, String name) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("mixes.txt"), StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || !l.startsWith(name + ":")) {
                continue;
            }
            List<Template> out = new ArrayList<>();
            for (String file : l.substring(name.length() + 1).strip().split("\\s+")) {
                String text = Files.readString(dir.resolve(file + ".json"), StandardCharsets.UTF_8).strip();
                out.add(Template.parse(file, text));
            }
            return out;
        }
        throw new IllegalArgumentException("no mix '" + name + "' in " + dir.resolve("mixes.txt"));
    }

    /** Appends {@code v} (non-negative) in decimal. */
    static void writeDecimal(ByteBuf buf, long v) {
        if (v == 0) {
            buf.writeByte('0');
            return;
        }
        int start = buf.writerIndex();
        long x = v;
        int digits = 0;
        while (x > 0) {
            digits++;
            x /= 10;
        }
        buf.writerIndex(start + digits);
        for (int i = start + digits - 1; i >= start; i--) {
            buf.setByte(i, (int) ('0' + v % 10));
            v /= 10;
        }
    }

    /** The decimal number right after the first {@code "t":} in the frame, or -1. */
    static long readT(ByteBuf frame) {
        int end = frame.writerIndex();
        for (int i = frame.readerIndex(); i + 4 < end; i++) {
            if (frame.getByte(i) == '"' && frame.getByte(i + 1) == 't' && frame.getByte(i + 2) == '"'
                    && frame.getByte(i + 3) == ':') {
                long v = 0;
                int j = i + 4;
                for (; j < end; j++) {
                    byte b = frame.getByte(j);
                    if (b < '0' || b > '9') {
                        break;
                    }
                    v = v * 10 + (b - '0');
                }
                return j == i + 4 ? -1 : v;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
