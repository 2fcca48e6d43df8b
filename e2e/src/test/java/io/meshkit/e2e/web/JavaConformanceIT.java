package io.meshkit.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.meshkit.testkit.lab.Await;
import io.meshkit.e2e.web.MeshBrowser.MeshPage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conformance of two implementations written independently from docs/PROTOCOL.md: the app's JavaScript
 * client (the real PeerJS 1.5.5 in Chromium) and the Java client (its CLI as a child process), through
 * our signaling server, both finding the same public address through the test's IP echo.
 *
 * <ol>
 *   <li>a browser page joins a Java router and is listed by the router and by a Java member (and a
 *       clean exit of the Java router hands over across the implementations);
 *   <li>a Java member joins a browser page's router and is listed (and the page's clean exit hands over);
 *   <li>a client that sends nothing but the design documents' {@code checkin} and {@code ping} stays
 *       listed past the TTL, while one that stops talking is evicted: by a Java router (json link) and by
 *       a browser router (a link with PeerJS's defaults: binary, unordered).
 * </ol>
 */
class JavaConformanceIT extends ConformanceBase {
    @Test
    @Timeout(300)
    void aBrowserJoinsAJavaRouterAndIsListedByTheRouterAndItsMembers() {
        JavaPeer router = java("java-router");
        Await.until(() -> "router".equals(router.role()), CONVERGE, describe(List.of(router)));
        assertThat(router.routerId()).isEqualTo(SLOT_1);
        assertThat(router.namespace()).isEqualTo(AppServer.NAMESPACE);
        JavaPeer member = java("java-member");
        MeshPage web = page("web-member");
        List<MeshGroups.Participant> all = List.of(router, member, web);
        Await.until(() -> MeshGroups.converged(all), CONVERGE, describe(all));
        assertThat(web.namespace()).isEqualTo(AppServer.NAMESPACE);
        assertThat(web.role()).isEqualTo("member");
        assertThat(router.peerNames()).contains("web-member");
        assertThat(member.peerNames()).contains("web-member");

        // The Java router leaves cleanly: the two survivors, one of each kind, converge again.
        router.quit();
        List<MeshGroups.Participant> rest = List.of(member, web);
        long t0 = System.nanoTime();
        Await.until(() -> MeshGroups.converged(rest), HANDOVER, describe(rest));
        System.out.printf("conformance: Java router left, Java + browser converged in %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        member.quit();
        web.stop();
    }

    @Test
    @Timeout(300)
    void aJavaMemberJoinsABrowserRouterAndIsListed() {
        MeshPage webRouter = page("web-router");
        Await.until(() -> "router".equals(webRouter.role()), CONVERGE, describe(List.of(webRouter)));
        assertThat(webRouter.routerId()).isEqualTo(SLOT_1);
        JavaPeer member = java("java-joiner");
        MeshPage webMember = page("web-joiner");
        List<MeshGroups.Participant> all = List.of(webRouter, member, webMember);
        Await.until(() -> MeshGroups.converged(all), CONVERGE, describe(all));
        assertThat(member.role()).isEqualTo("peer");
        assertThat(member.routerId()).isEqualTo(SLOT_1);
        assertThat(webRouter.peerNames()).contains("java-joiner");

        // The browser router leaves cleanly: its successor takes over, whichever kind it is.
        webRouter.stop();
        List<MeshGroups.Participant> rest = List.of(member, webMember);
        long t0 = System.nanoTime();
        Await.until(() -> MeshGroups.converged(rest), HANDOVER, describe(rest));
        System.out.printf("conformance: browser router left, Java + browser converged in %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        member.quit();
        webMember.stop();
    }

    @Test
    @Timeout(300)
    void aPlainCheckinAndPingClientStaysListedByAJavaRouterPastTheTtl() {
        // Short timings so that "past the TTL" takes seconds: the router checks every 2 s, evicts after 5 s.
        JavaPeer router = java("java-ttl-router", "--heartbeat", "2s", "--ttl", "5s");
        Await.until(() -> "router".equals(router.role()), CONVERGE, describe(List.of(router)));
        assertPlainClientKept(router, router::networkHistory, "json");
        router.quit();
    }

    @Test
    @Timeout(300)
    void aPlainClientWithPeerJsDefaultsStaysListedByABrowserRouterPastTheTtl() {
        MeshPage router = browser.mesh("web-ttl-router", signaling.port(), "{\"heartbeat\":2000,\"ttl\":5000}");
        Await.until(() -> "router".equals(router.role()), CONVERGE, describe(List.of(router)));
        // PeerJS's defaults: binary serialization on an unordered channel (docs/PROTOCOL.md §3.2).
        assertPlainClientKept(router, router::networkHistory, "default");
        router.stop();
    }

    /**
     * Two plain clients check in at {@code router} (slot 1, TTL 5 s): the one that pings every second is
     * still listed 20 s later and never left the list; the control, which never pings, is evicted.
     */
    private void assertPlainClientKept(MeshGroups.Participant router, Supplier<List<Set<String>>> history,
            String serialization) {
        assertThat(router.routerId()).isEqualTo(SLOT_1);
        Page pinging = plainClient("plain-pinging-" + serialization, 1_000, serialization);
        Page silent = plainClient("plain-silent-" + serialization, 0, serialization);
        String kept = "plain-pinging-" + serialization;
        String evicted = "plain-silent-" + serialization;
        Await.until(() -> router.peerNames().containsAll(Set.of(kept, evicted)), CONVERGE,
                () -> router.describe() + "\npinging: " + pinging.evaluate("() => JSON.stringify(window.plain)")
                        + "\nsilent: " + silent.evaluate("() => JSON.stringify(window.plain)"));
        long listedAt = System.nanoTime();

        // The control: a client that checks in and then says nothing is evicted after the TTL.
        Await.until(() -> !router.peerNames().contains(evicted), Duration.ofSeconds(30), router::describe);
        // The pinging one stays: four TTLs after its check-in it is still listed, and it never left the list.
        Await.until(() -> System.nanoTime() - listedAt > Duration.ofSeconds(20).toNanos(), Duration.ofSeconds(40),
                () -> "clock");
        assertThat(router.peerNames()).contains(kept);
        List<Set<String>> names = history.get();
        int first = 0;
        while (!names.get(first).contains(kept)) {
            first++;
        }
        assertThat(names.subList(first, names.size())).allSatisfy(n -> assertThat(n).contains(kept));
        assertThat(pinging.evaluate("() => window.plain.closed")).isEqualTo(false);
    }

    /** The plain client's page: its own Discovery ID in our namespace, connecting to slot 1. */
    private Page plainClient(String name, int pingMillis, String serialization) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("host", browser.rootAddress());
        q.put("port", Integer.toString(signaling.port()));
        q.put("id", "mesh-" + AppServer.NAMESPACE + "-" + UUID.randomUUID());
        q.put("router", SLOT_1);
        q.put("name", name);
        q.put("ping", Integer.toString(pingMillis));
        q.put("serialization", serialization);
        Page page = browser.open("pages/plain-checkin.html", q);
        Await.until(() -> Boolean.TRUE.equals(page.evaluate("() => window.plain.open")), CONVERGE,
                () -> name + ": " + page.evaluate("() => JSON.stringify(window.plain)"));
        return page;
    }
}
