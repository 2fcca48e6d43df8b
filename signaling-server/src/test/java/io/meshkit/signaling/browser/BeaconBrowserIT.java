package io.meshkit.signaling.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.meshkit.beacon.Beacon;
import io.meshkit.beacon.BeaconKey;
import io.meshkit.beacon.BeaconSigner;
import io.meshkit.beacon.BeaconVectors;
import io.meshkit.beacon.Period;
import io.meshkit.testkit.Chromium;
import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.PrometheusText;
import io.meshkit.testkit.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The beacon as a browser meets it (docs/PROTOCOL.md §13.3), in Debian's Chromium with the unmodified PeerJS client
 * against our server started as users start it ({@code --beacon-key} in PEM, {@code --beacon-origin},
 * {@code --require-beacon}, {@code --metrics true}). A page from the allowed origin reads {@code X-Mesh-Beacon} with
 * {@code fetch} (GET and POST), a page from another origin of the same host does not, and the server did not even send
 * it there; the allowed page's PeerJS client registers an ID of the beacon's prefix; a beacon two periods old, a forged
 * one and none at all are refused with the PeerJS error; {@code /metrics} counts each refusal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BeaconBrowserIT {
    private static final BeaconSigner ISSUER = BeaconSigner.ofHex(BeaconVectors.A_D);
    private static final int PERIOD = 600;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HttpServer allowedSite;
    private HttpServer otherSite;
    private PeerServers.Running server;
    private Chromium chromium;

    @BeforeAll
    void start() throws IOException {
        byte[] page = resource("/browser/beacon.html");
        byte[] peerjs = Files.readAllBytes(Repo.peerJsClient());
        allowedSite = site(page, peerjs);
        otherSite = site(page, peerjs);
        Path key = Files.createTempFile("meshkit-beacon", ".pem");
        key.toFile().deleteOnExit();
        Files.write(key, resource("/keys/a-sec1.pem"));
        server = PeerServers.start(PeerServers.Kind.MESHKIT, List.of("--beacon-key", key.toString(),
                "--beacon-origin", origin(allowedSite), "--beacon-period", Integer.toString(PERIOD), "--require-beacon",
                "--metrics", "true"));
        chromium = Chromium.launch(List.of());
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
        for (HttpServer s : new HttpServer[] {allowedSite, otherSite}) {
            if (s != null) {
                s.stop(0);
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BeaconBrowserIT.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    /** A site on its own port of 127.0.0.1 (another port: another origin) serving the page and PeerJS. */
    private static HttpServer site(byte[] page, byte[] peerjs) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        s.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                byte[] body = path.equals("/beacon.html") ? page : path.equals("/peerjs.min.js") ? peerjs : null;
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type",
                        path.endsWith(".html") ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        s.start();
        return s;
    }

    private static String origin(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    private Page open(HttpServer site) {
        BrowserContext context = chromium.browser().newContext();
        context.setDefaultTimeout(30_000);
        Page p = context.newPage();
        p.navigate(origin(site) + "/beacon.html");
        return p;
    }

    private String serverUrl(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fetch(Page p, String url, String method) {
        return (Map<String, Object>) p.evaluate("a => fetchBeacon(a[0], a[1])", List.of(url, method));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> connect(Page p, String id, String beacon) {
        Map<String, Object> o = new java.util.HashMap<>(Map.of("id", id, "host", "127.0.0.1", "port", server.port()));
        if (beacon != null) {
            o.put("beacon", beacon);
        }
        return (Map<String, Object>) p.evaluate("o => connect(o)", o);
    }

    /** The beacon is one of this period or (a boundary passed meanwhile) the next, signed by the issuer. */
    private static void assertCurrent(String text, long before) {
        Beacon b = Beacon.parse(text).orElseThrow();
        Period p = Period.at(before, PERIOD);
        assertThat(b.period()).isIn(p, p.next());
        assertThat(ISSUER.publicKey().verify(b.signedBytes(), b.signature())).isTrue();
    }

    @Test
    void shouldHandTheBeaconToTheAllowedOriginOnlyAndGateIdsWithIt() throws Exception {
        long t0 = System.currentTimeMillis();
        Page allowed = open(allowedSite);
        Page other = open(otherSite);

        // 1. fetch: the allowed page reads the header (cross-origin GET, and POST as §13.3.3 advises), also on /ip
        for (String method : List.of("GET", "POST")) {
            Map<String, Object> r = fetch(allowed, serverUrl("/beacon"), method);
            assertThat(r.get("status")).as(method).isEqualTo(204);
            assertCurrent((String) r.get("beacon"), t0);
        }
        assertCurrent((String) fetch(allowed, serverUrl("/ip"), "GET").get("beacon"), t0);
        // ... another origin does not: the request succeeds (CORS lets it read the status), the header is not there
        for (String method : List.of("GET", "POST")) {
            Map<String, Object> r = fetch(other, serverUrl("/beacon"), method);
            assertThat(r.get("status")).as(method).isEqualTo(204);
            assertThat(r.get("beacon")).as(method).isNull();
        }
        // ... and the server never sent it there (not merely hidden by the browser)
        HttpResponse<Void> raw = HTTP.send(HttpRequest.newBuilder(URI.create(serverUrl("/beacon")))
                .header("Origin", origin(otherSite)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(raw.statusCode()).isEqualTo(204);
        assertThat(raw.headers().firstValue("X-Mesh-Beacon")).isEmpty();
        HttpResponse<Void> control = HTTP.send(HttpRequest.newBuilder(URI.create(serverUrl("/beacon")))
                .header("Origin", origin(allowedSite)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(control.headers().firstValue("X-Mesh-Beacon")).isPresent();

        // 2. the gate: an ID of the current beacon's prefix registers
        String beacon = (String) fetch(allowed, serverUrl("/beacon"), "POST").get("beacon");
        String prefix = Beacon.parse(beacon).orElseThrow().prefix();
        assertThat(connect(allowed, prefix + "-" + UUID.randomUUID(), beacon)).containsEntry("open", true);

        // ... a beacon two periods old, a forged one, none: refused with the PeerJS error
        Beacon stale = ISSUER.sign(Period.at(System.currentTimeMillis(), PERIOD).previous().previous());
        assertThat(connect(allowed, stale.prefix() + "-" + UUID.randomUUID(), stale.text()))
                .containsEntry("type", "server-error").containsEntry("message", "Expired beacon");
        String forged = beacon.substring(0, beacon.length() - 1) + (beacon.endsWith("0") ? "1" : "0");
        assertThat(connect(allowed, prefix + "-" + UUID.randomUUID(), forged))
                .containsEntry("type", "server-error").containsEntry("message", "Invalid beacon signature");
        BeaconSigner stranger = BeaconSigner.ofHex(BeaconVectors.B_D);
        Beacon foreign = stranger.sign(Period.at(System.currentTimeMillis(), PERIOD));
        assertThat(connect(allowed, foreign.prefix() + "-" + UUID.randomUUID(), foreign.text()))
                .containsEntry("type", "server-error").containsEntry("message", "Invalid beacon signature");
        assertThat(connect(other, "mesh-" + UUID.randomUUID(), null))
                .containsEntry("type", "server-error").containsEntry("message", "No beacon supplied");
        assertThat(connect(allowed, "mesh-" + UUID.randomUUID(), beacon))
                .containsEntry("type", "server-error").containsEntry("message", "ID does not start with the beacon prefix");

        // 3. counted in /metrics, by reason
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(serverUrl("/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        PrometheusText m = PrometheusText.parse(text);
        assertThat(m.count("meshkit_signaling_rejected_total", "reason", "beacon_expired")).isEqualTo(1);
        assertThat(m.count("meshkit_signaling_rejected_total", "reason", "beacon_forged")).isEqualTo(2);
        assertThat(m.count("meshkit_signaling_rejected_total", "reason", "beacon_absent")).isEqualTo(1);
        assertThat(m.count("meshkit_signaling_rejected_total", "reason", "beacon_prefix")).isEqualTo(1);
        assertThat(m.count("meshkit_signaling_registrations_total", "kind", "new")).isEqualTo(1);

        // 4. the published key is the issuer's
        String keys = HTTP.send(HttpRequest.newBuilder(URI.create(serverUrl("/beacon/key"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(keys).contains(BeaconKey.parseHex(BeaconVectors.A_KEY).orElseThrow().jwk());
        // and it was printed at start, for operators to hand to clients
        assertThat(server.process().output()).contains(BeaconVectors.A_KEY);
    }
}
