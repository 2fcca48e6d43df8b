package io.meshkit.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshkit.testkit.MeshClientProcess;
import io.meshkit.testkit.lab.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Special contacts between the browser app and the Java client (docs/PROTOCOL.md §13.2): they become contacts on one
 * network, then special contacts from the app's chat view (the secret agreed over their authenticated link, kept in
 * IndexedDB as a key script cannot read). Then both lose each other's Transport IDs: the Java client quits and comes
 * back with a new one and discovery off ({@code --metered}), so the network's list cannot bring them together, and
 * the app reloads (a new Transport ID too). Each one's direct try at the other's last ID fails; they meet in their
 * rendezvous namespace (a browser and a JVM running the same election, handshake and signed notes) and chat both ways.
 */
class AppSpecialContactsIT {
    /** JVMs with libwebrtc start slowly on a busy 2-core machine. */
    static final Duration STEP = Duration.ofSeconds(90);

    static MeshClientProcess java(AppBrowser browser, Path data, List<MeshClientProcess> running, String... extra) {
        List<String> args = new ArrayList<>(List.of("--json", "--name", "jb", "--data-dir", data.toString(),
                "--signaling", browser.signalingUrl(), "--no-stun", "--ip-echo", browser.signalingUrl() + "ip"));
        args.addAll(List.of(extra));
        MeshClientProcess p = MeshClientProcess.of("jb",
                browser.host().startJava("app-special-jb", MeshClientProcess.MAIN_CLASS, args.toArray(String[]::new)));
        running.add(p);
        return p;
    }

    static String transportId(MeshClientProcess c) {
        int before = c.events().size();
        c.command("{\"cmd\":\"status\"}");
        return c.await("status", before, e -> true, STEP).path("transportId").asText();
    }

    /** The app's stored special contacts: fingerprint, whether the secret is a CryptoKey, whether it is extractable. */
    static String storedSecrets(AppPage page) {
        return String.valueOf(page.page.evaluate("async () => { const db = await new Promise((ok, ko) => { const r ="
                + " indexedDB.open('meshkit-app'); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });"
                + " const all = await new Promise((ok) => { const r = db.transaction('specials').objectStore('specials')"
                + ".getAll(); r.onsuccess = () => ok(r.result); }); db.close();"
                + " return all.map((s) => [s.fingerprint, s.secret instanceof CryptoKey, s.secret.extractable].join(' ')); }"));
    }

    static String specialState(AppPage page) {
        return page.page.locator("#special-state").textContent();
    }

    @Test
    @Timeout(420)
    void theAppAndAJavaClientBecomeSpecialContactsAndFindEachOtherThroughRendezvous() throws Exception {
        Path data = Files.createTempDirectory("meshkit-app-special");
        List<MeshClientProcess> running = new ArrayList<>();
        try (AppBrowser browser = AppBrowser.start()) {
            AppPage web = browser.open("web").start();
            MeshClientProcess jb = java(browser, data, running);
            String jbFp = jb.await("identity", STEP).path("fingerprint").asText();

            // 1. Contacts on their network.
            becomeContacts(web, jb);
            String webFp = web.fingerprint();

            // 2. Special contacts: asked from the app's chat view, agreed by the Java client's user.
            becomeSpecial(web, jb, jbFp);

            // 3. Both lose each other's Transport IDs: the Java client quits and comes back with a new one and
            // discovery off; the app reloads (a new Transport ID too).
            String jbOld = transportId(jb);
            String webOld = (String) web.page.evaluate("() => window.meshApp.mesh.transportId");
            jb.command("{\"cmd\":\"quit\"}");
            assertThat(jb.awaitExit(STEP)).isZero();
            web.reload();
            Await.until(() -> {
                Object t = web.page.evaluate("() => window.meshApp?.mesh?.transportId ?? null");
                return t != null && !t.equals(webOld);
            }, STEP, web::describe);
            long restarted = System.nanoTime();
            MeshClientProcess jb2 = java(browser, data, running, "--metered");
            jb2.await("discovery-off", STEP);

            // 4. They meet through rendezvous: each learns the other's new Transport ID from a signed note.
            metThroughRendezvous(web, jb2, webFp, webOld, jbOld);
            System.out.printf("app special contacts: met through rendezvous %d ms after the Java client was started%n",
                    (System.nanoTime() - restarted) / 1_000_000);
            assertThat(web.peerNames()).as("discovery did not bring them together").doesNotContain("jb");

            // 5. Chat both ways on the direct link the meeting led to.
            chatBothWays(web, jb2, webFp);
            web.screenshot("special-contact.png");

            // 6. The app's user ends it: both forget the secret.
            int before = jb2.events().size();
            web.button("Stop being special contacts with jb").click();
            assertThat(jb2.await("special", before, e -> true, STEP).path("reason").asText()).isEqualTo("ended-by-contact");
            Await.until(() -> specialState(web).startsWith("Ordinary contact") && storedSecrets(web).equals("[]"), STEP,
                    web::describe);
        } finally {
            running.forEach(MeshClientProcess::close);
        }
    }

