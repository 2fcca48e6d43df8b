package io.meshkit.testkit.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates the namespaces, links, addresses, routes and rules of a {@link NatLab}, remembering
 * every namespace so a failed build can remove what it made. Interfaces are created directly
 * inside lab namespaces ({@code ip -n NS link add ... peer name X netns OTHER}), so nothing but
 * namespace names is ever visible in the root namespace.
 */
final class Topology {
    private final String prefix;
    private final List<String> created = new ArrayList<>();

    Topology(String prefix) {
        this.prefix = prefix;
    }

    Wan wan() {
        String ns = namespace("wan");
        ip(ns, "link", "add", "br0", "type", "bridge");
        ip(ns, "addr", "add", Wan.ADDRESS + "/24", "dev", "br0");
        ip(ns, "link", "set", "br0", "up");
        return new Wan(ns);
    }

    /** NAT of the {@code index}-th LAN (from 1): WAN 203.0.113.{10·index}, LAN 198.18.{index}.1/24. */
    Nat nat(String lan, int index) {
        String wanNs = prefix + "-wan";
        String ns = namespace("nat-" + lan);
        String wanAddress = "203.0.113." + (10 * index);
        String lanAddress = "198.18." + index + ".1";
        ip(ns, "link", "add", "wan0", "type", "veth", "peer", "name", "lan-" + lan, "netns", wanNs);
        ip(ns, "addr", "add", wanAddress + "/24", "dev", "wan0");
        ip(ns, "link", "set", "wan0", "up");
        ip(wanNs, "link", "set", "lan-" + lan, "master", "br0", "up");
        ip(ns, "link", "add", "br0", "type", "bridge");
        ip(ns, "addr", "add", lanAddress + "/24", "dev", "br0");
        ip(ns, "link", "set", "br0", "up");
        Shell.run(List.of("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"));
        Shell.run(List.of("ip", "netns", "exec", ns, "nft", "-f", "-"), Nat.ruleset());
        return new Nat(ns, lan, wanAddress, lanAddress);
    }

    /** Host {@code h} (from 0) of the {@code index}-th LAN: 198.18.{index}.{10+h}. */
    Host host(Nat nat, String lan, int index, int h) {
        String ns = namespace(lan + h);
        String address = "198.18." + index + "." + (10 + h);
        String port = "h" + h;
        ip(ns, "link", "add", Host.IFACE, "type", "veth", "peer", "name", port, "netns", nat.name());
        ip(nat.name(), "link", "set", port, "master", "br0", "up");
        ip(ns, "addr", "add", address + "/24", "dev", Host.IFACE);
        ip(ns, "link", "set", Host.IFACE, "up");
        ip(ns, "route", "add", "default", "via", nat.lanAddress());
        return new Host(ns, address, nat.lanAddress(), nat.name(), port);
    }

    /** Creates namespace {@code prefix-role} with loopback up and IPv6 off. */
    String namespace(String role) {
        String ns = prefix + "-" + role;
        Shell.run(List.of("ip", "netns", "add", ns));
        created.add(ns);
        ip(ns, "link", "set", "lo", "up");
        // Before any interface exists, so "default" covers every link created later.
        Shell.run(List.of("ip", "netns", "exec", ns, "sysctl", "-q", "-w",
                "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"));
        return ns;
    }

    void destroyAll() {
        for (int i = created.size() - 1; i >= 0; i--) {
            Namespace.destroy(created.get(i));
        }
    }

    private static void ip(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        Shell.run(cmd);
    }
}
