package io.meshkit.e2e.web;

import static io.meshkit.e2e.web.AppSpecialContactsIT.becomeContacts;
import static io.meshkit.e2e.web.AppSpecialContactsIT.becomeSpecial;
import static io.meshkit.e2e.web.AppSpecialContactsIT.chatBothWays;
import static io.meshkit.e2e.web.AppSpecialContactsIT.java;
import static io.meshkit.e2e.web.AppSpecialContactsIT.metThroughRendezvous;
import static io.meshkit.e2e.web.AppSpecialContactsIT.transportId;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.beacon.BeaconSigner;
import io.meshkit.beacon.PemKeys;
import io.meshkit.beacon.Period;
import io.meshkit.testkit.MeshClientProcess;
import io.meshkit.testkit.lab.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Special contacts between the browser app and the Java client when both follow the beacon (docs/PROTOCOL.md §13.2.1,
 * §13.3.5). The signaling server issues it every {@value #PERIOD} s and enforces it ({@code --require-beacon}: every
 * ID, rendezvous IDs included, must carry the current or the previous beacon's prefix); the app finds it in the
 * server's config.json, the Java client is told {@code --beacon-url}. They become contacts, then special contacts from
 * the app's chat view (the controls show once the app has a beacon). Both lose each other's Transport IDs: the Java
 * client quits, the app reloads and looks for it through rendezvous under the beacon's prefix; the Java client comes
 * back (new Transport ID, discovery off) only after the app has followed a rotation, so that the app's rendezvous
 * namespaces have moved from the prefix they started under to the new one (the overlap, then the old one left).
 * They meet there, under a prefix both derived from the same signed beacon, and chat both ways.
 */
class AppBeaconSpecialContactsIT {
    static final int PERIOD = 20;
    static final Duration STEP = AppSpecialContactsIT.STEP;

    /** The prefix of the app's rendezvous core now, or null before rendezvous runs. */
    private static String rendezvousPrefix(AppPage web) {
        return (String) web.page.evaluate("() => window.meshApp?.rendezvous?.node.prefix ?? null");
    }

    /** The prefixes the app's meeting units run under now, each once. */
    private static String unitPrefixes(AppPage web) {
        return String.valueOf(web.page.evaluate("() => [...new Set([...(window.meshApp?.rendezvous?.units.values() ?? [])]"
                + ".map((h) => h.unit.ids.prefix))].sort().join(' ')"));
    }

    @Test
    @Timeout(240)
    void theAppAndAJavaClientFollowingTheBeaconMeetThroughRendezvousUnderItsPrefix() throws Exception {
        Path data = Files.createTempDirectory("meshkit-app-beacon-special");
        Path jbData = Files.createDirectories(data.resolve("jb"));
        Path key = data.resolve("beacon.pem");
        Files.writeString(key, AppBeaconIT.newKeyPem(), StandardCharsets.US_ASCII);
        BeaconSigner issuer = PemKeys.signingKey(Files.readString(key, StandardCharsets.US_ASCII));
        long began = System.currentTimeMillis();
        List<MeshClientProcess> running = new ArrayList<>();
        try (AppBrowser browser = AppBrowser.start(origin -> List.of("--beacon-key", key.toString(), "--beacon-origin",
                origin, "--beacon-period", Integer.toString(PERIOD), "--require-beacon"))) {
            String origin = browser.signalingUrl().replaceFirst("/$", "");
            String[] beacon = {"--beacon-url", origin + "/beacon", "--beacon-origin", origin, "--beacon-verify-key",
                issuer.publicKey().hex()};
            AppPage web = browser.open("web").start();
            MeshClientProcess jb = java(browser, jbData, running, beacon);
            String jbFp = jb.await("identity", STEP).path("fingerprint").asText();

            // 1. Contacts, then special contacts, on their network under the beacon's prefix.
            becomeContacts(web, jb);
            String webFp = web.fingerprint();
            becomeSpecial(web, jb, jbFp);
            String first = rendezvousPrefix(web);
            assertThat(first).as("rendezvous runs under the beacon prefix").isIn(issued(issuer, began));
            Await.until(() -> beaconPrefixes(jb).contains(first), Duration.ofSeconds(10),
                    () -> "the Java client's prefixes " + beaconPrefixes(jb) + ", the app's " + first);

            // 2. Both lose each other's Transport IDs: the Java client quits, the app reloads and, its direct try
            // failing, looks for it through rendezvous under the beacon's prefix.
            String jbOld = transportId(jb);
            String webOld = (String) web.page.evaluate("() => window.meshApp.mesh.transportId");
            jb.command("{\"cmd\":\"quit\"}");
            assertThat(jb.awaitExit(STEP)).isZero();
            web.reload();
            Await.until(() -> {
                Object t = web.page.evaluate("() => window.meshApp?.mesh?.transportId ?? null");
                return t != null && !t.equals(webOld) && rendezvousPrefix(web) != null;
            }, STEP, web::describe);
            Await.until(() -> Boolean.TRUE.equals(web.page.evaluate("(fp) => window.meshApp.rendezvous.view()[fp]?.state"
                    + " === 'seeking'", jbFp)) && !unitPrefixes(web).isEmpty(), STEP, () -> unitPrefixes(web) + web.describe());
            String startedUnder = rendezvousPrefix(web);

            // 3. The beacon rotates: the app's rendezvous namespaces join under the new prefix beside the old ones,
            // and the old ones are left after the overlap.
            Await.until(() -> !startedUnder.equals(rendezvousPrefix(web)) && unitPrefixes(web).equals(rendezvousPrefix(web)),
                    Duration.ofSeconds(PERIOD * 3L), () -> unitPrefixes(web) + "\n" + web.describe());
            String moved = rendezvousPrefix(web);
            assertThat(issued(issuer, began)).contains(startedUnder, moved);

            // 4. The Java client comes back (new Transport ID, discovery off): they meet in the pair's namespace
            // under the prefix both computed from the beacon, and tell each other their new Transport IDs.
            long restarted = System.nanoTime();
            MeshClientProcess jb2 = java(browser, jbData, running, concat(beacon, "--metered"));
            jb2.await("discovery-off", STEP);
            String jbNew = metThroughRendezvous(web, jb2, webFp, webOld, jbOld);
            String metUnder = (String) web.page.evaluate("(id) => window.meshApp.events.find((e) =>"
                    + " e.event === 'rendezvous-met' && e.transportId === id).prefix", jbNew);
            assertThat(metUnder).as("met under a prefix of the beacon, not the one rendezvous started under")
                    .isIn(issued(issuer, began)).isNotEqualTo(startedUnder);
            assertThat(beaconPrefixes(jb2)).as("the Java client derived the same prefix from the same beacon")
                    .contains(metUnder);
            System.out.printf("app beacon special contacts: rendezvous started under %s, moved to %s, met under %s"
                    + " %d ms after the Java client was started%n", startedUnder, moved, metUnder,
                    (System.nanoTime() - restarted) / 1_000_000);
            assertThat(web.peerNames()).as("discovery did not bring them together").doesNotContain("jb");

            // 5. Chat both ways on the direct link the meeting led to.
            chatBothWays(web, jb2, webFp);
        } finally {
            running.forEach(MeshClientProcess::close);
        }
    }

    /** The prefixes of the beacons the Java client followed so far. */
    private static Set<String> beaconPrefixes(MeshClientProcess c) {
        Set<String> out = new TreeSet<>();
        c.events().stream().filter(e -> "beacon".equals(e.path("event").asText()))
                .forEach(e -> out.add(e.path("prefix").asText()));
        return out;
    }

    private static String[] concat(String[] a, String... b) {
        List<String> out = new ArrayList<>(List.of(a));
        out.addAll(List.of(b));
        return out.toArray(String[]::new);
    }

    /** The prefixes the issuer gave out from {@code sinceMillis} to now. */
    private static Set<String> issued(BeaconSigner issuer, long sinceMillis) {
        Set<String> out = new TreeSet<>();
        for (Period p = Period.at(sinceMillis, PERIOD); p.startMillis() <= System.currentTimeMillis(); p = p.next()) {
            out.add(issuer.sign(p).prefix());
        }
        return out;
    }
}
