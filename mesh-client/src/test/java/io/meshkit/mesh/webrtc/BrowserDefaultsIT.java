package io.meshkit.mesh.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.meshkit.mesh.peerjs.PeerJsWire;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import io.meshkit.testkit.MeshClientProcess;
import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.lab.Await;
import java.nio.file.Files;
import java.time.Duration;
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
 * Pages that keep every PeerJS 1.5.5 default connect to Java: to a bare {@link PeerJsPeer}, and to a mesh router
 * (the real client process). A page that keeps every PeerJS 1.5.5 default ({@code peer.connect(id)}: serialization {@code binary}, reliable
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

    @Test
    void shouldCheckInToAJavaRouterEveryTimeWithPeerJsDefaults() throws Exception {
        try (MeshClientProcess router = startRouter("defaults-router")) {
            String routerId = router.await("role", 0, e -> "router".equals(e.path("role").asText()),
                    Duration.ofSeconds(60)).path("routerId").asText();
            String ns = routerId.split("-")[1];
            try (BrowserContext context = browser.newContext()) {
                Page page = browser.open(context);
                List<Map<?, ?>> tries = new ArrayList<>();
                for (int i = 0; i < TRIES; i++) {
                    tries.add((Map<?, ?>) page.evaluate("([r, ns, host, port, name]) => tryRouter(r, ns, host, port, name, 0)",
                            List.of(routerId, ns, browser.rootAddress(), server.port(), "page " + i)));
                }
                long clean = tries.stream().filter(t -> t.get("welcome") != null
                        && ((List<?>) t.get("errors")).isEmpty()).count();
                System.out.printf("browser defaults -> Java router: %d of %d tries checked in without an error%n",
                        clean, TRIES);
                assertThat(tries).allSatisfy(t -> {
                    assertThat(t.get("errors")).as("errors on the page").asList().isEmpty();
                    assertThat(t.get("serialization")).isEqualTo("binary");
                    assertThat(t.get("welcome")).as("a welcome, decoded as an object, listing the page")
                            .isEqualTo(Map.of("type", "welcome", "parts", 1, "listed", true));
                });
            }
        }
    }

    @Test
    void shouldHaveTheRouterCloseALinkThatSendsAMessageOverTheProtocolLimit() throws Exception {
        try (MeshClientProcess router = startRouter("limit-router")) {
            String routerId = router.await("role", 0, e -> "router".equals(e.path("role").asText()),
                    Duration.ofSeconds(60)).path("routerId").asText();
            try (BrowserContext context = browser.newContext()) {
                Page page = browser.open(context);
                // PeerJS chunks the 20 kB BinaryPack message; the router refuses it (over 16,299 bytes) and closes.
                Map<?, ?> t = (Map<?, ?>) page.evaluate("([r, ns, host, port]) => tryRouter(r, ns, host, port, 'big', 20000)",
                        List.of(routerId, routerId.split("-")[1], browser.rootAddress(), server.port()));
                assertThat(t.get("welcome")).isNotNull();
                assertThat(t.get("closed")).as("the router closed the link; try: " + t).isEqualTo(true);
                Await.until(() -> router.process().output().contains("-byte message; the limit is 16299 on a binary link"),
                        Duration.ofSeconds(10), router::tail);
            }
        }
    }

    private MeshClientProcess startRouter(String name) throws java.io.IOException {
        return MeshClientProcess.start(name, List.of("--json", "--name", name,
                "--data-dir", Files.createTempDirectory("meshkit-" + name).toString(),
                "--signaling", "http://127.0.0.1:" + server.port() + "/", "--no-stun"));
    }
}
