package io.meshkit.mesh.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.PeerServers;
import io.meshkit.testkit.lab.Await;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The dual-stack rule of docs/PROTOCOL.md §2.5 with real UDP and our STUN server on the loopback addresses: a STUN
 * host with an IPv4 and an IPv6 address is asked over IPv4 (so the namespace is the IPv4 one, as in a browser), and
 * over IPv6 only when IPv4 gets no answer.
 */
class StunDualStackIT {
    private static final InetAddress V4 = address("127.0.0.1");
    private static final InetAddress V6 = address("::1");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static ManagedProcess stun(int port, String... hosts) {
        List<String> cmd = new ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), "io.meshkit.stun.cli.Main", "--port", Integer.toString(port)));
        for (String h : hosts) {
            cmd.addAll(List.of("--host", h));
        }
        ManagedProcess p = ManagedProcess.start("stun-dual", cmd);
        // Ready once it answers a Binding on its first address.
        InetAddress first = address(hosts[0]);
        Await.until(() -> StunBinding.query(first, port, 1, Duration.ofMillis(200)).isPresent(), Duration.ofSeconds(60),
                p::output);
        return p;
    }

    @Test
    void shouldAskOverIpv4WhenTheHostHasBothAddresses() {
        int port = PeerServers.freeTcpPort();
        try (ManagedProcess p = stun(port, "127.0.0.1", "::1")) {
            // Resolved in the "wrong" order (as with -Djava.net.preferIPv6Addresses=true): IPv4 is still asked first.
            List<InetAddress> order = StunBinding.targets(new InetAddress[] {V6, V4});
            assertThat(order).containsExactly(V4, V6);
            assertThat(StunBinding.query(order, port, 2, Duration.ofMillis(200))).contains(V4);
        }
    }

    @Test
    void shouldFallBackToIpv6WhenIpv4GetsNoAnswer() {
        int port = PeerServers.freeTcpPort();
        try (ManagedProcess p = stun(port, "::1")) {
            Optional<InetAddress> got = StunBinding.query(StunBinding.targets(new InetAddress[] {V4, V6}), port, 2,
                    Duration.ofMillis(200));
            assertThat(got).contains(V6);
        }
    }
}