    /** The app asks the Java client (named jb, on the app's network) to become contacts, and jb accepts. */
    static void becomeContacts(AppPage web, MeshClientProcess jb) {
        Await.until(() -> web.strangers().contains("jb"), STEP, () -> web.describe() + jb.tail());
        // As a user would: Connect again when a request could not reach jb (a WebRTC connect through a loaded host
        // can fail; the app says so and offers Connect again).
        web.connect("jb");
        int[] failures = {0};
        Await.until(() -> {
            if (jb.last("request") != null) {
                return true;
            }
            Object failed = web.page.evaluate("() => window.meshApp.events.filter((e) => e.event === 'request-answered'"
                    + " && e.outcome === 'failed').length");
            if (((Number) failed).intValue() > failures[0]) {
                failures[0] = ((Number) failed).intValue();
                web.connect("jb");
            }
            return false;
        }, STEP.multipliedBy(2), () -> web.describe() + jb.tail());
        if (failures[0] > 0) {
            System.out.printf("app special contacts: %d request(s) did not reach the Java client and were sent again%n",
                    failures[0]);
        }
        JsonNode request = jb.last("request");
        jb.command("{\"cmd\":\"accept\",\"request\":" + request.path("request").asLong() + "}");
        Await.until(() -> web.contactsHere().equals(Set.of("jb")), STEP, () -> web.describe() + jb.tail());
    }

    /** From the app's chat view the app asks to become special contacts; the Java client's user agrees. */
    static void becomeSpecial(AppPage web, MeshClientProcess jb, String jbFp) {
        String webFp = web.fingerprint();
        web.openChat("jb");
        Await.until(() -> specialState(web).startsWith("Ordinary contact"), STEP, web::describe);
        web.button("Make jb a special contact").click();
        assertThat(jb.await("special-request", STEP).path("contact").asText()).isEqualTo(webFp);
        Await.until(() -> specialState(web).startsWith("Asked to become special contacts"), STEP, web::describe);
        jb.command("{\"cmd\":\"special\",\"contact\":\"" + webFp + "\"}");
        assertThat(jb.await("special", STEP).path("reason").asText()).isEqualTo("agreed");
        Await.until(() -> specialState(web).equals("Special contact · reached directly"), STEP,
                () -> web.describe() + jb.tail());
        assertThat(web.page.locator("#here-list li.contact .tag.special").textContent()).isEqualTo("special");
        // The app's secret is in IndexedDB as a CryptoKey that script can use and never read.
        assertThat(storedSecrets(web)).isEqualTo("[" + jbFp + " true false]");
    }

    /** After a meeting: the app's chat view says so, and a message goes each way on the direct link it led to. */
    /**
     * Both sides met through rendezvous: the Java client's {@code rendezvous-met} names the app's new Transport ID, the
     * app's names the Java client's; each differs from the one before. Returns the Java client's new Transport ID.
     */
    static String metThroughRendezvous(AppPage web, MeshClientProcess jb, String webFp, String webOld, String jbOld) {
        JsonNode met = jb.await("rendezvous-met", STEP);
        String webNew = (String) web.page.evaluate("() => window.meshApp.mesh.transportId");
        assertThat(met.path("contact").asText()).isEqualTo(webFp);
        assertThat(met.path("transportId").asText()).isEqualTo(webNew).isNotEqualTo(webOld);
        String jbNew = transportId(jb);
        assertThat(jbNew).isNotEqualTo(jbOld);
        Await.until(() -> Boolean.TRUE.equals(web.page.evaluate("(id) => window.meshApp.events.some((e) =>"
                + " e.event === 'rendezvous-met' && e.transportId === id)", jbNew)), STEP, () -> web.describe() + jb.tail());
        return jbNew;
    }

    static void chatBothWays(AppPage web, MeshClientProcess jb, String webFp) {
        web.openChat("jb");
        Await.until(() -> specialState(web).startsWith("Special contact · reached directly · found again"), STEP,
                web::describe);
        web.send("found you through rendezvous");
        jb.await("received", 0, e -> e.path("text").asText().equals("found you through rendezvous"), STEP);
        jb.command("{\"cmd\":\"send\",\"contact\":\"" + webFp + "\",\"text\":\"and I you\"}");
        Await.until(() -> web.chat().contains("in:and I you")
                && web.chat().contains("out:found you through rendezvous (delivered)"), STEP,
                () -> web.describe() + web.chat() + jb.tail());
    }
}
