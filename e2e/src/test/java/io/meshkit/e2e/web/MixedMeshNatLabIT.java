package io.meshkit.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.e2e.WanServers;
import io.meshkit.testkit.Chromium;
import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.lab.Await;
import io.meshkit.testkit.lab.NatLab;
import io.meshkit.testkit.lab.NatLabExtension;
import io.meshkit.testkit.lab.Wan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Browsers (the app served by our signaling server on the lab's WAN) and Java clients in one mesh, in the NAT lab:
 * on LAN A a browser router with Java members; failover from the browser to a Java client; a Java router with
 * browser members; failover from Java to a browser. Then a browser and a Java client become contacts on LAN A and
 * chat both ways; the Java client moves to LAN B (a restart there with its data: a new Transport ID and another
 * network), and they chat both ways across the two NATs, through the hole punched with our STUN server.
 *
 * <p>Failover times are printed (default timings; the clean-exit goal is 3 s); what is asserted is convergence
 * within generous bounds, because JVMs with libwebrtc and Chromium share two cores with other builds here.
 */
class MixedMeshNatLabIT {
    @RegisterExtension
    static final NatLabExtension LAB = NatLabExtension.of(b -> b.lan("a", 3).lan("b", 1));

    static final String ORIGIN = "http://" + Wan.ADDRESS + ":" + WanServers.SIGNALING_PORT;
    static final String SIGNALING = ORIGIN + "/";
    static final String STUN = "stun:" + Wan.ADDRESS + ":" + WanServers.STUN_PORT;
    /** JVMs with libwebrtc start slowly on a busy 2-core machine. */
    static final Duration JOIN = Duration.ofSeconds(150);
    static final Duration FAILOVER = Duration.ofSeconds(60);

    @Test
    @Timeout(900)
    void browsersAndJavaClientsShareOneMeshFailOverBothWaysAndChatAcrossTheNats() throws Exception {
        NatLab lab = LAB.lab();
        ManagedProcess stun = WanServers.stun(lab.wan());
        ManagedProcess signaling = WanServers.signaling(lab.wan(), PeerServers.Kind.MESHKIT,
                List.of("--app_path", "/app/", "--app_stun", STUN));
        Chromium chromium = lab.host("a", 0).chromium(List.of("--disable-features=WebRtcHideLocalIpsWithMdns",
                "--unsafely-treat-insecure-origin-as-secure=" + ORIGIN));
        Path data = Files.createTempDirectory("meshkit-mixed-mesh");
        List<AppPage> pages = new ArrayList<>();
        List<JavaPeer> javas = new ArrayList<>();
        Supplier<String> logs = () -> "\n--- signaling (tail) ---\n" + tail(signaling.output()) + "\n--- STUN (tail) ---\n"
                + tail(stun.output());
        try {
            // 1. A browser router with Java members.
            AppPage web1 = open(chromium, "web1", pages).start();
            Await.until(web1::isRouter, JOIN, () -> web1.describe() + logs.get());
            JavaPeer j1 = java(lab, "a", 1, "j1", data, javas);
            JavaPeer j2 = java(lab, "a", 2, "j2", data, javas);
            List<MeshGroups.Participant> first = List.of(web1, j1, j2);
            Await.until(() -> MeshGroups.converged(first), JOIN, () -> MeshGroups.describe(first) + logs.get());
            assertThat(web1.isRouter()).as("the browser that came first is the router").isTrue();
            assertThat(j1.namespace()).isEqualTo(j2.namespace());
            assertThat(web1.page.locator("#me-network").textContent()).isEqualTo(j1.namespace());

            // 2. Failover from the browser to Java: the router's tab closes (a clean exit).
            long t0 = System.nanoTime();
            web1.closeTab();
            List<MeshGroups.Participant> javaOnly = List.of(j1, j2);
            Await.until(() -> MeshGroups.converged(javaOnly), FAILOVER, () -> MeshGroups.describe(javaOnly) + logs.get());
            System.out.printf("mixed mesh: browser router's tab closed, the Java clients converged in %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);

            // 3. A Java router with browser members.
            JavaPeer javaRouter = "router".equals(j1.role()) ? j1 : j2;
            JavaPeer javaMember = javaRouter == j1 ? j2 : j1;
            AppPage web2 = open(chromium, "web2", pages).start();
            AppPage web3 = open(chromium, "web3", pages).start();
            List<MeshGroups.Participant> second = List.of(javaRouter, javaMember, web2, web3);
            Await.until(() -> MeshGroups.converged(second), JOIN, () -> MeshGroups.describe(second) + logs.get());
            assertThat(web2.status()).isEqualTo("Router: " + javaRouter.name());

            // 4. Failover from Java to a browser: the other Java client leaves first, then the Java router quits.
            javaMember.quit();
            List<MeshGroups.Participant> three = List.of(javaRouter, web2, web3);
            Await.until(() -> MeshGroups.converged(three), FAILOVER, () -> MeshGroups.describe(three) + logs.get());
            long t1 = System.nanoTime();
            javaRouter.quit();
            List<MeshGroups.Participant> browsers = List.of(web2, web3);
            Await.until(() -> MeshGroups.converged(browsers), FAILOVER, () -> MeshGroups.describe(browsers) + logs.get());
            System.out.printf("mixed mesh: Java router quit, the browsers converged in %d ms%n",
                    (System.nanoTime() - t1) / 1_000_000);
            Await.until(() -> !javaRouter.isAlive() && !javaMember.isAlive(), Duration.ofSeconds(30),
                    () -> javaRouter.describe() + javaMember.describe());

            // 5. A browser and a Java client become contacts on LAN A and chat both ways.
            Path jbData = data.resolve("jb");
            JavaPeer jb = JavaPeer.onHost(lab.host("a", 1), "jb", jbData, SIGNALING, STUN);
            javas.add(jb);
            Await.until(() -> web2.strangers().contains("jb") && jb.contactNames("strangers").contains("web2"), JOIN,
                    () -> web2.describe() + jb.describe() + logs.get());
            web2.connect("jb");
            Await.until(() -> jb.last("request") != null, JOIN, () -> web2.describe() + jb.describe());
            assertThat(jb.last("request").path("name").asText()).isEqualTo("web2");
            assertThat(jb.last("request").path("fingerprint").asText()).isEqualTo(web2.fingerprint());
            jb.command("{\"cmd\":\"accept\",\"request\":" + jb.last("request").path("request").asInt() + "}");
            Await.until(() -> web2.contactsHere().equals(Set.of("jb")) && jb.contactNames("here").equals(Set.of("web2")),
                    JOIN, () -> web2.describe() + jb.describe());
            web2.openChat("jb");
            web2.send("hello from the browser");
            Await.until(() -> jb.received().contains("hello from the browser"), JOIN, () -> web2.describe() + jb.describe());
            jb.command("{\"cmd\":\"send\",\"contact\":\"" + web2.fingerprint() + "\",\"text\":\"hello from Java\"}");
            Await.until(() -> web2.chat().contains("in:hello from Java")
                    && web2.chat().contains("out:hello from the browser (delivered)"), JOIN, () -> web2.describe() + web2.chat());

            // 6. The Java client moves to LAN B: another NAT, another network, a new Transport ID. It tells its
            // contact where it is now (presence), and they chat both ways across the two NATs.
            String oldTransport = jb.last("ready").path("transportId").asText();
            jb.quit();
            Await.until(() -> !jb.isAlive(), Duration.ofSeconds(30), jb::describe);
            JavaPeer jbOnB = JavaPeer.onHost(lab.host("b", 0), "jb", jbData, SIGNALING, STUN);
            javas.add(jbOnB);
            Await.until(() -> jbOnB.last("ready") != null, JOIN, jbOnB::describe);
            assertThat(jbOnB.namespace()).as("another network").isNotEqualTo(web2.page.locator("#me-network").textContent());
            assertThat(jbOnB.last("ready").path("transportId").asText()).isNotEqualTo(oldTransport);
            // It speaks first: the message goes out on the link its presence opens (or waits in its outbox until one
            // does), and web2 learns the new Transport ID on that link.
            jbOnB.command("{\"cmd\":\"send\",\"contact\":\"" + web2.fingerprint() + "\",\"text\":\"now on LAN B\"}");
            Await.until(() -> web2.chat().contains("in:now on LAN B") && web2.saved().contains("jb"), JOIN,
                    () -> web2.describe() + jbOnB.describe() + logs.get());
            long t2 = System.nanoTime();
            web2.send("across the NATs");
            Await.until(() -> jbOnB.received().contains("across the NATs"), JOIN, () -> web2.describe() + jbOnB.describe());
            long oneWay = (System.nanoTime() - t2) / 1_000_000;
            jbOnB.command("{\"cmd\":\"send\",\"contact\":\"" + web2.fingerprint() + "\",\"text\":\"back across\"}");
            Await.until(() -> web2.chat().contains("in:back across"), JOIN, () -> web2.describe() + web2.chat());
            System.out.printf("mixed mesh: browser (LAN A) -> Java (LAN B) message shown after %d ms%n", oneWay);
            assertThat(web2.chat()).containsSubsequence("out:hello from the browser (delivered)", "in:hello from Java",
                    "in:now on LAN B", "out:across the NATs (delivered)", "in:back across");
        } finally {
            for (JavaPeer j : javas) {
                j.close();
            }
            for (AppPage p : pages) {
                p.close();
            }
        }
    }

    private static AppPage open(Chromium chromium, String name, List<AppPage> pages) {
        AppPage p = AppPage.open(chromium.browser(), ORIGIN + "/app/", name);
        pages.add(p);
        return p;
    }

    private static JavaPeer java(NatLab lab, String lan, int host, String name, Path data, List<JavaPeer> javas) {
        JavaPeer j = JavaPeer.onHost(lab.host(lan, host), name, data.resolve(name), SIGNALING, STUN);
        javas.add(j);
        return j;
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 3000));
    }
}
