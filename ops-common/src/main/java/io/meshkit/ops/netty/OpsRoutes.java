package io.meshkit.ops.netty;

import io.meshkit.ops.PrometheusEndpoint;
import io.meshkit.ops.Readiness;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * The three routes of the ops port: {@code GET /health} (liveness: the process answers),
 * {@code GET /ready} (readiness: no {@link Readiness} condition fails) and {@code GET /metrics}
 * (Prometheus text 0.0.4). {@code HEAD} as {@code GET} without a body; any other method 405, any
 * other path 404, a request the codec could not parse 400.
 */
final class OpsRoutes extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String TEXT = "text/plain; charset=utf-8";

    private final Readiness readiness;
    private final PrometheusEndpoint prometheus;
    private final MetricsRefresh refresh;

    OpsRoutes(Readiness readiness, PrometheusEndpoint prometheus, MetricsRefresh refresh) {
        this.readiness = readiness;
        this.prometheus = prometheus;
        this.refresh = refresh;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = req.decoderResult().isSuccess() && HttpUtil.isKeepAlive(req);
        boolean head = req.method().equals(HttpMethod.HEAD);
        if (isMetrics(req)) {
            CompletionStage<?> current;
            try {
                current = refresh.refresh();
            } catch (RuntimeException e) {
                // e.g. the sampling loop already shut down
                current = java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            // Rendered on this (the ops) thread once the sampled gauges are current.
            current.whenCompleteAsync((ignored, failure) -> respond(ctx, keepAlive, failure == null
                    ? text(head, HttpResponseStatus.OK, PrometheusEndpoint.CONTENT_TYPE, prometheus.scrape())
                    : text(head, HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "metrics unavailable")), ctx.executor());
            return;
        }
        respond(ctx, keepAlive, route(req, head));
    }

    private static boolean isMetrics(FullHttpRequest req) {
        return req.decoderResult().isSuccess() && isGet(req) && path(req).equals("/metrics");
    }

    private FullHttpResponse route(FullHttpRequest req, boolean head) {
        if (!req.decoderResult().isSuccess()) {
            return text(head, HttpResponseStatus.BAD_REQUEST, TEXT, "Bad Request");
        }
        if (!isGet(req)) {
            return text(head, HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "Method Not Allowed");
        }
        return switch (path(req)) {
            case "/health" -> text(head, HttpResponseStatus.OK, TEXT, "ok");
            case "/ready" -> text(head, readiness.isReady() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    TEXT, readiness.describe());
            default -> text(head, HttpResponseStatus.NOT_FOUND, TEXT, "Not Found");
        };
    }

    private static boolean isGet(FullHttpRequest req) {
        return req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD);
    }

    private static String path(FullHttpRequest req) {
        String uri = req.uri();
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private static void respond(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
        HttpUtil.setKeepAlive(res, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse text(boolean head, HttpResponseStatus status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        res.headers().set("Content-Type", type).set("Content-Length", bytes.length);
        return res;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        OutOfMemoryExit.PROCESS.check(cause);
        ctx.close();
    }
}
