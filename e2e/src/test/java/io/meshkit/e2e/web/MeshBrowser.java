package io.meshkit.e2e.web;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.meshkit.testkit.Chromium;
import io.meshkit.testkit.lab.Await;
import io.meshkit.testkit.lab.SingleHost;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Debian's Chromium in a {@link SingleHost} network namespace (WebRTC needs a real interface), the
 * {@link AppServer} on the root end of its veth, and pages of the app, each in its own browser context
 * (its own storage, so its own discovery UUID), driven by the test through {@code window.mesh}.
 */
final class MeshBrowser implements AutoCloseable {
    private final SingleHost ns;
    private final Chromium chromium;
    private final AppServer app;
    private final List<BrowserContext> contexts = new ArrayList<>();

    private MeshBrowser(SingleHost ns, Chromium chromium, AppServer app) {
        this.ns = ns;
        this.chromium = chromium;
        this.app = app;
    }

    static MeshBrowser start() {
        SingleHost ns = SingleHost.create();
        AppServer app = null;
        try {
            app = AppServer.start(ns.rootAddress());
            // WebCrypto (crypto.subtle, crypto.randomUUID) exists only in a secure context: HTTPS or
            // localhost. The test serves plain HTTP on the veth address, so it declares that origin secure.
            Chromium chromium = ns.chromium(List.of("--disable-features=WebRtcHideLocalIpsWithMdns",
                    "--unsafely-treat-insecure-origin-as-secure=" + app.base()));
            return new MeshBrowser(ns, chromium, app);
        } catch (RuntimeException e) {
            if (app != null) {
                app.close();
            }
            ns.close();
            throw e;
        }
    }

    /** Where pages reach servers of the test JVM (they must listen on all interfaces or on this address). */
    String rootAddress() {
        return ns.rootAddress();
    }

    AppServer app() {
        return app;
    }

    /** Opens {@code path} (e.g. {@code app/mesh.html}) with the query parameters, in a new context. */
    Page open(String path, Map<String, String> query) {
        return open(path, query, new ArrayList<>());
    }

    /** As {@link #open(String, Map)}, collecting the page's console messages and errors into {@code console}. */
    Page open(String path, Map<String, String> query, List<String> console) {
        BrowserContext context = chromium.browser().newContext();
        contexts.add(context);
        Page page = context.newPage();
        page.onConsoleMessage(m -> {
            synchronized (console) {
                console.add(m.type() + ": " + m.text());
            }
        });
        page.onPageError(e -> {
            synchronized (console) {
                console.add("pageerror: " + e);
            }
        });
        page.navigate(app.base() + "/" + path + "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
        return page;
    }

    /** A page of the app's mesh client named {@code name}, on signaling port {@code port}. */
    MeshPage mesh(String name, int signalingPort, String timingsJson) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("host", ns.rootAddress());
        q.put("port", Integer.toString(signalingPort));
        q.put("echo", app.ipEcho());
        q.put("name", name);
        if (timingsJson != null) {
            q.put("timings", timingsJson);
        }
        List<String> console = new ArrayList<>();
        Page page = open("app/mesh.html", q, console);
        MeshPage p = new MeshPage(name, page, console);
        Await.until(p::ready, Duration.ofSeconds(30), p::describe);
        return p;
    }

    @Override
    public void close() {
        for (BrowserContext c : contexts) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // the browser may be gone already
            }
        }
        app.close();
        try {
            chromium.close();
        } finally {
            ns.close();
        }
    }

    /** One page of the mesh client and what its events said. */
    static final class MeshPage implements MeshGroups.Participant {
        final String name;
        final Page page;
        private final List<String> console;

        MeshPage(String name, Page page, List<String> console) {
            this.name = name;
            this.page = page;
            this.console = console;
        }

        String console() {
            synchronized (console) {
                return String.join("\n", console.subList(Math.max(0, console.size() - 20), console.size()));
            }
        }

        @Override
        public String name() {
            return name;
        }

        boolean ready() {
            return Boolean.TRUE.equals(page.evaluate("() => !!(window.mesh && window.mesh.ready)"));
        }

        @Override
        public String role() {
            return (String) page.evaluate("() => window.mesh.role");
        }

        @Override
        public String routerId() {
            return (String) page.evaluate("() => window.mesh.routerId");
        }

        String discoveryId() {
            return (String) page.evaluate("() => window.mesh.ready.discoveryId");
        }

        String namespace() {
            return (String) page.evaluate("() => window.mesh.ready.namespace");
        }

        @Override
        @SuppressWarnings("unchecked")
        public java.util.Set<String> peerNames() {
            return new java.util.TreeSet<>((List<String>) page.evaluate("() => window.mesh.peers.map(p => p.name)"));
        }

        /** Every {@code network} event so far, each as the set of listed names. */
        @SuppressWarnings("unchecked")
        List<java.util.Set<String>> networkHistory() {
            List<List<String>> all = (List<List<String>>) page.evaluate(
                    "() => window.mesh.events.filter(e => e.event === 'network').map(e => e.peers.map(p => p.name))");
            return all.stream().map(l -> (java.util.Set<String>) new java.util.TreeSet<>(l)).toList();
        }

        /** Leaves cleanly (a router hands over). */
        void stop() {
            page.evaluate("() => window.meshClient.stop()");
        }

        @Override
        public String describe() {
            try {
                return name + ": " + page.evaluate("() => JSON.stringify({role: window.mesh?.role, router: window.mesh?.routerId,"
                        + " peers: (window.mesh?.peers || []).map(p => p.name), last: (window.mesh?.events || []).slice(-12)})")
                        + "\n  console: " + console();
            } catch (RuntimeException e) {
                return name + ": (page gone: " + e.getMessage() + ")";
            }
        }
    }
}
