package io.meshkit.e2e.web;

import com.microsoft.playwright.BrowserContext;
import io.meshkit.testkit.Chromium;
import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.lab.SingleHost;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The app as a user gets it from the kit: our signaling server serving it ({@code --app_path /app/}, its own IP
 * echo) and Chromium in a {@link SingleHost} network namespace (WebRTC needs a real interface) opening
 * {@code http://<veth address>:<port>/app/}. That origin is plain HTTP on a LAN address, which is no secure
 * context, so Chromium is told to treat it as one (as a developer would; deployments use HTTPS, see mesh-web's
 * README, "Serving").
 */
final class AppBrowser implements AutoCloseable {
    private final SingleHost ns;
    private final PeerServers.Running signaling;
    private final Chromium chromium;
    private final List<AppPage> pages = new ArrayList<>();

    private AppBrowser(SingleHost ns, PeerServers.Running signaling, Chromium chromium) {
        this.ns = ns;
        this.signaling = signaling;
        this.chromium = chromium;
    }

    static AppBrowser start() {
        return start(origin -> List.of());
    }

    /** As {@link #start()}, with further server flags, made from the app's origin ({@code http://address:port}). */
    static AppBrowser start(Function<String, List<String>> flags) {
        SingleHost ns = SingleHost.create();
        PeerServers.Running signaling = null;
        try {
            int port = PeerServers.freeTcpPort();
            String origin = "http://" + ns.rootAddress() + ":" + port;
            List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--app_path", "/app/"));
            args.addAll(flags.apply(origin));
            signaling = PeerServers.start(PeerServers.Kind.MESHKIT, port, args);
            Chromium chromium = ns.chromium(List.of("--disable-features=WebRtcHideLocalIpsWithMdns",
                    "--unsafely-treat-insecure-origin-as-secure=" + origin));
            return new AppBrowser(ns, signaling, chromium);
        } catch (RuntimeException e) {
            if (signaling != null) {
                signaling.close();
            }
            ns.close();
            throw e;
        }
    }

    String appUrl() {
        return "http://" + ns.rootAddress() + ":" + signaling.port() + "/app/";
    }

    /** A new tab (its own context) with the app, not started yet. */
    AppPage open(String name) {
        return open(name, context -> { });
    }

    /** A new tab whose context {@code setup} prepares first (routes, for instance). */
    AppPage open(String name, Consumer<BrowserContext> setup) {
        AppPage p = AppPage.open(chromium.browser(), appUrl(), name, setup);
        pages.add(p);
        return p;
    }

    PeerServers.Running signaling() {
        return signaling;
    }

    /** The namespace Chromium runs in: a Java client started here shares the pages' public address (and network). */
    SingleHost host() {
        return ns;
    }

    /** The signaling URL as seen from {@link #host()}. */
    String signalingUrl() {
        return "http://" + ns.rootAddress() + ":" + signaling.port() + "/";
    }

    @Override
    public void close() {
        for (AppPage p : pages) {
            p.close();
        }
        try {
            chromium.close();
        } finally {
            try {
                signaling.close();
            } finally {
                ns.close();
            }
        }
    }
}
