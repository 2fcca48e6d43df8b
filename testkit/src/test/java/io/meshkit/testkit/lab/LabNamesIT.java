package io.meshkit.testkit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sweep removes a crashed run's leftovers and never a live run's; building and tearing down is timed. */
class LabNamesIT {
    @Test
    void sweepRemovesNamespacesOfDeadRunsWithTheirProcessesAndKeepsLiveOnes() throws Exception {
        LabPrerequisites.require();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        long deadPid = gone.pid();
        String crashed = "mk-" + deadPid + "-" + LabNames.hex4() + "-wan";
        String live = LabNames.newPrefix() + "-wan";
        Shell.run(List.of("ip", "netns", "add", crashed));
        Shell.run(List.of("ip", "netns", "add", live));
        // A process the crashed run left inside its namespace.
        Process leftover = new ProcessBuilder("ip", "netns", "exec", crashed, "sleep", "300").start();
        try {
            Await.until(() -> !Shell.run(List.of("ip", "netns", "pids", crashed)).isBlank(),
                    java.time.Duration.ofSeconds(5), () -> "leftover did not start");
            assertThat(LabNames.alive(deadPid)).isFalse();

            assertThat(LabNames.sweep()).isGreaterThanOrEqualTo(1);

            assertThat(LabNames.namespaces()).doesNotContain(crashed).contains(live);
            assertThat(leftover.waitFor(5, TimeUnit.SECONDS)).as("leftover process killed").isTrue();
        } finally {
            leftover.destroyForcibly();
            Namespace.destroy(crashed);
            Namespace.destroy(live);
        }
    }

    @Test
    void buildAndTeardownOfTwoLansWithThreeHostsIsTimed() {
        int runs = 3;
        for (int i = 0; i < runs; i++) {
            NatLab lab = NatLab.builder().lan("a", 2).lan("b", 1).build();
            String prefix = lab.prefix();
            lab.close();
            System.out.println("[natlab] 2 LANs, 2+1 hosts: build " + lab.buildMillis() + " ms, teardown "
                    + lab.teardownMillis() + " ms");
            assertThat(LabNames.namespaces()).noneMatch(n -> n.startsWith(prefix));
        }
    }

    @Test
    void twoLabsOfOneRunDoNotCollide() {
        try (NatLab one = NatLab.builder().lan("a", 1).build();
                NatLab two = NatLab.builder().lan("a", 1).build()) {
            assertThat(one.prefix()).isNotEqualTo(two.prefix());
            assertThat(one.host("a", 0).udpRequest(Wan.ADDRESS, 9, "x", java.time.Duration.ofMillis(1))).isEmpty();
            assertThat(one.host("a", 0).exec("ip", "-4", "-o", "addr", "show", "eth0")).contains("198.18.1.10/24");
            assertThat(two.host("a", 0).exec("ip", "-4", "-o", "addr", "show", "eth0")).contains("198.18.1.10/24");
        }
    }
}
