package io.meshkit.testkit.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A legitimate client, served over and over while an attack runs: each round runs {@link Probe}
 * (e.g. register an ID and get a message relayed) and records how long it took, or that it failed
 * or took longer than its timeout. Rounds are recorded into named phases ({@code "before"},
 * {@code "during"}, {@code "after"}), so a test can state a bound for each.
 *
 * <p>One round at a time, one after another (a pause of {@code interval} between rounds): it is the
 * latency one client sees, not a throughput figure.
 */
public final class LatencyProbe implements AutoCloseable {
    /** One round of legitimate use; must give up by itself shortly after {@code timeout}. */
    @FunctionalInterface
    public interface Probe {
        void run(Duration timeout) throws Exception;
    }

    /** What one phase recorded. */
    public record Phase(String name, List<Long> micros, List<String> failures) {
        public int rounds() {
            return micros.size() + failures.size();
        }

        /** The slowest successful round in milliseconds (0 with none). */
        public double maxMillis() {
            return micros.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0;
        }

        /** The median successful round in milliseconds (0 with none). */
        public double medianMillis() {
            if (micros.isEmpty()) {
                return 0;
            }
            List<Long> s = new ArrayList<>(micros);
            Collections.sort(s);
            return s.get(s.size() / 2) / 1000.0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d rounds, %d failed, median %.1f ms, max %.1f ms%s", name,
                    rounds(), failures.size(), medianMillis(), maxMillis(),
                    failures.isEmpty() ? "" : ", first failure: " + failures.get(0));
        }
    }

    private final Probe probe;
    private final Duration interval;
    private final Duration timeout;
    private final ExecutorService worker;
    private final Thread driver;
    private final Map<String, Phase> phases = new LinkedHashMap<>();
    private volatile Phase current;
    private volatile boolean running = true;

    /** Starts probing at once, into phase {@code "before"}. */
    public LatencyProbe(String name, Probe probe, Duration interval, Duration timeout) {
        this.probe = probe;
        this.interval = interval;
        this.timeout = timeout;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "probe-" + name);
            t.setDaemon(true);
            return t;
        });
        phase("before");
        this.driver = new Thread(this::loop, "probe-driver-" + name);
        driver.setDaemon(true);
        driver.start();
    }

    /** Records the following rounds into a new phase called {@code name}. */
    public synchronized void phase(String name) {
        Phase p = new Phase(name, Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()));
        phases.put(name, p);
        current = p;
    }

    /** A phase's record so far (empty if it never started). */
    public synchronized Phase result(String name) {
        Phase p = phases.get(name);
        return p == null ? new Phase(name, List.of(), List.of()) : p;
    }

    /**
     * Waits (at most {@code max}) until the current phase has at least {@code rounds} rounds, so a
     * phase never passes by having measured nothing.
     */
    public void awaitRounds(int rounds, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (current.rounds() < rounds) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the legitimate client completed only " + current.rounds() + " of " + rounds
                        + " rounds within " + max + ": " + current);
            }
            try {
                Thread.sleep(10); // polling a counter with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Waits (at most {@code max}) until the current phase has {@code served} successful rounds: a
     * server still starting up (a cluster node connecting to Redis) refuses the first ones.
     */
    public void awaitServed(int served, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (current.micros().size() < served) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the legitimate client was served only " + current.micros().size() + " of "
                        + served + " times within " + max + ": " + current);
            }
            try {
                Thread.sleep(10); // polling a counter with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void loop() {
        while (running) {
            Phase into = current;
            long start = System.nanoTime();
            Future<?> f = worker.submit(() -> {
                probe.run(timeout);
                return null;
            });
            try {
                f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
                into.micros().add((System.nanoTime() - start) / 1000);
            } catch (TimeoutException e) {
                f.cancel(true);
                into.failures().add("no answer within " + timeout);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                into.failures().add(c.getClass().getSimpleName() + ": " + c.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(interval.toMillis()); // the pause between rounds, not synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        driver.interrupt();
        worker.shutdownNow();
    }
}
