package io.meshkit.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.lab.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The app served by the kit, three tabs in one namespace: they elect one router and list each other under
 * "On this network" (as strangers, with Connect); closing the router's tab is a clean exit (the app leaves on
 * pagehide), and the other two fail over within the clean-exit goal (docs/PROTOCOL.md §15: 3 s).
 */
class AppMeshIT {
    /** The clean-exit goal, plus the polling of three pages through Playwright on a busy machine. */
    static final long CLEAN_EXIT_MS = 3_000;

    @Test
    @Timeout(300)
    void threeTabsElectOneRouterListEachOtherAndFailOverWhenTheRoutersTabCloses() {
        try (AppBrowser browser = AppBrowser.start()) {
            List<AppPage> tabs = new ArrayList<>();
            for (String name : List.of("alice", "bob", "carol")) {
                tabs.add(browser.open(name).start());
            }
            Await.until(() -> MeshGroups.converged(tabs), Duration.ofSeconds(60), () -> MeshGroups.describe(tabs));
            AppPage router = tabs.stream().filter(AppPage::isRouter).findFirst().orElseThrow();
            for (AppPage t : tabs) {
                assertThat(t.strangers()).as(t.name).isEqualTo(MeshGroups.others(tabs, t));
                if (t != router) {
                    assertThat(t.status()).isEqualTo("Router: " + router.name);
                }
            }
            tabs.get(0).screenshot("lists.png");

            List<AppPage> rest = new ArrayList<>(tabs);
            rest.remove(router);
            long t0 = System.nanoTime();
            router.closeTab();
            Await.until(() -> MeshGroups.converged(rest), Duration.ofSeconds(30), () -> MeshGroups.describe(rest));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("app: the router's tab closed, the other two converged in %d ms%n", ms);
            assertThat(ms).as("clean exit, measured with the tests' polling").isLessThanOrEqualTo(CLEAN_EXIT_MS);
            for (AppPage t : rest) {
                assertThat(t.peerNames()).isEqualTo(Set.of(MeshGroups.others(rest, t).iterator().next()));
            }
        }
    }
}
