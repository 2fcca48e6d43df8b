package io.meshkit.signaling.netty;

import io.meshkit.signaling.core.Outbound;
import io.meshkit.signaling.wire.PeerJsEncoder;
import io.meshkit.signaling.wire.RawJson;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Server-to-client text messages written straight into one pooled buffer, WebSocket frame header
 * included: the relay path builds no intermediate {@code byte[]}/{@code String} and the frame
 * encoder does not copy the body again (it passes a {@link ByteBuf} through untouched). The bytes
 * are exactly those of {@link PeerJsEncoder} inside an unmasked, unfragmented text frame
 * (RFC 6455 section 5.2; a server never masks).
 */
final class TextFrames {
    private TextFrames() {}

    private static final byte[] TYPE = ascii("{\"type\":\"");
    private static final byte[] SRC = ascii("\",\"src\":");
    private static final byte[] DST = ascii(",\"dst\":");
    private static final byte[] PAYLOAD = ascii(",\"payload\":");

    /** One complete frame for {@code message}. */
    static ByteBuf encode(ByteBufAllocator alloc, Outbound message) {
        if (message instanceof Outbound.Relay r) {
            return relay(alloc, r);
        } else if (message instanceof Outbound.Open) {
            return text(alloc, PeerJsEncoder.open());
        } else if (message instanceof Outbound.IdTaken) {
            return text(alloc, PeerJsEncoder.idTaken());
        } else if (message instanceof Outbound.Error e) {
            return text(alloc, PeerJsEncoder.error(e.text().text()));
        }
        throw new IllegalArgumentException("unknown outbound message " + message.getClass());
    }

    /** {@code {"type":T,"src":S[,"dst":D][,"payload":P]}}, the key order of {@code JSON.stringify} in the reference. */
    static ByteBuf relay(ByteBufAllocator alloc, Outbound.Relay r) {
        String type = r.type().wire();
        byte[] src = plain(r.src()) ? null : quoted(r.src());
        int srcLen = src == null ? r.src().length() + 2 : src.length;
        byte[] dst = null;
        int dstLen = 0;
        if (r.dst() != null) {
            dst = plain(r.dst()) ? null : quoted(r.dst());
            dstLen = DST.length + (dst == null ? r.dst().length() + 2 : dst.length);
        }
        RawJson payload = r.payload();
        int payloadLen = payload == null ? 0 : PAYLOAD.length + payload.length();
        int body = TYPE.length + type.length() + SRC.length + srcLen + dstLen + payloadLen + 1;
        ByteBuf buf = alloc.ioBuffer(headerLength(body) + body);
        writeHeader(buf, body);
        buf.writeBytes(TYPE).writeCharSequence(type, StandardCharsets.US_ASCII);
        buf.writeBytes(SRC);
        writeString(buf, r.src(), src);
        if (r.dst() != null) {
            buf.writeBytes(DST);
            writeString(buf, r.dst(), dst);
        }
        if (payload != null) {
            buf.writeBytes(PAYLOAD).writeBytes(payload.bytes());
        }
        buf.writeByte('}');
        return buf;
    }

    /** A text frame around an already encoded message. */
    static ByteBuf text(ByteBufAllocator alloc, byte[] body) {
        ByteBuf buf = alloc.ioBuffer(headerLength(body.length) + body.length);
        writeHeader(buf, body.length);
        return buf.writeBytes(body);
    }

    private static int headerLength(int len) {
        return len < 126 ? 2 : len <= 0xFFFF ? 4 : 10;
    }

    /** FIN + opcode 1 (text), then the 7-bit, 16-bit or 64-bit payload length (RFC 6455 section 5.2). */
    private static void writeHeader(ByteBuf buf, int len) {
        buf.writeByte(0x81);
        if (len < 126) {
            buf.writeByte(len);
        } else if (len <= 0xFFFF) {
            buf.writeByte(126).writeShort(len);
        } else {
            buf.writeByte(127).writeLong(len);
        }
    }

    private static void writeString(ByteBuf buf, String s, byte[] quoted) {
        if (quoted != null) {
            buf.writeBytes(quoted);
        } else {
            buf.writeByte('"').writeCharSequence(s, StandardCharsets.US_ASCII);
            buf.writeByte('"');
        }
    }

    /** Printable ASCII without {@code "} or {@code \}: what {@code JSON.stringify} writes unchanged (every PeerJS ID). */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static byte[] quoted(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        PeerJsEncoder.appendString(sb, s);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
