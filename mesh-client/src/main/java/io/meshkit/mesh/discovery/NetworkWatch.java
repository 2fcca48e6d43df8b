package io.meshkit.mesh.discovery;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the network a long-running client is on (docs/PROTOCOL.md §2.5, "Re-check"): discovers the public address
 * again every {@code recheck} (the reference client: 5 minutes), and at once when the machine's own addresses change,
 * which the JVM has no event for: the up, non-loopback interfaces and their addresses are polled every {@code poll}
 * (a laptop that changes Wi-Fi, a cable plugged in, a VPN coming up). Every address found goes to {@code found}; the
 * runtime moves the node when it belongs to another namespace and ignores the rest.
 *
 * <p>A check that finds nothing (the link just came up and has no route yet, or the network is gone) is tried again
 * after {@value #FIRST_RETRY_MILLIS} ms, doubling up to {@code recheck}, so a new network is joined within seconds of
 * working. Discovery runs on this watch's own thread: it blocks for seconds when nothing answers.
 */
public final class NetworkWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkWatch.class);
    /** First delay before a failed check is repeated. */
    static final long FIRST_RETRY_MILLIS = 2_000;

    /** The machine's interfaces and addresses, as comparable text (a port, so tests can change them). */
    public interface Interfaces {
        /** {@code name=address} for every address of every up, non-loopback interface. */
        Set<String> snapshot();
    }

    /** The JVM's view: {@link NetworkInterface}. */
    public static final Interfaces SYSTEM = () -> {
        Set<String> out = new TreeSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    out.add(nif.getName() + "=" + a.getHostAddress());
                }
            }
        } catch (SocketException e) {
            out.add("error=" + e.getMessage());
        }
        return out;
    };

    /**
     * When to discover again: pure, time is an argument. A change of the interfaces makes a check due at once; a found
     * address schedules the next one a re-check period later; a failed check is repeated after
     * {@value #FIRST_RETRY_MILLIS} ms, doubling up to the period (5 minutes when re-checks are off).
     */
    static final class Schedule {
        private final long recheckMillis;
        private final long pollMillis;
        private Set<String> lastInterfaces;
        private long nextPollAt;
        private long nextCheckAt;
        private long retryMillis = FIRST_RETRY_MILLIS;

        Schedule(long recheckMillis, long pollMillis, long now, Set<String> interfaces) {
            this.recheckMillis = recheckMillis;
            this.pollMillis = pollMillis;
            this.lastInterfaces = interfaces;
            this.nextPollAt = now + pollMillis;
            this.nextCheckAt = recheckMillis > 0 ? now + FIRST_RETRY_MILLIS : Long.MAX_VALUE;
        }

        /** True when a check should run at {@code now}; {@code interfaces} is read only when a poll is due. */
        boolean due(long now, Supplier<Set<String>> interfaces) {
            if (pollMillis > 0 && now >= nextPollAt) {
                nextPollAt = now + pollMillis;
                Set<String> current = interfaces.get();
                if (!current.equals(lastInterfaces)) {
                    LOG.info("network interfaces changed ({} -> {} addresses); discovering the public address again",
                            lastInterfaces.size(), current.size());
                    lastInterfaces = current;
                    retryMillis = FIRST_RETRY_MILLIS;
                    return true;
                }
            }
            return now >= nextCheckAt;
        }

        /** A check ended at {@code now}, with an address or without. */
        void checked(long now, boolean found) {
            if (found) {
                retryMillis = FIRST_RETRY_MILLIS;
                nextCheckAt = recheckMillis > 0 ? now + recheckMillis : Long.MAX_VALUE;
            } else {
                nextCheckAt = now + retryMillis;
                retryMillis = Math.min(recheckMillis > 0 ? recheckMillis : 5 * 60_000L, retryMillis * 2);
            }
        }

        /** When the next timed check is due (tests). */
        long nextCheckAt() {
            return nextCheckAt;
        }
    }

    private final Supplier<PublicIpDiscovery.Result> discover;
    private final Consumer<PublicIpDiscovery.Found> found;
    private final long recheckMillis;
    private final long pollMillis;
    private final Interfaces interfaces;
    private final ScheduledExecutorService thread;
    private Schedule schedule;

    /**
     * @param discover  one discovery (blocking)
     * @param found     hears every address a check found
     * @param recheck   period of the re-check; zero: never (only interface changes trigger one)
     * @param poll      period of the interface poll; zero: never
     */
    public NetworkWatch(Supplier<PublicIpDiscovery.Result> discover, Consumer<PublicIpDiscovery.Found> found,
                        Duration recheck, Duration poll, Interfaces interfaces) {
        if (recheck.isNegative() || poll.isNegative()) {
            throw new IllegalArgumentException("negative period");
        }
        this.discover = discover;
        this.found = found;
        this.recheckMillis = recheck.toMillis();
        this.pollMillis = poll.toMillis();
        this.interfaces = interfaces;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "network-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts watching. The first check comes {@value #FIRST_RETRY_MILLIS} ms after start (unless re-checks are off):
     * cheap when the address at start was found (the same namespace changes nothing), and the first retry when it was
     * not.
     */
    public NetworkWatch start() {
        if (pollMillis == 0 && recheckMillis == 0) {
            return this;
        }
        thread.execute(() -> schedule = new Schedule(recheckMillis, pollMillis, now(), interfaces.snapshot()));
        long tick = pollMillis > 0 ? Math.min(pollMillis, 1_000) : 1_000;
        thread.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        return this;
    }

    private void tick() {
        try {
            if (!schedule.due(now(), interfaces::snapshot)) {
                return;
            }
            PublicIpDiscovery.Result r = discover.get();
            schedule.checked(now(), r instanceof PublicIpDiscovery.Found);
            if (r instanceof PublicIpDiscovery.Found f) {
                found.accept(f);
            } else {
                LOG.info("no public address found ({}); trying again in a while", ((PublicIpDiscovery.Off) r).reason());
            }
        } catch (RuntimeException e) {
            LOG.warn("network watch: {}", e.toString());
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000L;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
