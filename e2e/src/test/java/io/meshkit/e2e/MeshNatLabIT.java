package io.meshkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.MeshClientProcess;
import io.meshkit.testkit.lab.Await;
import io.meshkit.testkit.lab.NatLab;
import io.meshkit.testkit.lab.NatLabExtension;
import io.meshkit.testkit.lab.Wan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mesh clients as processes on LAN hosts of the NAT lab, our signaling and STUN servers on the WAN: two on LAN A,
 * one on LAN B. One mesh per LAN (the public address decides the namespace); with STUN blocked on LAN B the HTTP IP
 * echo gives the same namespace; a metered link, or no answer from either, turns discovery off with an event.
 * Failover is {@link MeshFailoverIT}, a router restart {@link MeshRouterRestartIT}, a host that changes networks
 * {@link MeshMoveIT}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class MeshNatLabIT {
    @RegisterExtension
    static final NatLabExtension LAB = NatLabExtension.of(b -> b.lan("a", 2).lan("b", 1));

    @Test
    void shouldFormOneMeshPerLanAndFallBackToHttp() {
        NatLab lab = LAB.lab();
        ManagedProcess stun = WanServers.stun(lab.wan());
        ManagedProcess signaling = WanServers.signaling(lab.wan());
        LabMesh mesh = new LabMesh();
        List<MeshClientProcess> lanA = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            lanA.add(mesh.start(lab.host("a", i), "a" + i));
        }
        MeshClientProcess b0 = mesh.start(lab.host("b", 0), "b0");
        List<MeshClientProcess> all = new ArrayList<>(lanA);
        all.add(b0);

        long formed = LabMesh.millisUntil(() -> LabMesh.converged(lanA) && LabMesh.converged(List.of(b0)),
                LabMesh.FIRST_CONVERGENCE, all);
        System.out.printf("mesh e2e: 2+1 clients converged %d ms after start%n", formed);
        for (MeshClientProcess c : lanA) {
            assertThat(LabMesh.peerNames(c)).doesNotContain("b0");
            assertThat(c.last("ready").path("ipSource").asText()).isEqualTo("stun");
            assertThat(c.last("ready").path("publicIp").asText()).isEqualTo(lab.nat("a").wanAddress());
        }
        String namespaceA = lanA.get(0).last("ready").path("namespace").asText();
        assertThat(lanA).allSatisfy(c -> assertThat(c.last("ready").path("namespace").asText()).isEqualTo(namespaceA));
        String namespaceB = b0.last("ready").path("namespace").asText();
        assertThat(namespaceB).isNotEqualTo(namespaceA);

        // status command
        MeshClientProcess any = lanA.get(0);
        int before = any.events().size();
        any.command("{\"cmd\":\"status\"}");
        assertThat(any.await("status", before, e -> true, Duration.ofSeconds(20)).path("namespace").asText())
                .isEqualTo(namespaceA);

        // STUN blocked on LAN B: the HTTP IP echo gives the same namespace.
        lab.nat("b").blockUdpPort(WanServers.STUN_PORT);
        MeshClientProcess b1 = mesh.start(lab.host("b", 0), "b0-http", "--stun-timeout", "300ms",
                "--stun-attempts", "2");
        Await.until(() -> b1.last("ready") != null || b1.last("discovery-off") != null, Duration.ofSeconds(90),
                b1::tail);
        assertThat(b1.last("ready")).as("ready event").isNotNull();
        assertThat(b1.last("ready").path("ipSource").asText()).isEqualTo("http");
        assertThat(b1.last("ready").path("namespace").asText()).isEqualTo(namespaceB);

        // Discovery off, with a clear event: a metered link, and neither STUN nor the echo answering.
        MeshClientProcess metered = mesh.start(lab.host("b", 0), "b0-metered", "--metered");
        MeshClientProcess blind = mesh.start(lab.host("b", 0), "b0-blind", "--stun-timeout", "300ms",
                "--stun-attempts", "2",
                "--ip-echo", "http://" + Wan.ADDRESS + ":" + WanServers.SIGNALING_PORT + "/no-such-echo");
        Await.until(() -> metered.last("discovery-off") != null && blind.last("discovery-off") != null,
                Duration.ofSeconds(90), () -> metered.tail() + blind.tail());
        assertThat(metered.last("discovery-off").path("reason").asText()).isEqualTo("metered");
        assertThat(blind.last("discovery-off").path("reason").asText()).isEqualTo("no-public-ip");
        assertThat(metered.last("ready")).isNull();
        assertThat(stun.isAlive()).isTrue();
        assertThat(signaling.isAlive()).isTrue();
    }
}
