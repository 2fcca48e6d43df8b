package io.meshkit.signaling.netty;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Responses shaped like Express 4's, which serves the reference's REST API: the same status lines,
 * headers in the same order ({@code X-Powered-By}, CORS, content headers, weak {@code ETag}, {@code Date},
 * keep-alive), the same 404 page from {@code finalhandler}, and 304 for a matching {@code If-None-Match}.
 */
final class ExpressResponses {
    private ExpressResponses() {}

    static final String JSON = "application/json; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    /** {@code res.send(body)} with the given content type; {@code cors} adds CORS headers (or does nothing). */
    static FullHttpResponse send(FullHttpRequest req, HttpResponseStatus status, String contentType, String body,
                                 Consumer<HttpHeaders> cors) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String etag = etag(bytes);
        String inm = req.headers().get("If-None-Match");
        boolean fresh = status.code() >= 200 && status.code() < 300 && inm != null && matches(inm, etag)
                && (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD));
        boolean head = req.method().equals(HttpMethod.HEAD);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                fresh ? HttpResponseStatus.NOT_MODIFIED : status,
                fresh || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        HttpHeaders h = res.headers();
        h.add("X-Powered-By", "Express");
        cors.accept(h);
        if (!fresh) {
            h.add("Content-Type", contentType);
            h.add("Content-Length", bytes.length);
        }
        h.add("ETag", etag);
        finish(req, h);
        return res;
    }

    /** {@code finalhandler}'s 404 "Cannot METHOD /path". */
    static FullHttpResponse notFound(FullHttpRequest req, String pathname, Consumer<HttpHeaders> cors) {
        String body = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n"
                + "</head>\n<body>\n<pre>Cannot " + escapeHtml(req.method().name()) + " " + escapeHtml(pathname)
                + "</pre>\n</body>\n</html>\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = req.method().equals(HttpMethod.HEAD);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        HttpHeaders h = res.headers();
        h.add("X-Powered-By", "Express");
        cors.accept(h);
        h.add("Content-Security-Policy", "default-src 'none'");
        h.add("X-Content-Type-Options", "nosniff");
        h.add("Content-Type", HTML);
        h.add("Content-Length", bytes.length);
        finish(req, h);
        return res;
    }

    /** cors' preflight answer: 204 with {@code Content-Length: 0}. */
    static FullHttpResponse preflight(FullHttpRequest req, Cors cors) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT,
                Unpooled.EMPTY_BUFFER);
        HttpHeaders h = res.headers();
        h.add("X-Powered-By", "Express");
        cors.addPreflight(req.headers(), h);
        h.add("Content-Length", 0);
        finish(req, h);
        return res;
    }

    /** An empty response of ours ({@code /beacon}): no body, no Express decoration. */
    static FullHttpResponse empty(FullHttpRequest req, HttpResponseStatus status) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        if (status.code() != 204) {
            res.headers().add("Content-Length", 0);
        }
        finish(req, res.headers());
        return res;
    }

    /** A plain response of ours (health, errors): no Express decoration. */
    static FullHttpResponse plain(FullHttpRequest req, HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                req != null && req.method().equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        res.headers().add("Content-Type", TEXT).add("Content-Length", bytes.length);
        if (req != null) {
            finish(req, res.headers());
        } else {
            res.headers().add("Connection", "close");
        }
        return res;
    }

    private static void finish(FullHttpRequest req, HttpHeaders h) {
        h.add("Date", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        if (HttpUtil.isKeepAlive(req)) {
            h.add("Connection", "keep-alive");
            h.add("Keep-Alive", "timeout=5");
        } else {
            h.add("Connection", "close");
        }
    }

    /** npm {@code etag}, weak: {@code W/"<length hex>-<base64(sha1) first 27 chars>"}. */
    static String etag(byte[] body) {
        if (body.length == 0) {
            return "W/\"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk\"";
        }
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(body);
            String b64 = Base64.getEncoder().encodeToString(sha1).substring(0, 27);
            return "W/\"" + Integer.toHexString(body.length) + "-" + b64 + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JRE", e);
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch.trim().equals("*")) {
            return true;
        }
        String strong = etag.substring(2);
        for (String t : ifNoneMatch.split(",")) {
            String v = t.trim();
            if (v.equals(etag) || v.equals(strong) || (v.startsWith("W/") && v.substring(2).equals(strong))) {
                return true;
            }
        }
        return false;
    }

    /** npm {@code escape-html}. */
    static String escapeHtml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("&quot;");
                case '&' -> sb.append("&amp;");
                case '\'' -> sb.append("&#39;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
