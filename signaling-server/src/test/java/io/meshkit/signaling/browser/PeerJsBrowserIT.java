package io.meshkit.signaling.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.meshkit.testkit.Chromium;
import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.PeerServers.Kind;
import io.meshkit.testkit.lab.Await;
import io.meshkit.testkit.lab.SingleHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unmodified PeerJS browser client (npm {@code peerjs@1.5.5}) in Debian's Chromium against a
 * signaling server: the reference ({@code peer@1.0.2}) and ours run the same scenarios, so this
 * class is also the parity record of what a browser user meets.
 *
 * <p>Chromium runs in a network namespace joined to the root namespace by a veth ({@link SingleHost}),
 * because WebRTC between two pages needs a non-loopback interface (docs/ENVIRONMENT.md). Pages load from
 * {@link TestPageServer} and reach the servers, which listen on all interfaces, through the veth's
 * root-namespace address. One
 * browser and one server of each kind serve the whole class; each test gets a fresh browser
 * context and its own peer IDs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerJsBrowserIT {
    /**
     * Both servers run with {@code --expire_timeout 1000}: an offer to an unknown ID is answered
     * with {@code EXPIRE} (client error {@code peer-unavailable}) after that long, instead of the
     * default 5 s (peerjs-server's message queue sweep).
     */
    private static final List<String> SERVER_FLAGS = List.of("--expire_timeout", "1000", "--allow_discovery");

    /*
     * Deadlines only bound a failure (each wait returns as soon as its condition holds); they are
     * generous because CI shares two cores with other builds, where a step took up to 10x its idle time.
     */
    private static final double START_MS = 20_000;
    private static final double CONNECT_MS = 30_000;
    private static final double DATA_MS = 20_000;

    /**
     * How long a closed tab's ID may stay taken: far above the few hundred ms both servers need,
     * far below the 60 s {@code alive_timeout} a server that ignored the close would need.
     */
    private static final long CLAIM_DEADLINE_NANOS = 15_000_000_000L;

    private static final AtomicInteger IDS = new AtomicInteger();

    @RegisterExtension
    final FailureDiagnostics diagnostics = new FailureDiagnostics();

    private SingleHost host;
    private TestPageServer pageServer;
    private Chromium chromium;
    private final Map<Kind, PeerServers.Running> servers = new EnumMap<>(Kind.class);

    private BrowserContext context;
    private final List<String> console = Collections.synchronizedList(new ArrayList<>());

    /** A console line that is an error or warning ("error", "warning", or an uncaught "pageerror"). */
    private static final Pattern COMPLAINT = Pattern.compile("^\\S+ (error|warning|pageerror): .*", Pattern.DOTALL);

    /** Every scenario runs against both: the reference documents what ours must match. */
    private static final String DEFAULT_SERVERS = "REFERENCE,MESHKIT";

    /** The servers to run against: {@code -Dmeshkit.browser.servers} (comma-separated {@link Kind} names) or the default. */
    static Stream<Kind> servers() {
        String only = System.getProperty("meshkit.browser.servers", DEFAULT_SERVERS);
        return Arrays.stream(only.split(",")).map(String::trim).map(Kind::valueOf);
    }

    @BeforeAll
    void startBrowserInNamespace() {
        host = SingleHost.create(); // root only: skips outside CI, fails on CI
        pageServer = TestPageServer.start();
        // Plain IP host candidates instead of mDNS ".local" names: nothing in the namespace answers mDNS.
        chromium = host.chromium(List.of("--disable-features=WebRtcHideLocalIpsWithMdns"));
    }

    @AfterAll
    void stopEverything() {
        servers.values().forEach(PeerServers.Running::close);
        if (pageServer != null) {
            pageServer.close();
        }
        if (host != null) {
            host.close(); // closes the browser it launched, then removes the namespace and veth
        }
    }

    @BeforeEach
    void newContext() {
        console.clear();
        Browser browser = chromium.browser();
        context = browser.newContext();
        context.setDefaultTimeout(30_000);
        diagnostics.section("page console", () -> String.join("\n", console));
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void shouldExchangeJsonObjectsBothWays(Kind kind) {
        PeerServers.Running server = server(kind);
        Page a = openPage("a", server);
        Page b = openPage("b", server);
        String idA = startPeer(a, server, newId("a"));
        String idB = startPeer(b, server, newId("b"));

        long t0 = System.nanoTime();
        assertThat(connect(b, idA, "json")).containsEntry("open", true);
        a.evaluate("([id, ms]) => mk.awaitIncoming(id, ms)", List.of(idB, CONNECT_MS));
        long openedMs = (System.nanoTime() - t0) / 1_000_000;

        List<String> fromB = List.of(
                "object {\"text\":\"hello from b\",\"n\":42,\"nested\":{\"list\":[1,2.5,\"x\"],\"flag\":true,\"none\":null}}",
                "object {\"second\":\"message\"}");
        List<String> fromA = List.of("object {\"reply\":\"hi b\",\"unicode\":\"h\u00e9llo \u2713\"}");
        send(b, idA, fromB);
        send(a, idB, fromA);

        assertThat(awaitReceived(a, fromB.size())).containsExactlyElementsOf(fromB);
        assertThat(awaitReceived(b, fromA.size())).containsExactlyElementsOf(fromA);
        assertNoUnexpectedComplaints();
        System.out.printf("[%s] json DataConnection open in %d ms%n", kind, openedMs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void shouldExchangeBinaryPayloadsBothWays(Kind kind) {
        PeerServers.Running server = server(kind);
        Page a = openPage("a", server);
        Page b = openPage("b", server);
        String idA = startPeer(a, server, newId("a"));
        String idB = startPeer(b, server, newId("b"));

        assertThat(connect(b, idA, "binary")).containsEntry("open", true);
        a.evaluate("([id, ms]) => mk.awaitIncoming(id, ms)", List.of(idB, CONNECT_MS));

        send(b, idA, List.of("ArrayBuffer 00 01 7f 80 fe ff", "string h\u00e9llo \u2713", "object {\"k\":[1,\"two\"]}"));
        send(a, idB, List.of("Uint8Array de ad be ef 00", "string back"));

        // BinaryPack hands any binary payload to the receiver as an ArrayBuffer, a Uint8Array included.
        assertThat(awaitReceived(a, 3)).containsExactly(
                "ArrayBuffer 00 01 7f 80 fe ff", "string h\u00e9llo \u2713", "object {\"k\":[1,\"two\"]}");
        assertThat(awaitReceived(b, 2)).containsExactly("ArrayBuffer de ad be ef 00", "string back");
        assertNoUnexpectedComplaints();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void shouldRefuseTakenIdWithUnavailableId(Kind kind) {
        PeerServers.Running server = server(kind);
        Page holder = openPage("holder", server);
        Page claimant = openPage("claimant", server);
        String id = startPeer(holder, server, newId("taken"));

        Map<String, Object> result = start(claimant, server, id);

        assertThat(result).isEqualTo(Map.of("error", "unavailable-id"));
        // The holder keeps its registration: the server closed only the claimant's socket.
        assertThat(status(holder)).containsEntry("open", true).containsEntry("id", id);
        assertNoUnexpectedComplaints("Aborting!", "Error: ID \"" + id + "\" is taken");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void shouldReportPeerUnavailableForUnknownId(Kind kind) {
        PeerServers.Running server = server(kind);
        Page a = openPage("a", server);
        startPeer(a, server, newId("a"));

        String nobody = newId("nobody");
        long t0 = System.nanoTime();
        Map<String, Object> result = connect(a, nobody, "json");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(result).isEqualTo(Map.of("error", "peer-unavailable"));
        assertNoUnexpectedComplaints("Error: Could not connect to peer " + nobody);
        System.out.printf("[%s] peer-unavailable after %d ms (expire_timeout 1000)%n", kind, ms);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void shouldKeepIdAcrossDisconnectAndReconnect(Kind kind) {
        PeerServers.Running server = server(kind);
        Page a = openPage("a", server);
        Page b = openPage("b", server);
        String idA = startPeer(a, server, newId("a"));

        a.evaluate("ms => mk.disconnect(ms)", START_MS);
        assertThat(status(a)).containsEntry("disconnected", true);
        // Both servers (ours for parity) re-attach a socket that arrives with the ID and token of a registration they
        // still hold and send it no OPEN (only a new registration gets one), so a PeerJS reconnect that overtakes
        // the old socket's close never opens: seen with the reference on a loaded machine. Reconnect once the server
        // has let go of the ID, as a PeerJS user's reconnect after a real outage does.
        awaitReleased(server, idA);
        assertThat(a.evaluate("ms => mk.reconnect(ms)", START_MS)).isEqualTo(Map.of("id", idA));

        // Still reachable under that ID: a new peer connects to it and data flows.
        String idB = startPeer(b, server, newId("b"));
        assertThat(connect(b, idA, "json")).containsEntry("open", true);
        a.evaluate("([id, ms]) => mk.awaitIncoming(id, ms)", List.of(idB, CONNECT_MS));
        send(b, idA, List.of("object {\"after\":\"reconnect\"}"));
        assertThat(awaitReceived(a, 1)).containsExactly("object {\"after\":\"reconnect\"}");
        assertNoUnexpectedComplaints();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void shouldAssignIdWhenClientAsksForOne(Kind kind) {
        PeerServers.Running server = server(kind);
        Page a = openPage("a", server);
        Page b = openPage("b", server);
        // No ID: the client fetches one with GET /peerjs/id (cross-origin, so CORS must allow it).
        Map<String, Object> started = start(a, server, null);
        assertThat(started).containsKey("id");
        String idA = (String) started.get("id");
        assertThat(idA).isNotBlank();

        startPeer(b, server, newId("b"));
        assertThat(connect(b, idA, "json")).containsEntry("open", true);
        send(b, idA, List.of("string to an assigned id"));
        assertThat(awaitReceived(a, 1)).containsExactly("string to an assigned id");
        assertNoUnexpectedComplaints();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void shouldFreeIdWhenHolderTabCloses(Kind kind) {
        PeerServers.Running server = server(kind);
        Page holder = openPage("holder", server);
        Page claimant = openPage("claimant", server);
        String id = startPeer(holder, server, newId("router"));

        // A closed tab's socket closes, and peerjs-server frees the ID on close (not after
        // alive_timeout): that is what lets the mesh re-elect a router quickly. The close reaches
        // the server asynchronously, so the claimant retries, as the app does, within a deadline.
        long t0 = System.nanoTime();
        holder.close();
        long deadline = t0 + CLAIM_DEADLINE_NANOS;
        int attempts = 0;
        Map<String, Object> result;
        do {
            attempts++;
            result = start(claimant, server, id);
        } while (!result.containsKey("id") && System.nanoTime() < deadline && attempts < 200);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(result).as("claim after %d attempts, %d ms", attempts, ms).isEqualTo(Map.of("id", id));
        assertNoUnexpectedComplaints("Aborting!", "Error: ID \"" + id + "\" is taken");
        System.out.printf("[%s] ID claimable %d ms after its tab closed (%d attempts)%n", kind, ms, attempts);
    }

    // ---- helpers ----

    /**
     * PeerJS logs (debug level 2) what it dislikes in a server's answers, e.g. an unrecognised
     * message type, a malformed message or a socket error; with the reference server the scenarios
     * log nothing but their expected errors, so anything else is a difference worth failing on.
     */
    private void assertNoUnexpectedComplaints(String... expected) {
        List<String> unexpected;
        synchronized (console) {
            unexpected = console.stream()
                    .filter(line -> COMPLAINT.matcher(line).matches())
                    .filter(line -> Arrays.stream(expected).noneMatch(line::contains))
                    .toList();
        }
        assertThat(unexpected).as("console errors and warnings this scenario does not expect").isEmpty();
    }

    private synchronized PeerServers.Running server(Kind kind) {
        PeerServers.Running running = servers.get(kind);
        if (running == null || !running.process().isAlive()) {
            running = PeerServers.start(kind, SERVER_FLAGS);
            servers.put(kind, running);
        }
        PeerServers.Running chosen = running;
        diagnostics.section(kind + " server output (" + chosen.process().logFile() + ")",
                () -> chosen.process().output());
        return chosen;
    }

    /** Polls {@code GET /peerjs/peers} (the servers run with {@code --allow_discovery}) until {@code id} is gone. */
    private static void awaitReleased(PeerServers.Running server, String id) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest peers = HttpRequest.newBuilder(URI.create(server.httpBase("127.0.0.1") + "/peerjs/peers"))
                .timeout(Duration.ofSeconds(2)).build();
        String[] last = {""};
        Await.until(() -> {
            try {
                last[0] = http.send(peers, HttpResponse.BodyHandlers.ofString()).body();
                return !last[0].contains("\"" + id + "\"");
            } catch (java.io.IOException e) {
                last[0] = e.toString();
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(10), () -> "still listed by " + server.kind() + ": " + last[0]);
    }

    private Page openPage(String label, PeerServers.Running server) {
        Page page = context.newPage();
        page.onConsoleMessage(m -> console.add(label + " " + m.type() + ": " + m.text()));
        page.onPageError(e -> console.add(label + " pageerror: " + e));
        page.navigate(pageServer.pageUrl(host.rootAddress()));
        diagnostics.section("page " + label + " events", () -> String.valueOf(page.evaluate("() => JSON.stringify(mk.events)")));
        return page;
    }

    private static String newId(String role) {
        // The client accepts [A-Za-z0-9]+ joined by single '-', '_' or ' '.
        return "mkb-" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet() + "-" + role;
    }

    private String startPeer(Page page, PeerServers.Running server, String id) {
        Map<String, Object> result = start(page, server, id);
        assertThat(result).as("peer %s on %s", id, server.kind()).isEqualTo(Map.of("id", id));
        return id;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> start(Page page, PeerServers.Running server, String id) {
        return (Map<String, Object>) page.evaluate("([host, port, id, ms]) => mk.start({host, port}, id, ms)",
                Arrays.asList(host.rootAddress(), server.port(), id, START_MS));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> connect(Page page, String remoteId, String serialization) {
        return (Map<String, Object>) page.evaluate("([id, ser, ms]) => mk.connect(id, ser, ms)",
                List.of(remoteId, serialization, CONNECT_MS));
    }

    private static void send(Page page, String remoteId, List<String> payloads) {
        page.evaluate("([id, specs]) => mk.send(id, specs)", List.of(remoteId, payloads));
    }

    @SuppressWarnings("unchecked")
    private static List<String> awaitReceived(Page page, int count) {
        return (List<String>) page.evaluate("([n, ms]) => mk.awaitReceived(n, ms)", List.of(count, DATA_MS));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(Page page) {
        return (Map<String, Object>) page.evaluate("() => mk.status()");
    }
}
