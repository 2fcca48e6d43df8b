package io.meshkit.testkit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.ManagedProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lab's own behaviour: shared WAN addresses, the inbound firewall, link and port faults. */
class NatLabIT {
    @RegisterExtension
    static final NatLabExtension LAB = NatLabExtension.of(b -> b.lan("a", 2).lan("b", 1));

    static final Duration REPLY = Duration.ofSeconds(3);
    /** Long enough for a reply in this lab (sub-millisecond RTT), used only where none must come. */
    static final Duration NO_REPLY = Duration.ofMillis(700);
    static final Pattern SEEN = Pattern.compile("^seen ([0-9.]+):(\\d+) (.*)$");

    static ManagedProcess echo7000;
    static ManagedProcess echo7001;

    @BeforeAll
    static void startEchoes() {
        Wan wan = LAB.lab().wan();
        echo7000 = agent(wan, "echo7000", Wan.ADDRESS, 7000, true);
        echo7001 = agent(wan, "echo7001", Wan.ADDRESS, 7001, true);
    }

    @AfterEach
    void clearFaults() {
        for (String lan : new String[] {"a", "b"}) {
            LAB.lab().nat(lan).clearFaults();
            LAB.lab().hosts(lan).forEach(Host::linkUp);
        }
    }

    @Test
    void hostsOnOneLanShareTheNatWanAddressAndOtherLansDoNot() {
        NatLab lab = LAB.lab();
        String a0 = seenAs(lab.host("a", 0), 7000);
        String a1 = seenAs(lab.host("a", 1), 7000);
        String b0 = seenAs(lab.host("b", 0), 7000);
        assertThat(a0).isEqualTo(a1).isEqualTo(lab.nat("a").wanAddress()).isEqualTo("203.0.113.10");
        assertThat(b0).isEqualTo(lab.nat("b").wanAddress()).isEqualTo("203.0.113.20").isNotEqualTo(a0);
    }

    @Test
    void unsolicitedInboundPacketsAreDroppedAndSolicitedRepliesPass() throws IOException {
        NatLab lab = LAB.lab();
        Nat nat = lab.nat("a");
        ManagedProcess client = agent(lab.host("a", 0), "client", "0.0.0.0", 5000, false);
        ManagedProcess intruder = agent(lab.wan(), "intruder", Wan.ADDRESS, 7002, false);
        try {
            // An outbound packet opens a mapping; the echo's reply tells which port the NAT chose.
            command(client, "send " + Wan.ADDRESS + " 7000 first");
            Matcher first = awaitLine(client, "recv " + Wan.ADDRESS + ":7000 seen ([0-9.]+):(\\d+) first");
            String mappedPort = first.group(2);
            long droppedBefore = nat.droppedInbound();

            // Another WAN endpoint sends to that mapping: unsolicited (its 5-tuple has no conntrack entry).
            command(intruder, "send " + nat.wanAddress() + " " + mappedPort + " intrusion");
            awaitLine(intruder, "sent .* intrusion");
            // Then the echo answers a second request along the same path; once that reply is in,
            // the earlier intrusion would have been too, had the NAT let it through.
            command(client, "send " + Wan.ADDRESS + " 7000 second");
            awaitLine(client, "recv " + Wan.ADDRESS + ":7000 seen .* second");

            assertThat(client.output()).doesNotContain("intrusion");
            Await.until(() -> nat.droppedInbound() > droppedBefore, REPLY, () -> "dropped counter did not move");
        } finally {
            client.close();
            intruder.close();
        }
    }

    @Test
    void unsolicitedPacketToTheNatItselfIsDropped() {
        NatLab lab = LAB.lab();
        Nat nat = lab.nat("b");
        ManagedProcess witness = agent(nat, "witness", "0.0.0.0", 6000, true);
        try {
            // The listener answers from the LAN side (the firewall accepts br0) ...
            assertThat(lab.host("b", 0).udpRequest(nat.lanAddress(), 6000, "from-lan", REPLY)).isPresent();
            // ... but not from the WAN, where nothing was asked first.
            long before = nat.droppedInbound();
            assertThat(lab.wan().udpRequest(nat.wanAddress(), 6000, "from-wan", NO_REPLY)).isEmpty();
            assertThat(witness.output()).doesNotContain("from-wan");
            assertThat(nat.droppedInbound()).isGreaterThan(before);
        } finally {
            witness.close();
        }
    }

    @Test
    void aLinkTakenDownStopsTrafficAndComesBack() {
        Host a1 = LAB.lab().host("a", 1);
        assertThat(a1.udpRequest(Wan.ADDRESS, 7000, "before", REPLY)).isPresent();
        a1.linkDown();
        // Nothing leaves: with the link down the kernel has no route, and the send fails at once.
        Namespace.ExecResult send = a1.tryExec("bash", "-c", "exec 3<>/dev/udp/" + Wan.ADDRESS + "/7000 && echo down >&3");
        assertThat(send.ok()).isFalse();
        assertThat(send.output()).contains("unreachable");
        a1.linkUp();
        assertThat(a1.udpRequest(Wan.ADDRESS, 7000, "after", REPLY)).isPresent();
    }

