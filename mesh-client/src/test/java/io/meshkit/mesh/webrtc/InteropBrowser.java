package io.meshkit.mesh.webrtc;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import io.meshkit.testkit.Chromium;
import io.meshkit.testkit.Repo;
import io.meshkit.testkit.lab.SingleHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;

/**
 * Debian's Chromium in a {@link SingleHost} namespace and a small web server in the test JVM that serves
 * {@code /interop/index.html} (the test page) and the unmodified {@code peerjs@1.5.5} client. Pages reach
 * servers of the test JVM at {@link #rootAddress()}.
 */
final class InteropBrowser implements AutoCloseable {
    private final SingleHost ns;
    private final Chromium chromium;
    private final HttpServer web;

    private InteropBrowser(SingleHost ns, Chromium chromium, HttpServer web) {
        this.ns = ns;
        this.chromium = chromium;
        this.web = web;
    }

    static InteropBrowser start() {
        SingleHost ns = SingleHost.create();
        Chromium chromium = null;
        try {
            chromium = ns.chromium(List.of("--disable-features=WebRtcHideLocalIpsWithMdns"));
            byte[] page;
            try (InputStream in = InteropBrowser.class.getResourceAsStream("/interop/index.html")) {
                page = in.readAllBytes();
            }
            byte[] peerjs = Files.readAllBytes(Repo.peerJsClient());
            HttpServer web = HttpServer.create(new InetSocketAddress(ns.rootAddress(), 0), 16);
            web.createContext("/", ex -> {
                boolean js = ex.getRequestURI().getPath().endsWith("peerjs.min.js");
                byte[] body = js ? peerjs : page;
                ex.getResponseHeaders().add("Content-Type", js ? "text/javascript" : "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            web.start();
            return new InteropBrowser(ns, chromium, web);
        } catch (IOException | RuntimeException e) {
            if (chromium != null) {
                chromium.close();
            }
            ns.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Where pages reach servers of the test JVM (they must listen on all interfaces or on this address). */
    String rootAddress() {
        return ns.rootAddress();
    }

    /** A fresh browser context (close it after use). */
    BrowserContext newContext() {
        return chromium.browser().newContext();
    }

    /** A new page of {@code context} with the test page loaded. */
    Page open(BrowserContext context) {
        Page page = context.newPage();
        page.navigate("http://" + ns.rootAddress() + ":" + web.getAddress().getPort() + "/");
        return page;
    }

    @Override
    public void close() {
        web.stop(0);
        try {
            chromium.close();
        } finally {
            ns.close();
        }
    }
}
