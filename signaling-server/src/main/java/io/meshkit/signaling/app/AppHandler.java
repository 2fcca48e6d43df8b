package io.meshkit.signaling.app;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Serves the browser app from memory ({@link AppFiles}) and its generated {@code config.json}, in the signaling
 * server's HTTP pipeline just before the PeerJS routes. It answers only {@code GET} and {@code HEAD} for paths below
 * its mount; everything else (the WebSocket upgrade, the REST routes, {@code /health}) passes on untouched. Placed
 * after the HTTP guards, so a request here is bounded like any other.
 *
 * <p>Headers: a strong {@code ETag} per file (a matching {@code If-None-Match} gets 304), gzip when the client
 * accepts it, {@code Cache-Control} from {@link AppFile#cacheControl()} ({@code no-cache} for the generated config),
 * and on pages a Content-Security-Policy that allows scripts, styles and workers from this origin only.
 */
@ChannelHandler.Sharable
public final class AppHandler extends ChannelInboundHandlerAdapter {
    /**
     * Scripts, styles, the service worker and the manifest from this origin only; no inline script. Connections
     * anywhere over HTTP(S) and WebSocket: the signaling server and the IP echo may live elsewhere
     * ({@code --app_signaling}). WebRTC itself is outside CSP.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self' http: https: ws: wss:; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final String CONFIG = "config.json";

    private final AppOptions options;
    private final AppFiles files;
    private final AppFile config;

    /**
     * @param signalingPath the server's {@code --path}
     * @param key           the server's {@code --key}
     * @param beacon        the beacon the app follows, or {@code null}: the fixed prefix
     */
    public AppHandler(AppOptions options, AppFiles files, String signalingPath, String key, AppBeacon beacon) {
        this.options = options;
        this.files = files;
        byte[] json = AppConfig.json(options, signalingPath, key, files.version(), beacon);
        String etag = "\"" + files.version() + "-" + Integer.toHexString(java.util.Arrays.hashCode(json)) + "\"";
        this.config = new AppFile(CONFIG, json, null, AppFiles.type(CONFIG), etag, AppFile.REVALIDATE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !req.decoderResult().isSuccess()) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            // A WebSocket from here on: nothing more for us on this connection. (Other upgrades, such as
            // h2c, are ignored as RFC 9110 §7.8 allows: the file is served over HTTP/1.1.)
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
            return;
        }
        FullHttpResponse res = respond(req);
        if (res == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        ReferenceCountUtil.release(req);
        if (keepAlive) {
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The response to {@code req}, or {@code null} when it is not ours. */
    FullHttpResponse respond(FullHttpRequest req) {
        boolean head = req.method().equals(HttpMethod.HEAD);
        if (!head && !req.method().equals(HttpMethod.GET)) {
            return null;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String mount = options.mount();
        if (!options.atRoot() && path.equals(mount.substring(0, mount.length() - 1))) {
            // /app → /app/: the page's relative URLs (js/…, sw.js) resolve against the directory.
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.MOVED_PERMANENTLY,
                    Unpooled.EMPTY_BUFFER);
            r.headers().set(HttpHeaderNames.LOCATION, mount + (q < 0 ? "" : uri.substring(q)))
                    .set(HttpHeaderNames.CONTENT_LENGTH, 0);
            return r;
        }
        if (!path.startsWith(mount)) {
            return null;
        }
        String rel = path.substring(mount.length());
        if (rel.isEmpty()) {
            rel = "index.html";
        }
        Optional<AppFile> file = rel.equals(CONFIG) ? Optional.of(config) : files.get(rel);
        if (file.isEmpty()) {
            // At the root, the PeerJS routes ({path}{key}/id, {path}ip …) live beside the app's files.
            return options.atRoot() ? null : notFound(head);
        }
        return serve(req, file.get(), head);
    }

    private static FullHttpResponse serve(FullHttpRequest req, AppFile f, boolean head) {
        boolean gzip = f.gzip() != null && acceptsGzip(req.headers());
        String etag = gzip ? f.etag().substring(0, f.etag().length() - 1) + "-gz\"" : f.etag();
        String inm = req.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        boolean fresh = inm != null && matches(inm, etag);
        byte[] body = gzip ? f.gzip() : f.body();
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                fresh ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                fresh || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders h = res.headers();
        h.set(HttpHeaderNames.ETAG, etag);
        h.set(HttpHeaderNames.CACHE_CONTROL, f.cacheControl());
        if (f.gzip() != null) {
            h.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        if (!fresh) {
            h.set(HttpHeaderNames.CONTENT_TYPE, f.contentType());
            h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (gzip) {
                h.set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
            }
        }
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        if (f.html()) {
            h.set("Content-Security-Policy", CSP);
        }
        return res;
    }

    private static FullHttpResponse notFound(boolean head) {
        byte[] body = "Not Found\n".getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set("X-Content-Type-Options", "nosniff");
        return res;
    }

    /** {@code Accept-Encoding} names gzip with a non-zero quality (RFC 9110 §12.5.3). */
    static boolean acceptsGzip(HttpHeaders headers) {
        for (String value : headers.getAll(HttpHeaderNames.ACCEPT_ENCODING)) {
            for (String part : value.split(",")) {
                String[] p = part.trim().split(";");
                if (!p[0].trim().equalsIgnoreCase("gzip")) {
                    continue;
                }
                boolean zero = false;
                for (int i = 1; i < p.length; i++) {
                    String param = p[i].trim();
                    if (param.startsWith("q=") || param.startsWith("Q=")) {
                        zero = param.substring(2).trim().matches("0(\\.0{0,3})?");
                    }
                }
                return !zero;
            }
        }
        return false;
    }

    /** {@code If-None-Match}: {@code *} or a list of tags, compared weakly (RFC 9110 §13.1.2). */
    static boolean matches(String ifNoneMatch, String etag) {
        String v = ifNoneMatch.trim();
        if (v.equals("*")) {
            return true;
        }
        for (String tag : v.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
