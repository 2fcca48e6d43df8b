package io.meshkit.signaling.netty;

import io.meshkit.signaling.core.RealmListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our HTTP + WebSocket pipeline in {@link EmbeddedChannel}s sharing one context (one realm), driven
 * with raw bytes: requests and masked client frames in, server bytes out and decoded back to frames.
 */
final class EmbeddedServer {
    final AtomicLong clock = new AtomicLong(0);
    final SignalingContext context;

    EmbeddedServer(ServerOptions options) {
        this.context = new SignalingContext(options, clock::get, RealmListener.NONE);
    }

    /** With the beacon's routes, headers and gate, reporting to {@code listener}. */
    EmbeddedServer(ServerOptions options, RealmListener listener, io.meshkit.signaling.beacon.BeaconService beacon) {
        this.context = new SignalingContext(options, clock::get, listener, new io.meshkit.ops.Readiness(), null, null,
                null, beacon);
    }

    EmbeddedChannel channel() {
        ServerOptions.Limits l = context.options().limits();
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestDecoder(), new NodeStyleResponseEncoder(),
                new HttpObjectAggregator(l.maxHttpRequestBytes()), new HttpHandler(context));
        // As the server's bootstrap sets it: the outbound bound is the high water mark.
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(l.maxOutboundBytes() / 2, l.maxOutboundBytes()));
        return ch;
    }

    static String http(EmbeddedChannel ch, String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
        return readAll(ch);
    }

    static String readAll(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return sb.toString();
    }

    /** Upgrades {@code ch} at {@code target}; returns the HTTP response text. */
    static String upgrade(EmbeddedChannel ch, String target) {
        ch.writeInbound(Unpooled.copiedBuffer("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", StandardCharsets.UTF_8));
        // Only the HTTP response: frames written after it stay queued for frames().
        StringBuilder sb = new StringBuilder();
        Object o;
        while (!sb.toString().contains("\r\n\r\n") && (o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        if (!sb.toString().startsWith("HTTP/1.1 101")) {
            sb.append(readAll(ch));
        }
        return sb.toString();
    }

    /** Sends a client frame (masked, as a browser does). */
    static void sendFrame(EmbeddedChannel ch, WebSocketFrame frame) {
        EmbeddedChannel enc = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        enc.writeOutbound(frame);
        Object o;
        while ((o = enc.readOutbound()) != null) {
            if (ch.isOpen()) {
                ch.writeInbound(o);
            } else {
                io.netty.util.ReferenceCountUtil.release(o);
            }
        }
        enc.finishAndReleaseAll();
    }

    static void sendText(EmbeddedChannel ch, String text) {
        sendFrame(ch, new TextWebSocketFrame(text));
    }

    /** The server's frames written since the last call, as {@code msg ...} / {@code close CODE} strings. */
    static List<String> frames(EmbeddedChannel ch) {
        EmbeddedChannel dec = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
        Object o;
        while ((o = ch.readOutbound()) != null) {
            dec.writeInbound(o);
        }
        List<String> out = new ArrayList<>();
        Object f;
        while ((f = dec.readInbound()) != null) {
            if (f instanceof TextWebSocketFrame t) {
                out.add("msg " + t.text());
            } else if (f instanceof CloseWebSocketFrame c) {
                out.add("close " + c.statusCode());
            } else {
                out.add(f.getClass().getSimpleName());
            }
            ((WebSocketFrame) f).release();
        }
        dec.finishAndReleaseAll();
        return out;
    }
}
