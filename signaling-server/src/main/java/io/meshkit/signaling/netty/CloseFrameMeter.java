package io.meshkit.signaling.netty;

import io.meshkit.signaling.metrics.SignalingMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

/**
 * Counts the WebSocket Close frames the server sends, by close code (1009 = message too big, 1002
 * = protocol error, 1012 = restart, 1000 = normal …). It sits in front of the connection handler,
 * so every outbound frame passes it; all it costs a relayed message is one type check.
 */
final class CloseFrameMeter extends ChannelOutboundHandlerAdapter {
    private final SignalingMetrics metrics;

    CloseFrameMeter(SignalingMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof CloseWebSocketFrame close) {
            metrics.closeSent(close.statusCode());
        }
        ctx.write(msg, promise);
    }
}
