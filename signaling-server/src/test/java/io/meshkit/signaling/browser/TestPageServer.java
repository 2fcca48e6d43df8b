package io.meshkit.signaling.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshkit.testkit.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.Map;

/**
 * Serves the browser test page: {@code /index.html} and {@code /harness.js} from the test class
 * path ({@code browser/}), and {@code /peerjs.min.js}, the unmodified PeerJS client from
 * {@code tools/node} (npm {@code peerjs@1.5.5}). It listens on all interfaces so that a browser in
 * a test namespace reaches it through the veth's host address. Anything else is a 404.
 */
final class TestPageServer implements AutoCloseable {
    private final HttpServer server;

    private TestPageServer(HttpServer server) {
        this.server = server;
    }

    static TestPageServer start() {
        try {
            Map<String, byte[]> files = Map.of(
                    "/index.html", resource("index.html"),
                    "/harness.js", resource("harness.js"),
                    "/peerjs.min.js", Files.readAllBytes(Repo.peerJsClient()));
            HttpServer server = HttpServer.create(new InetSocketAddress(0), 16);
            server.createContext("/", exchange -> serve(exchange, files));
            server.start();
            return new TestPageServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's URL as seen from a host that reaches this machine at {@code host}. */
    String pageUrl(String host) {
        return "http://" + host + ":" + server.getAddress().getPort() + "/index.html";
    }

    private static void serve(HttpExchange exchange, Map<String, byte[]> files) throws IOException {
        try (exchange) {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            if (body == null || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().set("Content-Type",
                    path.endsWith(".html") ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TestPageServer.class.getResourceAsStream("/browser/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource browser/" + name);
            }
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
