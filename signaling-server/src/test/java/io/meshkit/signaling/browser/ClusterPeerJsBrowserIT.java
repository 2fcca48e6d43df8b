package io.meshkit.signaling.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.meshkit.signaling.cluster.ClusterWs;
import io.meshkit.testkit.Chromium;
import io.meshkit.testkit.Ci;
import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.lab.SingleHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * The PeerJS browser scenarios of {@link PeerJsBrowserIT} with the two pages on different signaling
 * nodes of one cluster (two CLI processes with {@code --redis}, Redis from Testcontainers on podman):
 * a DataConnection opens and carries data, a taken ID is refused across nodes, an unknown ID gives
 * {@code peer-unavailable}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterPeerJsBrowserIT {
    private static final double START_MS = 20_000;
    private static final double CONNECT_MS = 30_000;
    private static final double DATA_MS = 20_000;

    @RegisterExtension
    final FailureDiagnostics diagnostics = new FailureDiagnostics();

    private GenericContainer<?> redis;
    private SingleHost host;
    private TestPageServer pageServer;
    private Chromium chromium;
    private PeerServers.Running one;
    private PeerServers.Running two;
    private BrowserContext context;
    private final List<String> console = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void start() throws Exception {
        Ci.require(Files.exists(Path.of("/run/meshkit-podman.sock")),
                "podman's Docker API on unix:///run/meshkit-podman.sock (run as root: bash .ci/setup-podman.sh)");
        host = SingleHost.create(); // root only: skips outside CI, fails on CI
        redis = new GenericContainer<>(DockerImageName.parse("localhost/meshkit-redis:7"))
                .withImagePullPolicy(PullPolicy.defaultPolicy())
                .withExposedPorts(6379)
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1))
                .withStartupTimeout(Duration.ofSeconds(60));
        redis.start();
        String url = "redis://127.0.0.1:" + redis.getMappedPort(6379);
        one = PeerServers.start(PeerServers.Kind.MESHKIT, List.of("--expire_timeout", "1000", "--redis", url, "--node_id", "browser-one"));
        two = PeerServers.start(PeerServers.Kind.MESHKIT, List.of("--expire_timeout", "1000", "--redis", url, "--node_id", "browser-two"));
        diagnostics.section("node one output", () -> one.process().output());
        diagnostics.section("node two output", () -> two.process().output());
        awaitAccepting(one.port());
        awaitAccepting(two.port());
        pageServer = TestPageServer.start();
        chromium = host.chromium(List.of("--disable-features=WebRtcHideLocalIpsWithMdns"));
    }

    /** A node answers TCP before it has reached Redis; until then it refuses new clients. */
    private static void awaitAccepting(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (ClusterWs ws = ClusterWs.connect(port, "probe-" + port, "probe")) {
                last = ws.next();
                if (last.equals("{\"type\":\"OPEN\"}")) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("node on port " + port + " never accepted a client: " + last);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {one, two, pageServer}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (host != null) {
            host.close();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @BeforeEach
    void newContext() {
        console.clear();
        context = chromium.browser().newContext();
        context.setDefaultTimeout(30_000);
        diagnostics.section("page console", () -> String.join("\n", console));
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void shouldOpenADataConnectionBetweenPagesOnDifferentNodes() {
        Page a = openPage("a");
        Page b = openPage("b");
        String idA = "mkc-" + ProcessHandle.current().pid() + "-a";
        String idB = "mkc-" + ProcessHandle.current().pid() + "-b";
        assertThat(start(a, one, idA)).isEqualTo(Map.of("id", idA));
        assertThat(start(b, two, idB)).isEqualTo(Map.of("id", idB));

        long t0 = System.nanoTime();
        assertThat(page(b, "([id, ser, ms]) => mk.connect(id, ser, ms)", List.of(idA, "json", CONNECT_MS)))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("open", true);
        a.evaluate("([id, ms]) => mk.awaitIncoming(id, ms)", List.of(idB, CONNECT_MS));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        b.evaluate("([id, specs]) => mk.send(id, specs)", List.of(idA, List.of("object {\"across\":\"nodes\"}")));
        a.evaluate("([id, specs]) => mk.send(id, specs)", List.of(idB, List.of("string back")));
        assertThat(page(a, "([n, ms]) => mk.awaitReceived(n, ms)", List.of(1, DATA_MS)))
                .isEqualTo(List.of("object {\"across\":\"nodes\"}"));
        assertThat(page(b, "([n, ms]) => mk.awaitReceived(n, ms)", List.of(1, DATA_MS))).isEqualTo(List.of("string back"));
        System.out.printf("figures: DataConnection between pages on two nodes open in %d ms%n", ms);
    }

    @Test
    void shouldRefuseAnIdTakenOnTheOtherNode() {
        Page holder = openPage("holder");
        Page claimant = openPage("claimant");
        String id = "mkc-" + ProcessHandle.current().pid() + "-taken";
        assertThat(start(holder, one, id)).isEqualTo(Map.of("id", id));
        assertThat(start(claimant, two, id)).isEqualTo(Map.of("error", "unavailable-id"));
    }

    @Test
    void shouldReportPeerUnavailableForAnIdNoNodeHolds() {
        Page a = openPage("a");
        String idA = "mkc-" + ProcessHandle.current().pid() + "-lonely";
        assertThat(start(a, two, idA)).isEqualTo(Map.of("id", idA));
        assertThat(page(a, "([id, ser, ms]) => mk.connect(id, ser, ms)", List.of("mkc-nobody", "json", CONNECT_MS)))
                .isEqualTo(Map.of("error", "peer-unavailable"));
    }

    private Page openPage(String label) {
        Page page = context.newPage();
        page.onConsoleMessage(m -> console.add(label + " " + m.type() + ": " + m.text()));
        page.onPageError(e -> console.add(label + " pageerror: " + e));
        page.navigate(pageServer.pageUrl(host.rootAddress()));
        return page;
    }

    private Object start(Page page, PeerServers.Running server, String id) {
        return page.evaluate("([host, port, id, ms]) => mk.start({host, port}, id, ms)",
                Arrays.asList(host.rootAddress(), server.port(), id, START_MS));
    }

    private static Object page(Page page, String js, Object arg) {
        return page.evaluate(js, arg);
    }
}
