package io.meshkit.e2e.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves what a browser page of the tests loads, from one origin: the app's files as packaged
 * ({@code /app/…} from {@code io/meshkit/web/app/} on the class path, the vendored PeerJS 1.5.5 client
 * included), the tests' own pages
 * ({@code /pages/…}), and an HTTP IP echo at {@code /ip} that answers every client with the same
 * public address, so that a browser in a network namespace and Java peers in the root namespace
 * compute the same mesh namespace.
 */
final class AppServer implements AutoCloseable {
    /** The address the echo reports: the spec's first test vector (prefix mesh: namespace n41c0c7ed3b598e44). */
    static final String PUBLIC_IP = "203.0.113.10";
    static final String NAMESPACE = "n41c0c7ed3b598e44";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css");

    private final HttpServer http;
    private final String host;

    private AppServer(HttpServer http, String host) {
        this.http = http;
        this.host = host;
    }

    /** Listens on {@code host} (the address pages and Java peers use) on a free port. */
    static AppServer start(String host) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, 0), 32);
            http.createContext("/ip", ex -> respond(ex, 200, "text/plain", PUBLIC_IP.getBytes(StandardCharsets.US_ASCII)));
            http.createContext("/app/", ex -> resource(ex, "io/meshkit/web/app/", "/app/"));
            http.createContext("/pages/", ex -> resource(ex, "io/meshkit/web/pages/", "/pages/"));
            http.start();
            return new AppServer(http, host);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void resource(HttpExchange ex, String root, String prefix) throws IOException {
        String path = ex.getRequestURI().getPath().substring(prefix.length());
        if (path.contains("..") || path.isEmpty()) {
            respond(ex, 404, "text/plain", new byte[0]);
            return;
        }
        try (InputStream in = AppServer.class.getClassLoader().getResourceAsStream(root + path)) {
            if (in == null) {
                respond(ex, 404, "text/plain", new byte[0]);
                return;
            }
            String ext = path.substring(path.lastIndexOf('.') + 1);
            respond(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
        }
    }

    private static void respond(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.getResponseHeaders().add("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    String base() {
        return "http://" + host + ":" + http.getAddress().getPort();
    }

    /** The echo URL (the same for pages and Java peers). */
    String ipEcho() {
        return base() + "/ip";
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
