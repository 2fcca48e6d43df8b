package io.meshkit.signaling.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One network namespace joined to the root namespace by a veth pair, for a browser that needs a
 * non-loopback interface: with loopback alone Chromium gathers no ICE candidate at all, so two of
 * its pages never connect (FACTS, "Browser WebRTC inside a test namespace").
 *
 * <p>The namespace end gets {@code 198.19.N.2/24} with a default route through the host end
 * {@code 198.19.N.1/24}, which sits in the root namespace where the servers under test listen on
 * all interfaces. {@code N} is the first /24 of 198.19.0.0/16 (RFC 2544 benchmark range) that no
 * interface on the machine uses, so concurrent test runs do not share a subnet. Names carry the pid
 * so that a crashed run's leftovers are recognisable ({@code mkb-<pid>-<n>}).
 *
 * <p>Package-private until the testkit's NAT lab offers the same; root only. {@link #close()} is
 * idempotent and also runs from a JVM shutdown hook.
 */
final class BrowserNetns implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final String hostIf;
    private final String hostAddress;
    private final String nsAddress;
    private final Thread shutdownHook;
    private boolean closed;

    private BrowserNetns(String name, String hostIf, String hostAddress, String nsAddress) {
        this.name = name;
        this.hostIf = hostIf;
        this.hostAddress = hostAddress;
        this.nsAddress = nsAddress;
        this.shutdownHook = new Thread(this::remove, "cleanup-" + name);
    }

    /** Creates the namespace and its veth link; on any failure removes whatever was made. */
    static BrowserNetns create() {
        long pid = ProcessHandle.current().pid();
        int n = COUNTER.incrementAndGet();
        // Interface names are limited to 15 characters (IFNAMSIZ - 1): "mkb" + pid + "h"/"n" + n fits.
        String name = "mkb-" + pid + "-" + n;
        String hostIf = "mkb" + pid + "h" + n;
        String nsIf = "mkb" + pid + "n" + n;
        int subnet = freeSubnet();
        String prefix = "198.19." + subnet + ".";
        BrowserNetns netns = new BrowserNetns(name, hostIf, prefix + "1", prefix + "2");
        Runtime.getRuntime().addShutdownHook(netns.shutdownHook);
        try {
            ip("netns", "add", name);
            ip("link", "add", hostIf, "type", "veth", "peer", "name", nsIf);
            ip("link", "set", nsIf, "netns", name);
            ip("addr", "add", prefix + "1/24", "dev", hostIf);
            ip("link", "set", hostIf, "up");
            ip("-n", name, "link", "set", "lo", "up");
            ip("-n", name, "addr", "add", prefix + "2/24", "dev", nsIf);
            ip("-n", name, "link", "set", nsIf, "up");
            ip("-n", name, "route", "add", "default", "via", prefix + "1");
            return netns;
        } catch (RuntimeException e) {
            netns.close();
            throw e;
        }
    }

    /** The namespace's name, for {@code ip netns exec} and {@code Chromium.launchInNamespace}. */
    String name() {
        return name;
    }

    /** The root-namespace end: where a browser in the namespace reaches servers of the test JVM. */
    String hostAddress() {
        return hostAddress;
    }

    /** The namespace end's address. */
    String nsAddress() {
        return nsAddress;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        remove();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it removes the same things, idempotently.
        }
    }

    /** Deleting the namespace destroys its veth end and with it the host end; the second call is a fallback. */
    private void remove() {
        ipQuietly("netns", "del", name);
        ipQuietly("link", "del", hostIf);
    }

    private static int freeSubnet() {
        String used = run(List.of("ip", "-4", "-o", "addr", "show")).output;
        for (int i = 0; i < 256; i++) {
            int candidate = (int) ((ProcessHandle.current().pid() + i) % 256);
            if (!used.contains(" 198.19." + candidate + ".")) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free /24 in 198.19.0.0/16:\n" + used);
    }

    private static void ip(String... args) {
        List<String> cmd = command(args);
        Result r = run(cmd);
        if (r.exit != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.exit + "): " + r.output);
        }
    }

    private static void ipQuietly(String... args) {
        run(command(args));
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        return cmd;
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
