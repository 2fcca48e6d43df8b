package io.meshkit.signaling.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's files and config as the handler serves them, and what it leaves to the PeerJS routes. */
class AppHandlerTest {
    @TempDir
    static Path dir;
    static AppFiles files;
    static final String JS = "export const x = 1;\n".repeat(100);

    @BeforeAll
    static void app() throws IOException {
        Files.writeString(dir.resolve("index.html"), "<!doctype html><title>app</title>");
        Files.writeString(dir.resolve("sw.js"), "self.x = 1;");
        Files.createDirectories(dir.resolve("js"));
        Files.writeString(dir.resolve("js/main.js"), JS);
        Files.createDirectories(dir.resolve("vendor"));
        Files.writeString(dir.resolve("vendor/peerjs-1.5.5.min.js"), "window.Peer = 1;");
        files = AppFiles.read(dir);
    }

    static EmbeddedChannel channel(AppOptions options) {
        return new EmbeddedChannel(new AppHandler(options, files, "/", "peerjs", null));
    }

    static FullHttpRequest get(String uri, String... headers) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, Unpooled.buffer(0));
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().add(headers[i], headers[i + 1]);
        }
        return r;
    }

    static FullHttpResponse answer(EmbeddedChannel ch, FullHttpRequest req) {
        ch.writeInbound(req);
        FullHttpResponse res = ch.readOutbound();
        assertThat(res).as("answered by the app handler").isNotNull();
        assertThat(req.refCnt()).as("the request is released").isZero();
        return res;
    }

    static String body(FullHttpResponse res) {
        return res.content().toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldServeTheIndexAtTheMountWithItsPolicyAndRevalidation() {
        EmbeddedChannel ch = channel(AppOptions.at("/app/"));
        FullHttpResponse res = answer(ch, get("/app/"));
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(body(res)).isEqualTo("<!doctype html><title>app</title>");
        assertThat(res.headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(res.headers().get("Cache-Control")).isEqualTo("no-cache");
        assertThat(res.headers().get("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe");
        assertThat(res.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(res.headers().get("ETag")).matches("\"[0-9a-f]{32}\"");
        res.release();
        FullHttpResponse again = answer(ch, get("/app/index.html?x=1"));
        assertThat(again.headers().get("ETag")).isEqualTo(res.headers().get("ETag"));
        again.release();
    }

    @Test
    void shouldAnswer304ForAMatchingEntityTag() {
        EmbeddedChannel ch = channel(AppOptions.at("/app/"));
        FullHttpResponse first = answer(ch, get("/app/sw.js"));
        String etag = first.headers().get("ETag");
        first.release();
        FullHttpResponse res = answer(ch, get("/app/sw.js", "If-None-Match", "\"other\", W/" + etag));
        assertThat(res.status().code()).isEqualTo(304);
        assertThat(res.content().readableBytes()).isZero();
        assertThat(res.headers().get("Cache-Control")).isEqualTo("no-cache");
        res.release();
        FullHttpResponse stale = answer(ch, get("/app/sw.js", "If-None-Match", "\"other\""));
        assertThat(stale.status().code()).isEqualTo(200);
        stale.release();
    }

    @Test
    void shouldGzipWhenAcceptedAndNotWhenRefused() throws IOException {
        EmbeddedChannel ch = channel(AppOptions.at("/app/"));
        FullHttpResponse gz = answer(ch, get("/app/js/main.js", "Accept-Encoding", "br, gzip;q=0.8"));
        assertThat(gz.headers().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(gz.headers().get("Vary")).isEqualToIgnoringCase("accept-encoding");
        assertThat(gz.headers().get("ETag")).endsWith("-gz\"");
        assertThat(gz.content().readableBytes()).isLessThan(JS.length());
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(ByteBufUtil.getBytes(gz.content())))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(JS);
        }
        gz.release();
        FullHttpResponse plain = answer(ch, get("/app/js/main.js", "Accept-Encoding", "gzip;q=0"));
        assertThat(plain.headers().get("Content-Encoding")).isNull();
        assertThat(body(plain)).isEqualTo(JS);
        assertThat(plain.headers().get("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        plain.release();
    }

    @Test
    void shouldLetBrowsersKeepVersionedVendorFilesAndRevalidateTheRest() {
        EmbeddedChannel ch = channel(AppOptions.at("/app/"));
        FullHttpResponse vendor = answer(ch, get("/app/vendor/peerjs-1.5.5.min.js"));
        assertThat(vendor.headers().get("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        vendor.release();
        FullHttpResponse js = answer(ch, get("/app/js/main.js"));
        assertThat(js.headers().get("Cache-Control")).isEqualTo("no-cache");
        js.release();
    }

    @Test
    void shouldMakeTheConfigFromTheServersOwnFlags() throws IOException {
        EmbeddedChannel ch = channel(AppOptions.at("/app/"));
        FullHttpResponse res = answer(ch, get("/app/config.json"));
        assertThat(res.headers().get("Content-Type")).startsWith("application/json");
        assertThat(res.headers().get("Cache-Control")).isEqualTo("no-cache");
        Map<String, Object> c = flatten(body(res));
        assertThat(c).containsEntry("version", files.version()).containsEntry("prefix", "mesh")
                .containsEntry("signaling.host", null).containsEntry("signaling.port", null)
                .containsEntry("signaling.secure", null).containsEntry("signaling.path", "/")
                .containsEntry("signaling.key", "peerjs").containsEntry("ipEcho", "/ip")
                .containsEntry("beacon", null);
        res.release();

        AppOptions given = new AppOptions("/", "https://sig.example.org:8443/p", List.of("stun:{host}:3478",
                "stun:stun.example.org:3478"), null, "chat");
        EmbeddedChannel ch2 = new EmbeddedChannel(new AppHandler(given, files, "/ignored/", "k", null));
        FullHttpResponse res2 = answer(ch2, get("/config.json"));
        Map<String, Object> c2 = flatten(body(res2));
        assertThat(c2).containsEntry("prefix", "chat").containsEntry("signaling.host", "sig.example.org")
                .containsEntry("signaling.port", 8443).containsEntry("signaling.secure", true)
                .containsEntry("signaling.path", "/p/").containsEntry("signaling.key", "k")
                .containsEntry("stun.0", "stun:{host}:3478").containsEntry("stun.1", "stun:stun.example.org:3478")
                .containsEntry("ipEcho", "https://sig.example.org:8443/p/ip");
        res2.release();
    }

    @Test
    void shouldTellTheAppWhereToGetTheBeaconAndTheKeysToVerifyItWith() throws IOException {
        String jwkA = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y\","
                + "\"y\":\"eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"b18b86ce1389e46d\"}";
        EmbeddedChannel ch = new EmbeddedChannel(new AppHandler(AppOptions.at("/app/"), files, "/", "peerjs",
                new AppBeacon("/beacon", List.of(jwkA, jwkA.replace("b18b86ce1389e46d", "second")), 20)));
        FullHttpResponse res = answer(ch, get("/app/config.json"));
        Map<String, Object> c = flatten(body(res));
        assertThat(c).containsEntry("beacon.url", "/beacon").containsEntry("beacon.period", 20)
                .containsEntry("beacon.keys.0.kty", "EC").containsEntry("beacon.keys.0.crv", "P-256")
                .containsEntry("beacon.keys.0.x", "YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y")
                .containsEntry("beacon.keys.0.kid", "b18b86ce1389e46d").containsEntry("beacon.keys.1.kid", "second")
                .containsEntry("prefix", "mesh");
        res.release();
    }

    @Test
    void shouldRedirectTheMountWithoutItsSlash() {
        FullHttpResponse res = answer(channel(AppOptions.at("/app/")), get("/app?name=x"));
        assertThat(res.status().code()).isEqualTo(301);
        assertThat(res.headers().get("Location")).isEqualTo("/app/?name=x");
        res.release();
    }

    @Test
    void shouldAnswer404BelowTheMountForAnythingItDoesNotHave() {
        EmbeddedChannel ch = channel(AppOptions.at("/app/"));
        for (String uri : List.of("/app/nothing.js", "/app/../pom.xml", "/app/js/../index.html", "/app/js/", "/app//index.html",
                "/app/%69ndex.html", "/app/config.json/")) {
            FullHttpResponse res = answer(ch, get(uri));
            assertThat(res.status().code()).as(uri).isEqualTo(404);
            res.release();
        }
    }

    @Test
    void shouldPassOnWhatIsNotItsOwn() {
        EmbeddedChannel ch = channel(AppOptions.at("/app/"));
        for (FullHttpRequest req : List.of(get("/peerjs/id"), get("/health"), get("/ip"), get("/"),
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/app/index.html", Unpooled.buffer(0)))) {
            ch.writeInbound(req);
            FullHttpRequest passed = ch.readInbound();
            assertThat(passed).as(req.uri()).isSameAs(req);
            assertThat((Object) ch.readOutbound()).isNull();
            passed.release();
        }
        // At the root, files it does not have fall through to the PeerJS routes ({path}{key}/id, {path}ip).
        EmbeddedChannel root = channel(AppOptions.at("/"));
        FullHttpRequest id = get("/peerjs/id");
        root.writeInbound(id);
        assertThat((Object) root.readInbound()).isSameAs(id);
        id.release();
        FullHttpResponse index = answer(root, get("/"));
        assertThat(body(index)).contains("<title>app</title>");
        index.release();
    }

    @Test
    void shouldStepAsideForAWebSocketUpgrade() {
        EmbeddedChannel ch = channel(AppOptions.at("/"));
        FullHttpRequest up = get("/peerjs?id=a&token=b&key=peerjs", "Upgrade", "websocket", "Connection", "Upgrade");
        ch.writeInbound(up);
        assertThat((Object) ch.readInbound()).isSameAs(up);
        assertThat(ch.pipeline().get(AppHandler.class)).as("removed for the WebSocket's frames").isNull();
        up.release();
        // An h2c upgrade is ignored: the file is served over HTTP/1.1.
        FullHttpResponse res = answer(channel(AppOptions.at("/")), get("/index.html", "Upgrade", "h2c",
                "Connection", "Upgrade, HTTP2-Settings"));
        assertThat(res.status().code()).isEqualTo(200);
        res.release();
    }

    @Test
    void shouldAnswerHeadWithHeadersOnly() {
        FullHttpRequest head = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/app/js/main.js",
                Unpooled.buffer(0));
        FullHttpResponse res = answer(channel(AppOptions.at("/app/")), head);
        assertThat(res.status().code()).isEqualTo(200);
        assertThat(res.content().readableBytes()).isZero();
        assertThat(res.headers().getInt("Content-Length")).isEqualTo(JS.length());
        res.release();
    }

    @Test
    void acceptsGzipAndMatchesFollowTheRfcs() {
        assertThat(AppHandler.acceptsGzip(get("/", "Accept-Encoding", "GZIP").headers())).isTrue();
        assertThat(AppHandler.acceptsGzip(get("/", "Accept-Encoding", "deflate, gzip;q=0.000").headers())).isFalse();
        assertThat(AppHandler.acceptsGzip(get("/", "Accept-Encoding", "x-gzip").headers())).isFalse();
        assertThat(AppHandler.acceptsGzip(get("/").headers())).isFalse();
        assertThat(AppHandler.matches("*", "\"a\"")).isTrue();
        assertThat(AppHandler.matches("\"b\", \"a\"", "\"a\"")).isTrue();
        assertThat(AppHandler.matches("\"ab\"", "\"a\"")).isFalse();
    }

    /** A JSON object as dotted keys (arrays by index). */
    static Map<String, Object> flatten(String json) throws IOException {
        Map<String, Object> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            walk(p, p.nextToken(), "", out);
        }
        return out;
    }

    private static void walk(JsonParser p, JsonToken t, String path, Map<String, Object> out) throws IOException {
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                walk(p, p.nextToken(), path.isEmpty() ? name : path + "." + name, out);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                walk(p, n, path + "." + i++, out);
            }
        } else {
            out.put(path, switch (t) {
                case VALUE_NULL -> null;
                case VALUE_TRUE -> true;
                case VALUE_FALSE -> false;
                case VALUE_NUMBER_INT -> p.getIntValue();
                default -> p.getText();
            });
        }
    }
}
