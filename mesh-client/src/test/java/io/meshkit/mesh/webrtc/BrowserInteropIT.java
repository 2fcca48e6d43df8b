package io.meshkit.mesh.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import io.meshkit.testkit.PeerServers;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An unmodified PeerJS 1.5.5 browser peer (Debian's Chromium, in a network namespace with a veth to
 * the root namespace) and a JVM {@link PeerJsPeer} (in the test JVM, root namespace) exchange
 * messages in both directions, with {@code json} and {@code binary} serialization, each side
 * opening the connection once, through the reference peerjs-server and through ours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserInteropIT {
    private InteropBrowser browser;
    private ScheduledExecutorService timer;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void setUp() {
        browser = InteropBrowser.start();
        timer = Executors.newScheduledThreadPool(1);
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The JVM side: records what arrives and echoes it back as {@code {echo: value}}. */
    static final class JavaSide implements PeerJsPeer.Listener {
        final CompletableFuture<Void> open = new CompletableFuture<>();
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final BlockingQueue<DataConnection> incoming = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(PeerJsPeer peer) {
            open.complete(null);
        }

        @Override
        public void onConnection(PeerJsPeer peer, DataConnection c) {
            incoming.add(c);
            c.listener(new DataConnection.Listener() {
                @Override
                public void onData(DataConnection c, Object value) {
                    received.add(value);
                    c.send(Map.of("echo", value));
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(PeerServers.Kind.class)
    void shouldCarryJsonAndBinaryBothWaysBetweenBrowserAndJava(PeerServers.Kind kind) throws Exception {
        try (PeerServers.Running server = PeerServers.start(kind, List.of())) {
            JavaSide java = new JavaSide();
            String javaId = "java-" + kind.name().toLowerCase();
            String browserId = "browser-" + kind.name().toLowerCase();
            SignalingEndpoint endpoint = SignalingEndpoint.parse("http://127.0.0.1:" + server.port() + "/", "peerjs");
            try (PeerJsPeer peer = new PeerJsPeer(http, timer, endpoint, javaId, List.of(),
                    SignalingClient.Settings.DEFAULTS, java);
                 com.microsoft.playwright.BrowserContext context = browser.newContext()) {
                java.open.get(10, TimeUnit.SECONDS);
                Page page = browser.open(context);
                page.evaluate("([id, host, port]) => startPeer(id, host, port)",
                        List.of(browserId, browser.rootAddress(), server.port()));

                // 1. browser opens a json connection to Java; both directions.
                page.evaluate("id => connectTo(id, 'json')", javaId);
                page.evaluate("() => window.conn.send({hello: 'browser', n: 7})");
                Object got = java.received.poll(10, TimeUnit.SECONDS);
                assertThat(got).isEqualTo(Map.of("hello", "browser", "n", 7));
                assertThat(java.incoming.poll(1, TimeUnit.SECONDS).serialization()).isEqualTo(Serialization.JSON);
                awaitReceived(page, 1);
                assertThat(page.evaluate("() => JSON.stringify(window.received[0].data)"))
                        .isEqualTo("{\"echo\":{\"hello\":\"browser\",\"n\":7}}");

                // 2. browser opens a binary connection; a 50 kB message is chunked both ways.
                page.evaluate("id => connectTo(id, 'binary')", javaId);
                page.evaluate("() => window.sendBig(50000)");
                Object big = java.received.poll(10, TimeUnit.SECONDS);
                assertThat(big).isInstanceOf(Map.class);
                byte[] bytes = (byte[]) ((Map<?, ?>) big).get("big");
                assertThat(bytes).hasSize(50000);
                assertThat(bytes[251] & 0xff).isEqualTo(0);
                assertThat(bytes[250] & 0xff).isEqualTo(250);
                awaitReceived(page, 2);
                assertThat(page.evaluate("() => { const s = JSON.stringify(window.received[1].data); return s.length > 200 ? s.substring(0, 200) : s; }"))
                        .isEqualTo("{\"echo\":{\"big\":{\"bytes\":50000,\"sum\":" + sum(bytes) + "}}}");

                // 3. Java opens connections to the browser, json then binary.
                int seen = 2;
                for (Serialization s : List.of(Serialization.JSON, Serialization.BINARY)) {
                    CompletableFuture<Void> opened = new CompletableFuture<>();
                    BlockingQueue<Object> echoes = new LinkedBlockingQueue<>();
                    DataConnection out = peer.connect(browserId, s, true, Map.of("from", "java"));
                    out.listener(new DataConnection.Listener() {
                        @Override
                        public void onOpen(DataConnection c) {
                            opened.complete(null);
                        }

                        @Override
                        public void onData(DataConnection c, Object value) {
                            echoes.add(value);
                        }
                    });
                    opened.get(15, TimeUnit.SECONDS);
                    // Ordered keys: Map.of iterates in a per-JVM random order, and the browser sees keys as sent.
                    Map<String, Object> message = new java.util.LinkedHashMap<>();
                    message.put("hello", "java");
                    message.put("list", List.of(1, 2.5, "three"));
                    assertThat(out.send(message)).isTrue();
                    awaitReceived(page, ++seen);
                    assertThat(page.evaluate("i => JSON.stringify(window.received[i])", seen - 1))
                            .isEqualTo("{\"from\":\"" + javaId + "\",\"serialization\":\"" + s.wire()
                                    + "\",\"data\":{\"hello\":\"java\",\"list\":[1,2.5,\"three\"]}}");
                    Object echo = echoes.poll(10, TimeUnit.SECONDS);
                    assertThat(echo).as("echo from the browser").isInstanceOf(Map.class);
                    Map<?, ?> inner = (Map<?, ?>) ((Map<?, ?>) echo).get("echo");
                    assertThat(inner.get("hello")).isEqualTo("java");
                    List<?> list = (List<?>) inner.get("list");
                    assertThat(((Number) list.get(0)).longValue()).isEqualTo(1L);
                    assertThat(((Number) list.get(1)).doubleValue()).isEqualTo(2.5);
                    assertThat(list.get(2)).isEqualTo("three");
                }
            }
        }
    }

    private static void awaitReceived(Page page, int count) {
        page.waitForFunction("n => window.received.length >= n", count,
                new Page.WaitForFunctionOptions().setTimeout(10_000));
    }

    private static int sum(byte[] bytes) {
        int s = 0;
        for (byte b : bytes) {
            s = (s + (b & 0xff)) % 65536;
        }
        return s;
    }
}
