package io.meshkit.e2e.web;

import io.meshkit.testkit.PeerServers;
import io.meshkit.e2e.web.MeshBrowser.MeshPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the conformance tests share: our signaling server (a child process), Chromium with the app's
 * pages, and Java clients started as child processes; everything started is stopped after the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceBase {
    /** JVMs (with libwebrtc) start slowly on a busy 2-core machine; convergence itself takes seconds. */
    static final Duration CONVERGE = Duration.ofSeconds(120);
    static final Duration HANDOVER = Duration.ofSeconds(30);
    static final String SLOT_1 = "mesh-" + AppServer.NAMESPACE + "-1";
    static final String SLOT_2 = "mesh-" + AppServer.NAMESPACE + "-2";

    PeerServers.Running signaling;
    MeshBrowser browser;
    private final List<AutoCloseable> started = new ArrayList<>();

    @BeforeAll
    void setUp() {
        signaling = PeerServers.start(PeerServers.Kind.MESHKIT, List.of());
        browser = MeshBrowser.start();
    }

    @AfterAll
    void tearDown() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (signaling != null) {
            signaling.close();
        }
    }

    JavaPeer java(String name, String... flags) {
        JavaPeer p = JavaPeer.start(name, signaling.port(), browser.app().ipEcho(), flags);
        started.add(p);
        return p;
    }

    /** A Java client with the data directory (so the discovery UUID) of an earlier one: a restart. */
    JavaPeer javaRestarted(JavaPeer before) {
        JavaPeer p = JavaPeer.start(before.name(), before.dataDir(), signaling.port(), browser.app().ipEcho());
        started.add(p);
        return p;
    }

    MeshPage page(String name) {
        return browser.mesh(name, signaling.port(), null);
    }

    static Supplier<String> describe(List<? extends MeshGroups.Participant> group) {
        return () -> MeshGroups.describe(group);
    }
}
