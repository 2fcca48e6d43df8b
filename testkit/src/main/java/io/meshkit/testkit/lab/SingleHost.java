package io.meshkit.testkit.lab;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One namespace with a veth pair to the root namespace: the smallest place where two pages of one
 * Chromium can do WebRTC (ICE gathers nothing on loopback alone, docs/ENVIRONMENT.md) and still reach a
 * server the test runs in its own JVM.
 *
 * <pre>
 *   root namespace                  namespace mk-&lt;pid&gt;-&lt;hex&gt;-single
 *   mk&lt;hex&gt;r 198.19.X.1/30  ── veth ──  eth0 198.19.X.2/30, default via 198.19.X.1
 * </pre>
 *
 * <p>A server in the test JVM must listen on all interfaces (or on {@link #rootAddress()}), not only
 * on 127.0.0.1; pages in the namespace reach it at {@code rootAddress():port}. Each instance takes
 * a /24 of 198.19.128.0/17 (RFC 2544) in which no address is in use on this machine (and uses a /30
 * of it), so concurrent runs do not collide.
 *
 * <pre>{@code
 * try (SingleHost ns = SingleHost.create(); Chromium c = ns.chromium(List.of())) {
 *     Page page = c.browser().newPage();
 *     page.navigate("http://" + ns.rootAddress() + ":" + port + "/");
 * }
 * }</pre>
 */
public final class SingleHost extends Host implements AutoCloseable {
    /** Attempts to find a free /30 and link name before giving up. */
    static final int ATTEMPTS = 20;
    private final String rootLink;
    private final String rootAddress;
    private volatile boolean closed;

    private SingleHost(String ns, String address, String rootLink, String rootAddress) {
        super(ns, address, rootAddress);
        this.rootLink = rootLink;
        this.rootAddress = rootAddress;
    }

    /** Creates the namespace and its veth (root only: skips outside CI, fails on CI). */
    public static SingleHost create() {
        LabPrerequisites.require();
        LabNames.sweep();
        String ns = LabNames.newPrefix() + "-single";
        Topology t = new Topology(ns.substring(0, ns.length() - "-single".length()));
        t.namespace("single");
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                String link = "mk" + LabNames.hex4() + "r";
                // A /24 of the upper half of 198.19.0.0/16 with no address in use on this machine:
                // other tests (e.g. signaling-server's browser namespace) take the first free /24
                // from the bottom, and two runs must never route the same subnet.
                String base = "198.19." + ThreadLocalRandom.current().nextInt(128, 256) + ".";
                String rootAddr = base + "1";
                String nsAddr = base + "2";
                if (Shell.run(List.of("ip", "-o", "-4", "addr", "show")).contains(" " + base)) {
                    continue;
                }
                if (!Shell.tryRun(List.of("ip", "link", "add", link, "type", "veth", "peer", "name", IFACE,
                        "netns", ns), null).ok()) {
                    continue; // the name was taken by a concurrent run
                }
                SingleHost host = new SingleHost(ns, nsAddr, link, rootAddr);
                Shell.run(List.of("ip", "link", "set", link, "alias",
                        LabNames.ALIAS_PREFIX + ProcessHandle.current().pid()));
                Shell.run(List.of("ip", "addr", "add", rootAddr + "/30", "dev", link));
                Shell.run(List.of("ip", "link", "set", link, "up"));
                Shell.run(List.of("ip", "-n", ns, "addr", "add", nsAddr + "/30", "dev", IFACE));
                Shell.run(List.of("ip", "-n", ns, "link", "set", IFACE, "up"));
                Shell.run(List.of("ip", "-n", ns, "route", "add", "default", "via", rootAddr));
                SHUTDOWN.add(host);
                return host;
            }
            throw new IllegalStateException("no free 198.19.X.0/24 and link name after " + ATTEMPTS + " attempts");
        } catch (RuntimeException | Error e) {
            t.destroyAll();
            throw e;
        }
    }

    /** The root namespace's end of the veth: where the namespace reaches servers of the test JVM. */
    public String rootAddress() {
        return rootAddress;
    }

    /** The root-namespace link name ({@code mk<hex>r}). */
    public String rootLink() {
        return rootLink;
    }

    /** Stops processes started here, deletes the namespace and the root end of the veth. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopOwned();
        Namespace.destroy(name());
        // Deleting the namespace deletes the veth pair; this catches a link whose peer never moved.
        Shell.tryRun(List.of("ip", "link", "del", rootLink), null);
        SHUTDOWN.remove(this);
    }

    private static final java.util.Set<SingleHost> SHUTDOWN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> List.copyOf(SHUTDOWN).forEach(SingleHost::close), "meshkit-singlehost-cleanup"));
    }
}
