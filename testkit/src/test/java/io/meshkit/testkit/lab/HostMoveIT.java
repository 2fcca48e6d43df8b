package io.meshkit.testkit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A host moved from LAN A to LAN B is, to the WAN, behind NAT B from then on; LAN B's own host is unaffected. */
class HostMoveIT {
    @RegisterExtension
    static final NatLabExtension LAB = NatLabExtension.of(b -> b.lan("a", 1).lan("b", 1));

    private static String seenAs(Host host) {
        Optional<String> reply = host.udpRequest(Wan.ADDRESS, 7000, "hello-from-" + host.name(), NatLabIT.REPLY);
        assertThat(reply).as("echo reply to " + host).isPresent();
        Matcher m = NatLabIT.SEEN.matcher(reply.get());
        assertThat(m.matches()).as(reply.get()).isTrue();
        return m.group(1);
    }

    @Test
    void aMovedHostIsBehindItsNewNat() {
        NatLab lab = LAB.lab();
        NatLabIT.agent(lab.wan(), "echo7000", Wan.ADDRESS, 7000, true);
        Host a0 = lab.host("a", 0);
        assertThat(seenAs(a0)).isEqualTo("203.0.113.10");
        long t0 = System.nanoTime();
        String address = lab.moveHost(a0, "b");
        System.out.printf("host move a -> b took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(address).isEqualTo("198.18.2.11");
        assertThat(a0.address()).isEqualTo("198.18.2.11");
        assertThat(a0.gateway()).isEqualTo("198.18.2.1");
        assertThat(a0.exec("ip", "-4", "-o", "addr", "show", "dev", "eth0")).contains("198.18.2.11/24")
                .doesNotContain("198.18.1.10");
        assertThat(seenAs(a0)).isEqualTo("203.0.113.20");
        assertThat(seenAs(lab.host("b", 0))).isEqualTo("203.0.113.20");
        assertThat(lab.nat("a").exec("ip", "-o", "link", "show", "master", "br0")).doesNotContain("m11");
        assertThat(lab.nat("b").exec("ip", "-o", "link", "show", "master", "br0")).contains("m11");
    }
}
