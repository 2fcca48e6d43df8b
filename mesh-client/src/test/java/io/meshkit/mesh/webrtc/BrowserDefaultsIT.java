package io.meshkit.mesh.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.meshkit.mesh.peerjs.PeerJsWire;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import io.meshkit.testkit.PeerServers;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A page that keeps every PeerJS 1.5.5 default ({@code peer.connect(id)}: serialization {@code binary}, reliable
 * false) connects to a JVM {@link PeerJsPeer} again and again, each time as a fresh {@code Peer}, sends one message
 * and waits for the reply, which the JVM sends the way the mesh runtime does ({@link DataConnection#sendJsonText}).
 * Every try must open, reply with an object, and raise no error on the page's {@code Peer} or connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserDefaultsIT {
    private static final int TRIES = 20;
    private InteropBrowser browser;
    private PeerServers.Running server;
    private ScheduledExecutorService timer;

    @BeforeAll
    void setUp() {
        browser = InteropBrowser.start();
        server = PeerServers.start(PeerServers.Kind.MESHKIT, List.of());
        timer = Executors.newScheduledThreadPool(1);
    }

    @AfterAll
    void tearDown() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    /** Replies to every value with {@code {"echo": value}}, encoded as JSON text first, as the mesh runtime sends. */
    private static final class JsonTextEcho implements PeerJsPeer.Listener {
        final CompletableFuture<Void> open = new CompletableFuture<>();

        @Override
        public void onOpen(PeerJsPeer peer) {
            open.complete(null);
        }

        @Override
        public void onConnection(PeerJsPeer peer, DataConnection c) {
            c.listener(new DataConnection.Listener() {
                @Override
                public void onData(DataConnection c, Object value) {
                    try {
                        c.sendJsonText(PeerJsWire.JSON.writeValueAsString(Map.of("echo", value)));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        }
    }

    @Test
    void shouldOpenAndReplyInBinaryEveryTimeForAPageWithPeerJsDefaults() throws Exception {
        JsonTextEcho java = new JsonTextEcho();
        SignalingEndpoint endpoint = SignalingEndpoint.parse("http://127.0.0.1:" + server.port() + "/", "peerjs");
        try (PeerJsPeer peer = new PeerJsPeer(HttpClient.newHttpClient(), timer, endpoint, "java-defaults", List.of(),
                SignalingClient.Settings.DEFAULTS, java);
             BrowserContext context = browser.newContext()) {
            java.open.get(10, TimeUnit.SECONDS);
            Page page = browser.open(context);
            List<Map<?, ?>> tries = new ArrayList<>();
            for (int i = 0; i < TRIES; i++) {
                tries.add((Map<?, ?>) page.evaluate("([id, host, port]) => tryDefaults(id, host, port)",
                        List.of("java-defaults", browser.rootAddress(), server.port())));
            }
            long clean = tries.stream().filter(t -> Boolean.TRUE.equals(t.get("opened"))
                    && ((List<?>) t.get("errors")).isEmpty()).count();
            System.out.printf("browser defaults -> Java peer: %d of %d tries opened without an error%n", clean, TRIES);
            assertThat(tries).allSatisfy(t -> {
                assertThat(t.get("errors")).as("errors on the page").asList().isEmpty();
                assertThat(t.get("opened")).isEqualTo(true);
                assertThat(t.get("serialization")).isEqualTo("binary");
                assertThat(t.get("reliable")).isEqualTo(false);
                assertThat(t.get("reply")).isEqualTo(Map.of("echo", Map.of("hello", "defaults")));
            });
        }
    }
}
