package io.meshkit.testkit.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A NAT lab in network namespaces: one WAN segment and any number of LANs, each behind its own NAT
 * router, each with any number of hosts.
 *
 * <pre>
 *                 wan  (bridge br0, 203.0.113.1/24: our servers)
 *            ┌─────────┴──────────┐
 *   nat-a  wan0 203.0.113.10   nat-b  wan0 203.0.113.20      masquerade + inbound firewall
 *          br0  198.18.1.1/24         br0  198.18.2.1/24
 *          ┌──┴──┐                     │
 *   a0 eth0 .10  a1 eth0 .11     b0 eth0 198.18.2.10          default route via the NAT
 * </pre>
 *
 * <p>Addresses come only from RFC 5737 (WAN, 203.0.113.0/24) and RFC 2544 (LANs, 198.18.0.0/15).
 * IPv6 is disabled in every lab namespace so that only these addresses appear in ICE candidates.
 *
 * <p>The firewall detail that makes hole punching work (measured, docs/ENVIRONMENT.md): each NAT drops
 * unsolicited inbound packets at the {@code input} and {@code forward} hooks. Without it, a peer's
 * ICE check that arrives before our own outbound check creates a conntrack entry for that 5-tuple,
 * and masquerade then picks a different source port for our outbound check, so the mapping the
 * peer learned through STUN never opens. A packet dropped in the filter hook never has its
 * conntrack entry confirmed, so the later outbound packet keeps its port. Home routers behave so.
 *
 * <p>Close the lab (try-with-resources or {@link NatLabExtension}); a JVM shutdown hook closes
 * labs left open, and {@link #build()} first sweeps leftovers of crashed runs.
 */
public final class NatLab implements AutoCloseable {
    private static final Set<NatLab> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private final String prefix;
    private final Wan wan;
    private final Map<String, Nat> nats;
    private final Map<String, List<Host>> hosts;
    /** Hosts moved in, per LAN: the next moved host gets the next address after the LAN's own hosts. */
    private final Map<String, Integer> movedIn = new ConcurrentHashMap<>();
    private final long buildMillis;
    private volatile long teardownMillis = -1;

    private NatLab(String prefix, Wan wan, Map<String, Nat> nats, Map<String, List<Host>> hosts, long buildMillis) {
        this.prefix = prefix;
        this.wan = wan;
        this.nats = nats;
        this.hosts = hosts;
        this.buildMillis = buildMillis;
    }

    /** Starts describing a lab. */
    public static Builder builder() {
        return new Builder();
    }

    /** Describes the LANs of a lab; {@link #build()} creates it. */
    public static final class Builder {
        /** At most this many LANs: NAT WAN addresses are 203.0.113.10, .20, ... .240. */
        public static final int MAX_LANS = 24;
        /** At most this many hosts per LAN: host addresses are .10 to .249 of the LAN's /24. */
        public static final int MAX_HOSTS = 240;
        private final Map<String, Integer> lans = new LinkedHashMap<>();

        private Builder() {}

        /** Adds LAN {@code name} (1-8 of a-z0-9, starting with a letter) with {@code hosts} hosts. */
        public Builder lan(String name, int hostCount) {
            if (!name.matches("[a-z][a-z0-9]{0,7}")) {
                throw new IllegalArgumentException("LAN name must be 1-8 of [a-z0-9], starting with a letter: " + name);
            }
            if (hostCount < 0 || hostCount > MAX_HOSTS) {
                throw new IllegalArgumentException("hosts per LAN must be 0.." + MAX_HOSTS + ": " + hostCount);
            }
            if (lans.putIfAbsent(name, hostCount) != null) {
                throw new IllegalArgumentException("LAN defined twice: " + name);
            }
            if (lans.size() > MAX_LANS) {
                throw new IllegalArgumentException("at most " + MAX_LANS + " LANs");
            }
            return this;
        }

        /**
         * Creates the lab (root only: skips outside CI, fails on CI). Sweeps crashed runs' leftovers
         * first. On failure, whatever was created is removed.
         */
        public NatLab build() {
            LabPrerequisites.require();
            LabNames.sweep();
            long start = System.nanoTime();
            String prefix = LabNames.newPrefix();
            Topology t = new Topology(prefix);
            try {
                Wan wan = t.wan();
                Map<String, Nat> nats = new LinkedHashMap<>();
                Map<String, List<Host>> hosts = new LinkedHashMap<>();
                int index = 0;
                for (Map.Entry<String, Integer> lan : lans.entrySet()) {
                    index++;
                    Nat nat = t.nat(lan.getKey(), index);
                    nats.put(lan.getKey(), nat);
                    List<Host> lanHosts = new ArrayList<>();
                    for (int h = 0; h < lan.getValue(); h++) {
                        lanHosts.add(t.host(nat, lan.getKey(), index, h));
                    }
                    hosts.put(lan.getKey(), Collections.unmodifiableList(lanHosts));
                }
                NatLab lab = new NatLab(prefix, wan, Collections.unmodifiableMap(nats),
                        Collections.unmodifiableMap(hosts), (System.nanoTime() - start) / 1_000_000);
                register(lab);
                return lab;
            } catch (RuntimeException | Error e) {
                t.destroyAll();
                throw e;
            }
        }
    }

    /** The prefix of this lab's namespace names ({@code mk-<pid>-<hex>}). */
    public String prefix() {
        return prefix;
    }

    /** The WAN namespace, where our servers run at {@link Wan#ADDRESS}. */
    public Wan wan() {
        return wan;
    }

    /** The NAT router of LAN {@code lan}. */
    public Nat nat(String lan) {
        Nat n = nats.get(lan);
        if (n == null) {
            throw new IllegalArgumentException("no LAN " + lan + " (have " + nats.keySet() + ")");
        }
        return n;
    }

    /** Host {@code index} (from 0) of LAN {@code lan}. */
    public Host host(String lan, int index) {
        nat(lan);
        List<Host> list = hosts.get(lan);
        if (index < 0 || index >= list.size()) {
            throw new IllegalArgumentException("LAN " + lan + " has " + list.size() + " hosts, not index " + index);
        }
        return list.get(index);
    }

    /** All hosts of LAN {@code lan}. */
    public List<Host> hosts(String lan) {
        nat(lan);
        return hosts.get(lan);
    }

    /**
     * Moves {@code host} to LAN {@code lan}, as a laptop that changes networks: link down, re-plugged into that LAN's
     * bridge, a new address on that LAN (after its own hosts': 198.18.{i}.{10 + hosts + k}), link up with the default
     * route via that LAN's NAT. Its processes keep running. Returns the new address.
     */
    public synchronized String moveHost(Host host, String lan) {
        Nat target = nat(lan);
        int index = new ArrayList<>(nats.keySet()).indexOf(lan) + 1;
        int k = movedIn.merge(lan, 1, Integer::sum);
        int octet = 10 + hosts.get(lan).size() + k - 1;
        if (octet > 249) {
            throw new IllegalStateException("no address left on LAN " + lan);
        }
        String address = "198.18." + index + "." + octet;
        host.moveTo(target, address, "m" + octet);
        return address;
    }

    /** Milliseconds {@link Builder#build()} took to create the namespaces, links and rules. */
    public long buildMillis() {
        return buildMillis;
    }

    /** Milliseconds {@link #close()} took, or -1 while open. */
    public long teardownMillis() {
        return teardownMillis;
    }

    /** Stops processes started in the lab and deletes its namespaces (and with them its links). */
    @Override
    public synchronized void close() {
        if (teardownMillis >= 0) {
            return;
        }
        long start = System.nanoTime();
        List<Namespace> all = new ArrayList<>();
        hosts.values().forEach(all::addAll);
        all.addAll(nats.values());
        all.add(wan);
        // In parallel: each stop may wait for a JVM or a browser to exit.
        all.parallelStream().forEach(Namespace::stopOwned);
        all.forEach(ns -> Namespace.destroy(ns.name()));
        OPEN.remove(this);
        teardownMillis = Math.max(0, (System.nanoTime() - start) / 1_000_000);
    }

    static void register(NatLab lab) {
        OPEN.add(lab);
        if (!hookInstalled) {
            synchronized (NatLab.class) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(
                            () -> List.copyOf(OPEN).forEach(NatLab::close), "meshkit-natlab-cleanup"));
                    hookInstalled = true;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "NatLab " + prefix + " " + hosts.keySet();
    }
}
