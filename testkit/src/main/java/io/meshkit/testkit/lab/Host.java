package io.meshkit.testkit.lab;

import java.util.List;

/**
 * A namespace with one interface, {@code eth0}, and a default route to its gateway: a machine on
 * a LAN (or the WAN server host, which has no gateway). Its link can be taken down and up.
 */
public class Host extends Namespace {
    /** The host's only interface. */
    public static final String IFACE = "eth0";
    private final String address;
    private final String gateway;

    Host(String name, String address, String gateway) {
        super(name);
        this.address = address;
        this.gateway = gateway;
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

    @Override
    public String toString() {
        return name() + "(" + address + ")";
    }
}
