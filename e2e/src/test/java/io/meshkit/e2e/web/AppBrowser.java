package io.meshkit.e2e.web;

import io.meshkit.testkit.Chromium;
import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.lab.SingleHost;
import java.util.ArrayList;
import java.util.List;

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
        SingleHost ns = SingleHost.create();
        PeerServers.Running signaling = null;
        try {
            signaling = PeerServers.start(PeerServers.Kind.MESHKIT, List.of("--app_path", "/app/"));
            String origin = "http://" + ns.rootAddress() + ":" + signaling.port();
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
        AppPage p = AppPage.open(chromium.browser(), appUrl(), name);
        pages.add(p);
        return p;
    }

    PeerServers.Running signaling() {
        return signaling;
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
