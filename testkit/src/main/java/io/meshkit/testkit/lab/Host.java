package io.meshkit.testkit.lab;

import java.util.List;

/**
 * A namespace with one interface, {@code eth0}, and a default route to its gateway: a machine on
 * a LAN (or the WAN server host, which has no gateway). Its link can be taken down and up.
 */
public class Host extends Namespace {
    /** The host's only interface. */
    public static final String IFACE = "eth0";
    private volatile String address;
    private volatile String gateway;
    /** The NAT namespace holding the other end of {@code eth0} (on its bridge), and that end's name; null on the WAN. */
    private volatile String natNamespace;
    private volatile String port;

    Host(String name, String address, String gateway) {
        this(name, address, gateway, null, null);
    }

    Host(String name, String address, String gateway, String natNamespace, String port) {
        super(name);
        this.address = address;
        this.gateway = gateway;
        this.natNamespace = natNamespace;
        this.port = port;
    }

    /** The host's IPv4 address on its segment (inside 198.18.0.0/15 on a LAN). */
    public String address() {
        return address;
    }

    /** The default gateway's address (its NAT's LAN address), or null on the WAN. */
    public String gateway() {
        return gateway;
    }

    /**
     * Takes {@code eth0} down: a silent disappearance. Nothing is sent (no FIN, no close); peers
     * notice only through their own timeouts. Local sends fail at once (no route).
     */
    public void linkDown() {
        Shell.run(List.of("ip", "-n", name(), "link", "set", IFACE, "down"));
    }

    /** Brings {@code eth0} back up and restores the default route the kernel dropped with it. */
    public void linkUp() {
        Shell.run(List.of("ip", "-n", name(), "link", "set", IFACE, "up"));
        if (gateway != null) {
            Shell.run(List.of("ip", "-n", name(), "route", "replace", "default", "via", gateway));
        }
    }

    /**
     * Moves this host to {@code target}'s LAN as a laptop moves between networks: link down, the cable (the other end
     * of {@code eth0}) re-plugged into {@code target}'s bridge, a new address {@code newAddress} on its subnet, link up
     * with the default route via {@code target}. Processes in the host keep running; their sockets bound to the old
     * address are dead.
     */
    void moveTo(Nat target, String newAddress, String newPort) {
        if (natNamespace == null) {
            throw new IllegalStateException(this + " is not on a LAN");
        }
        linkDown();
        Shell.run(List.of("ip", "-n", natNamespace, "link", "set", port, "down"));
        // The name must be free in the target NAT, whose own hosts use h0, h1, ...
        Shell.run(List.of("ip", "-n", natNamespace, "link", "set", port, "name", newPort));
        Shell.run(List.of("ip", "-n", natNamespace, "link", "set", newPort, "netns", target.name()));
        Shell.run(List.of("ip", "-n", target.name(), "link", "set", newPort, "master", "br0", "up"));
        Shell.run(List.of("ip", "-n", name(), "addr", "flush", "dev", IFACE));
        Shell.run(List.of("ip", "-n", name(), "addr", "add", newAddress + "/24", "dev", IFACE));
        natNamespace = target.name();
        port = newPort;
        address = newAddress;
        gateway = target.lanAddress();
        linkUp();
    }

    @Override
    public String toString() {
        return name() + "(" + address + ")";
    }
}
