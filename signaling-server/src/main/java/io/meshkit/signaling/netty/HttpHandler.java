package io.meshkit.signaling.netty;

import io.meshkit.ops.netty.OutOfMemoryExit;
import io.meshkit.signaling.core.Outbound;
import io.meshkit.signaling.core.Outbox;
import io.meshkit.signaling.wire.PeerJsEncoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Every HTTP request: the reference's REST API (Express router mounted at {@code --path}), our
 * {@code {path}ip} and {@code /health}, and the WebSocket upgrade at {@code {path}peerjs} with the
 * checks and refusals of npm {@code ws@8} ({@code WebSocketServer.handleUpgrade}).
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Pattern WS_KEY = Pattern.compile("^[+/0-9A-Za-z]{22}==$");
    // app.json of the reference, served by GET {path}.
    private static final String INFO = "{\"name\":\"PeerJS Server\",\"description\":\"A server side element to broker "
            + "connections between PeerJS clients.\",\"website\":\"https://peerjs.com/\"}";
    private static final Pattern ID_ROUTE = Pattern.compile("^/[^/]+/id/?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern PEERS_ROUTE = Pattern.compile("^/[^/]+/peers/?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern IP_ROUTE = Pattern.compile("^/ip/?$", Pattern.CASE_INSENSITIVE);
    private static final String PROMETHEUS_TEXT_004 = io.meshkit.ops.PrometheusEndpoint.CONTENT_TYPE;

    private final SignalingContext context;

    HttpHandler(SignalingContext context) {
        super(true);
        this.context = context;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            respond(ctx, req, ExpressResponses.plain(null, HttpResponseStatus.BAD_REQUEST, "Bad Request"), true);
            return;
        }
        if (isUpgrade(req)) {
            upgrade(ctx, req);
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String pathname = q < 0 ? uri : uri.substring(0, q);
        FullHttpResponse res = route(ctx, req, pathname);
        if (context.beacon() != null) {
            // The beacon goes on every answer to an allowed origin (docs/PROTOCOL.md §13.3.3).
            context.beacon().decorate(req.headers(), res.headers(), System.currentTimeMillis());
        }
        if (context.metrics() != null) {
            context.metrics().httpRequest(routeName(pathname), res.status().code());
        }
        respond(ctx, req, res, false);
    }

    private FullHttpResponse route(ChannelHandlerContext ctx, FullHttpRequest req, String pathname) {
        boolean get = req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD);
        // Ours, for load balancers (docs/OPERATIONS.md), and /metrics with --metrics true (the ops
        // port serves all three off the public port). Outside the mount path and single-segment, so
        // they never shadow the reference's {path}{key}/id routes.
        if (get && pathname.equals("/health")) {
            return ExpressResponses.plain(req, HttpResponseStatus.OK, "ok");
        }
        if (get && pathname.equals("/ready")) {
            boolean ready = context.readiness().isReady();
            return ExpressResponses.plain(req, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                    context.readiness().describe());
        }
        if (get && pathname.equals("/metrics") && context.prometheus() != null) {
            // Sampled here, on the realm's own event loop: the realm is never read from another thread.
            context.sampleMetrics();
            return ExpressResponses.send(req, HttpResponseStatus.OK, PROMETHEUS_TEXT_004,
                    context.prometheus().scrape(), h -> {});
        }
        if (context.beacon() != null) {
            // Ours, like /health: outside the mount path, and never the reference's {path}{key}/id or /peers.
            FullHttpResponse beacon = context.beacon().route(req, pathname, context.cors());
            if (beacon != null) {
                return beacon;
            }
        }
        String mount = context.mount();
        String lower = pathname.toLowerCase(java.util.Locale.ROOT);
        boolean inMount = mount.isEmpty()
                || lower.equals(mount.toLowerCase(java.util.Locale.ROOT))
                || lower.startsWith(mount.toLowerCase(java.util.Locale.ROOT) + "/");
        if (!inMount) {
            return ExpressResponses.notFound(req, pathname, h -> {});
        }
        Cors cors = context.cors();
        if (req.method().equals(HttpMethod.OPTIONS)) {
            return ExpressResponses.preflight(req, cors);
        }
        java.util.function.Consumer<io.netty.handler.codec.http.HttpHeaders> corsHeaders =
                h -> cors.addSimple(req.headers(), h);
        String rel = pathname.substring(mount.length());
        if (get) {
            if (rel.isEmpty() || rel.equals("/")) {
                return ExpressResponses.send(req, HttpResponseStatus.OK, ExpressResponses.JSON, INFO, corsHeaders);
            }
            if (ID_ROUTE.matcher(rel).matches()) {
                // Any key is accepted here, as in the reference (api/v1/public).
                String id = context.onRealm(() -> context.realm().generateId(() -> UUID.randomUUID().toString()));
                return ExpressResponses.send(req, HttpResponseStatus.OK, ExpressResponses.HTML, id, corsHeaders);
            }
            if (PEERS_ROUTE.matcher(rel).matches()) {
                if (!context.options().allowDiscovery()) {
                    return ExpressResponses.send(req, HttpResponseStatus.UNAUTHORIZED, ExpressResponses.TEXT,
                            "Unauthorized", corsHeaders);
                }
                return ExpressResponses.send(req, HttpResponseStatus.OK, ExpressResponses.JSON,
                        jsonArray(context.onRealm(() -> context.realm().ids())), corsHeaders);
            }
            if (IP_ROUTE.matcher(rel).matches()) {
                // Ours: the caller's address, so a deployment needs no third-party IP echo.
                return ExpressResponses.send(req, HttpResponseStatus.OK, ExpressResponses.TEXT,
                        clientAddress(ctx, req), corsHeaders);
            }
        }
        return ExpressResponses.notFound(req, pathname, corsHeaders);
    }

    /** A fixed, small set of route labels for the request counter (never the raw path). */
    private String routeName(String pathname) {
        switch (pathname) {
            case "/health":
                return "health";
            case "/ready":
                return "ready";
            case "/metrics":
                return "metrics";
            case "/beacon":
                return context.beacon() == null ? "other" : "beacon";
            case "/beacon/key":
                return context.beacon() == null ? "other" : "beacon_key";
            default:
                break;
        }
        String mount = context.mount();
        if (!pathname.regionMatches(true, 0, mount, 0, mount.length())) {
            return "other";
        }
        String rel = pathname.substring(mount.length());
        if (rel.isEmpty() || rel.equals("/")) {
            return "info";
        }
        if (ID_ROUTE.matcher(rel).matches()) {
            return "id";
        }
        if (PEERS_ROUTE.matcher(rel).matches()) {
            return "peers";
        }
        if (IP_ROUTE.matcher(rel).matches()) {
            return "ip";
        }
        return "other";
    }

    private String clientAddress(ChannelHandlerContext ctx, FullHttpRequest req) {
        // With --proxied: the right-most X-Forwarded-For hop not written by a trusted proxy (TrustedProxies).
        return context.sources().clientText(ctx.channel(), req.headers());
    }

    private static String jsonArray(List<String> ids) {
        StringBuilder sb = new StringBuilder(2 + ids.size() * 40).append('[');
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            PeerJsEncoder.appendString(sb, ids.get(i));
        }
        return sb.append(']').toString();
    }

    private static boolean isUpgrade(FullHttpRequest req) {
        // Node's http server emits 'upgrade' for Connection: upgrade with an Upgrade header.
        return req.headers().contains(HttpHeaderNames.UPGRADE)
                && req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req) {
        String key = req.headers().get("Sec-WebSocket-Key");
        String upgrade = req.headers().get(HttpHeaderNames.UPGRADE);
        String version = req.headers().get("Sec-WebSocket-Version");
        if (!req.method().equals(HttpMethod.GET)) {
            abort(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "Invalid HTTP method", null);
            return;
        }
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            abort(ctx, HttpResponseStatus.BAD_REQUEST, "Invalid Upgrade header", null);
            return;
        }
        if (key == null || !WS_KEY.matcher(key).matches()) {
            abort(ctx, HttpResponseStatus.BAD_REQUEST, "Missing or invalid Sec-WebSocket-Key header", null);
            return;
        }
        String v = version == null ? "" : version.trim();
        if (!v.equals("13") && !v.equals("8")) {
            abort(ctx, HttpResponseStatus.BAD_REQUEST, "Missing or invalid Sec-WebSocket-Version header", "13, 8");
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String pathname = q < 0 ? uri : uri.substring(0, q);
        if (!pathname.equals(context.webSocketPath())) {
            abort(ctx, HttpResponseStatus.BAD_REQUEST, "Bad Request", null);
            return;
        }
        int maxFrame = context.options().limits().maxFrameBytes();
        WebSocketDecoderConfig decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxFrame)
                .allowExtensions(false)
                // We send the close ourselves and let the peer read it before TCP ends (WebSocketConnection).
                .closeOnProtocolViolation(false)
                .withUTF8Validator(true)
                .build();
        String scheme = context.options().sslKey() != null ? "wss" : "ws";
        WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(
                scheme + "://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + context.webSocketPath(),
                null, decoderConfig);
        WebSocketServerHandshaker handshaker = factory.newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        Map<String, String> params = QueryParams.parse(uri);
        String source = context.sources().sourceOf(ctx.channel(), req.headers());
        boolean admitted = context.sources().admitUpgrade(ctx.channel(), req.headers());
        WebSocketConnection conn = new WebSocketConnection(context, ctx.channel(), source);
        // UTF-8 of text messages is checked by WebSocketConnection (1007 on failure), as ws does, in
        // the same pass as the JSON scan.
        if (context.metrics() != null) {
            // Sees every frame written towards the socket; counts only Close frames, by code.
            ctx.pipeline().addLast("ws-close-meter", new CloseFrameMeter(context.metrics()));
        }
        // The read deadline: a socket that sends nothing at all for alive_timeout is closed (one that
        // holds an ID is released by the realm's HEARTBEAT check within the same time).
        ctx.pipeline().addLast("ws-read-deadline", new IdleStateHandler(
                context.options().realm().aliveTimeoutMillis(), 0, 0, TimeUnit.MILLISECONDS));
        ctx.pipeline().addLast("ws-fragments", new FragmentGuard(context.fragments(),
                context.options().limits().fragmentTimeoutMillis(), (c, status, why) -> conn.closeFor(status, why)));
        ctx.pipeline().addLast("ws-aggregator", new WebSocketFrameAggregator(maxFrame));
        ctx.pipeline().addLast("ws-connection", conn);
        ctx.pipeline().remove(this);
        if (ctx.pipeline().get("http-idle") != null) {
            ctx.pipeline().remove("http-idle");
        }
        if (ctx.pipeline().get("http-guard") != null) {
            // Reading resumes: from here on the WebSocket handlers bound what the peer can send.
            ctx.pipeline().remove("http-guard");
        }
        handshaker.handshake(ctx.channel(), req).addListener(f -> {
            if (f.isSuccess()) {
                if (context.metrics() != null) {
                    context.metrics().connectionOpened();
                    ctx.channel().closeFuture().addListener(c -> context.metrics().connectionClosed());
                }
                if (!admitted) {
                    // Behind a trusted proxy, over --max_connections_per_ip: refused like the reference's
                    // other refusals (ERROR, then close), so a PeerJS client reports the reason.
                    conn.writeLocally(new Outbound.Error(Outbound.ErrorText.SOURCE_CONNECTION_LIMIT));
                    conn.closeLocally(Outbox.CloseKind.PLAIN);
                    conn.local.flush();
                    return;
                }
                BeaconHttp.Refusal refusal = context.beacon() == null ? null
                        : context.beacon().refusal(params.get("id"), params.get("beacon"), System.currentTimeMillis());
                if (refusal != null) {
                    // --require-beacon: refused before the realm (or the cluster's directory) sees the ID, like an
                    // invalid key (docs/PROTOCOL.md §13.3.4).
                    context.listener().rejected(refusal.reason(), source);
                    conn.writeLocally(new Outbound.Error(refusal.text()));
                    conn.closeLocally(Outbox.CloseKind.PLAIN);
                    conn.local.flush();
                    return;
                }
                conn.open(params.get("id"), params.get("token"), params.get("key"));
            } else {
                ctx.channel().close();
            }
        });
    }

    /** ws' {@code abortHandshake}: a bare response, then the connection ends. */
    private static void abort(ChannelHandlerContext ctx, HttpResponseStatus status, String message, String versions) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().add("Connection", "close").add("Content-Type", "text/html").add("Content-Length", body.length);
        if (versions != null) {
            res.headers().add("Sec-WebSocket-Version", versions);
        }
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res, boolean close) {
        boolean keepAlive = !close && req != null && HttpUtil.isKeepAlive(req);
        if (keepAlive) {
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Out of (direct) memory anywhere below in the pipeline ends the process (docs/OPERATIONS.md).
        OutOfMemoryExit.PROCESS.check(cause);
        if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            ctx.writeAndFlush(ExpressResponses.plain(null, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "Payload Too Large")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.close();
    }
}