    @Test
    void aBlockedUdpPortStopsOnlyThatPortAndOnlyOnThatLan() {
        NatLab lab = LAB.lab();
        lab.nat("a").blockUdpPort(7000);
        assertThat(lab.host("a", 0).udpRequest(Wan.ADDRESS, 7000, "blocked", NO_REPLY)).isEmpty();
        // Positive proof that the block, not a slow echo, ate the request: the rule counted it.
        assertThat(lab.nat("a").faultDrops()).isEqualTo(1);
        assertThat(lab.host("a", 0).udpRequest(Wan.ADDRESS, 7001, "other-port", REPLY)).isPresent();
        assertThat(lab.host("b", 0).udpRequest(Wan.ADDRESS, 7000, "other-lan", REPLY)).isPresent();
        assertThat(echo7000.output()).doesNotContain("blocked");
        lab.nat("a").clearFaults();
        assertThat(lab.host("a", 0).udpRequest(Wan.ADDRESS, 7000, "unblocked", REPLY)).isPresent();
    }

    @Test
    void lossDropsAboutTheRequestedShare() throws IOException {
        NatLab lab = LAB.lab();
        ManagedProcess client = agent(lab.host("b", 0), "lossy", "0.0.0.0", 5001, false);
        try {
            lab.nat("b").loss(50);
            int sent = 200;
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < sent; i++) {
                burst.append("send ").append(Wan.ADDRESS).append(" 7000 lossy").append(i).append('\n');
            }
            command(client, burst.toString().strip());
            awaitLine(client, "sent .* lossy" + (sent - 1));
            lab.nat("b").clearFaults();
            // A marker after the burst, without loss, along the same path: the echo handles datagrams in
            // order, so once the marker's reply is in, the echo has seen every request that survived.
            // Requests are counted where they arrive (one NAT crossing each): replies still in flight
            // when the loss rule is cleared would otherwise skew the count.
            command(client, "send " + Wan.ADDRESS + " 7000 marker");
            awaitLine(client, "recv .* seen .* marker");
            long arrived = echo7000.output().lines().filter(l -> l.matches("recv .* lossy\\d+")).count();
            // Binomial(200, 0.5): mean 100, standard deviation about 7; the bounds are about 6 deviations
            // wide, so the test fails only if the loss rule is off or broken.
            System.out.println("[natlab] loss 50%: " + arrived + "/" + sent + " requests arrived");
            assertThat(arrived).isBetween(55L, 145L);
        } finally {
            client.close();
        }
    }

    @Test
    void aRateCapDropsWhatExceedsTheBucket() throws IOException {
        NatLab lab = LAB.lab();
        ManagedProcess client = agent(lab.host("a", 1), "capped", "0.0.0.0", 5002, false);
        try {
            lab.nat("a").limitRate(64); // 8 kB/s, 4 kB burst, 200 ms queue: about 6 datagrams of 1 kB pass
            int sent = 50;
            String payload = "x".repeat(1000);
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < sent; i++) {
                burst.append("send ").append(Wan.ADDRESS).append(" 7000 r").append(i).append(payload).append('\n');
            }
            command(client, burst.toString().strip());
            awaitLine(client, "sent .* r" + (sent - 1) + "x+");
            lab.nat("a").clearFaults();
            command(client, "send " + Wan.ADDRESS + " 7000 marker");
            awaitLine(client, "recv .* seen .* marker");
            long replies = client.output().lines().filter(l -> l.matches("recv .* seen .* r\\d+x+")).count();
            System.out.println("[natlab] 64 kbit/s cap: " + replies + "/" + sent + " 1 kB round trips survived a burst");
            assertThat(replies).isBetween(1L, 25L);
        } finally {
            client.close();
        }
    }

    private static String seenAs(Host host, int port) {
        Optional<String> reply = host.udpRequest(Wan.ADDRESS, port, "hello-from-" + host.name(), REPLY);
        assertThat(reply).as("echo reply to " + host).isPresent();
        Matcher m = SEEN.matcher(reply.get());
        assertThat(m.matches()).as(reply.get()).isTrue();
        return m.group(1);
    }

    static ManagedProcess agent(Namespace ns, String name, String bind, int port, boolean echo) {
        ManagedProcess p = echo
                ? ns.startJava(name, UdpAgent.class.getName(), bind, Integer.toString(port), "echo")
                : ns.startJava(name, UdpAgent.class.getName(), bind, Integer.toString(port));
        awaitLine(p, "ready .*");
        return p;
    }

    static Matcher awaitLine(ManagedProcess p, String regex) {
        Pattern pattern = Pattern.compile("^" + regex + "$", Pattern.MULTILINE);
        Await.until(() -> pattern.matcher(p.output()).find(), Duration.ofSeconds(15),
                () -> "no line /" + regex + "/ from " + p.logFile() + ":\n" + p.output());
        Matcher m = pattern.matcher(p.output());
        m.find();
        return m;
    }

    static void command(ManagedProcess p, String lines) throws IOException {
        OutputStream in = p.process().getOutputStream();
        in.write((lines + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
