package io.meshkit.e2e;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import io.meshkit.testkit.Repo;
import io.meshkit.testkit.lab.Wan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A page "served" from the WAN server's origin: Playwright answers the page and the unmodified
 * PeerJS client ({@code peerjs@1.5.5} {@code peerjs.min.js}) from the test, so no HTTP server
 * is needed; everything else (WebSocket to signaling, STUN, ICE) goes over the lab's network.
 */
final class LabPage {
    /** The page's origin: the WAN server's address, as an operator would host the app. */
    static final String ORIGIN = "http://" + Wan.ADDRESS + ":8080";

    private LabPage() {}

    /** Opens an empty page at {@link #ORIGIN} with {@code window.Peer} loaded; console lines go to {@code console}. */
    static Page open(com.microsoft.playwright.Browser browser, String label, List<String> console) {
        byte[] peerJs;
        try {
            peerJs = Files.readAllBytes(Repo.peerJsClient());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Page page = browser.newPage();
        page.onConsoleMessage(m -> console.add(label + " " + m.type() + ": " + m.text()));
        page.onPageError(e -> console.add(label + " pageerror: " + e));
        page.route(ORIGIN + "/**", route -> fulfill(route, peerJs));
        page.navigate(ORIGIN + "/");
        page.waitForFunction("() => typeof window.Peer === 'function'");
        return page;
    }

    static List<String> console() {
        return new CopyOnWriteArrayList<>();
    }

    private static void fulfill(Route route, byte[] peerJs) {
        String url = route.request().url();
        if (url.endsWith("/peerjs.min.js")) {
            route.fulfill(new Route.FulfillOptions().setStatus(200)
                    .setContentType("application/javascript").setBodyBytes(peerJs));
        } else if (url.equals(ORIGIN + "/")) {
            route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("text/html")
                    .setBody("<!doctype html><meta charset=utf-8><title>e2e</title>"
                            + "<script src=\"/peerjs.min.js\"></script>"));
        } else {
            route.fulfill(new Route.FulfillOptions().setStatus(404));
        }
    }

    /** Gathers ICE candidates with {@code stunUrl} as the only ICE server; returns candidate lines. */
    @SuppressWarnings("unchecked")
    static List<String> gatherCandidates(Page page, String stunUrl) {
        return (List<String>) page.evaluate("""
                async (url) => {
                  const pc = new RTCPeerConnection({iceServers: [{urls: url}]});
                  pc.createDataChannel('probe');
                  const cands = [];
                  const done = new Promise(r => {
                    pc.onicecandidate = e => e.candidate ? cands.push(e.candidate.candidate) : r();
                  });
                  await pc.setLocalDescription(await pc.createOffer());
                  await done;
                  pc.close();
                  return cands;
                }""", stunUrl);
    }
}
