package io.meshkit.testkit.lab;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NAT router of one LAN: a namespace with a WAN leg ({@code wan0}) and a LAN bridge
 * ({@code br0}), IPv4 forwarding, masquerade on the WAN leg and a firewall that drops unsolicited
 * inbound packets (see {@link NatLab} for why the firewall matters). Faults are injected here, on
 * the path between the LAN and the WAN, in a table of their own ({@code meshkit_fault}) that
 * {@link #clearFaults()} empties.
 */
public final class Nat extends Namespace {
    private static final Pattern PACKETS = Pattern.compile("packets (\\d+)");
    private final String lan;
    private final String wanAddress;
    private final String lanAddress;

    Nat(String name, String lan, String wanAddress, String lanAddress) {
        super(name);
        this.lan = lan;
        this.wanAddress = wanAddress;
        this.lanAddress = lanAddress;
    }

    /** The LAN's name as given to the builder. */
    public String lan() {
        return lan;
    }

    /** The public address every host of this LAN shares (203.0.113.0/24). */
    public String wanAddress() {
        return wanAddress;
    }

    /** The router's address on the LAN, the hosts' gateway. */
    public String lanAddress() {
        return lanAddress;
    }

    /** The nftables ruleset of a NAT router (see the class comment of {@link NatLab}). */
    static String ruleset() {
        return """
                table ip meshkit_nat {
                  chain postrouting {
                    type nat hook postrouting priority srcnat; policy accept;
                    oifname "wan0" masquerade
                  }
                }
                table inet meshkit_fw {
                  counter dropped_inbound { }
                  chain input {
                    type filter hook input priority filter; policy drop;
                    ct state established,related accept
                    iifname { "lo", "br0" } accept
                    counter name dropped_inbound drop
                  }
                  chain forward {
                    type filter hook forward priority filter; policy drop;
                    ct state established,related accept
                    iifname "br0" accept
                    counter name dropped_inbound drop
                  }
                }
                table inet meshkit_fault {
                  chain forward {
                    type filter hook forward priority filter - 10; policy accept;
                  }
                }
                """;
    }

    /**
     * Packets the firewall dropped as unsolicited (arriving from the WAN without a conntrack entry
     * made by an outbound packet).
     */
    public long droppedInbound() {
        Matcher m = PACKETS.matcher(exec("nft", "list", "counter", "inet", "meshkit_fw", "dropped_inbound"));
        if (!m.find()) {
            throw new IllegalStateException("no packet count in the dropped_inbound counter");
        }
        return Long.parseLong(m.group(1));
    }

    /** Packets dropped so far by the faults added since the last {@link #clearFaults()}. */
    public long faultDrops() {
        Matcher m = PACKETS.matcher(exec("nft", "list", "chain", "inet", "meshkit_fault", "forward"));
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    /** Drops UDP from the LAN to destination port {@code port} on the WAN: "STUN is blocked here". */
    public void blockUdpPort(int port) {
        checkPort(port);
        addFault("iifname \"br0\" udp dport " + port + " counter drop");
    }

    /** Drops UDP and TCP from the LAN to {@code port} on the WAN. */
    public void blockPort(int port) {
        checkPort(port);
        addFault("iifname \"br0\" meta l4proto { tcp, udp } th dport " + port + " counter drop");
    }

    /**
     * Drops about {@code percent}% of the packets crossing this NAT, each direction independently
     * (nftables {@code numgen random}; no netem in this kernel, see README).
     */
    public void loss(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("loss percent must be 0..100: " + percent);
        }
        addFault(String.format(Locale.ROOT, "numgen random mod 100 < %d counter drop", percent));
    }

    /**
     * Caps the WAN uplink and downlink rate to {@code kbit} kbit/s with a token bucket ({@code tbf}):
     * packets beyond the rate queue (up to 200 ms worth) and then drop. The only "delay" this kernel
     * can make, and only under load; see README.
     */
    public void limitRate(int kbit) {
        if (kbit < 8) {
            throw new IllegalArgumentException("rate must be at least 8 kbit/s: " + kbit);
        }
        for (String dev : List.of("wan0", "br0")) {
            exec("tc", "qdisc", "replace", "dev", dev, "root", "tbf", "rate", kbit + "kbit",
                    "burst", "4kb", "latency", "200ms");
        }
    }

    /** Removes every fault added through this object (blocks, loss, rate limits). */
    public void clearFaults() {
        exec("nft", "flush", "chain", "inet", "meshkit_fault", "forward");
        for (String dev : List.of("wan0", "br0")) {
            tryExec("tc", "qdisc", "del", "dev", dev, "root");
        }
    }

    private void addFault(String rule) {
        Shell.run(List.of("ip", "netns", "exec", name(), "nft", "-f", "-"),
                "add rule inet meshkit_fault forward " + rule + "\n");
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
