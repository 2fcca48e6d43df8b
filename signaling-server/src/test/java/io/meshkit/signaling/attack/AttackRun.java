package io.meshkit.signaling.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.PrometheusText;
import io.meshkit.testkit.attack.AttackReport;
import io.meshkit.testkit.attack.LatencyProbe;
import io.meshkit.testkit.attack.LiveHeap;
import io.meshkit.testkit.attack.Rss;
import io.meshkit.testkit.attack.TargetProcess;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * The frame of every attack test: the real jar with production flags, its RSS sampled throughout,
 * a legitimate client served over and over ({@code before}, {@code during}, {@code after} the
 * attack), and at the end one assertion per promise: alive, RSS under the bound, the legitimate
 * client served within the latency bound during and after, the counter moved.
 */
final class AttackRun implements AutoCloseable {
    /** How long one legitimate round may take before it counts as not served. */
    static final Duration ROUND_TIMEOUT = Duration.ofSeconds(5);

    final TargetProcess target;
    private final String name;
    private final Rss.Sampler rss;
    private final LatencyProbe legit;
    private double counterBefore;
    private ToDoubleFunction<PrometheusText> counter;
    private String counterName;
    private boolean recorded;
    /** Live heap measured while the attacker still held its connections, or -1. */
    private long heldLiveHeap = -1;
    /** The JVM's direct buffers in use (Netty's included, with the launcher defaults) at the same moment, or -1. */
    private long heldDirect = -1;

    AttackRun(String name, String... flags) {
        this.name = name;
        this.target = SignalingTarget.start(name, flags);
        this.rss = new Rss.Sampler(target.pid(), 20);
        this.legit = new LatencyProbe(name, timeout -> SignalingTarget.legitRound(target, timeout),
                Duration.ofMillis(50), ROUND_TIMEOUT);
        legit.awaitServed(3, Duration.ofSeconds(90));
        SignalingTarget.takeSlowest();
    }

    /** The counter that must move, read before the attack. */
    AttackRun counter(String description, ToDoubleFunction<PrometheusText> read) {
        this.counterName = description;
        this.counter = read;
        this.counterBefore = read.applyAsDouble(target.metrics());
        return this;
    }

    /**
     * Measures the live heap now, while the attacker still holds its connections (what it made the
     * server keep for it); {@link #finish} asserts the larger of this and the live heap after.
     */
    void measureWhileHeld() {
        // The full GC this takes stops the server for a moment: not something the attacker did, so the
        // legitimate rounds meanwhile go to a phase of their own, which is reported but not asserted.
        legit.phase("measuring");
        if (target.isAlive()) {
            heldLiveHeap = LiveHeap.afterFullGc(target.pid());
            heldDirect = directBytes();
        }
    }

    /** {@code jvm_buffer_memory_used_bytes{id="direct"}}: every direct buffer, Netty's too (-Dio.netty.maxDirectMemory=0). */
    private long directBytes() {
        try {
            double v = target.metrics().value("jvm_buffer_memory_used_bytes", "id", "direct");
            return Double.isNaN(v) ? -1 : (long) v;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The attack starts now. */
    void during() {
        legit.phase("during");
    }

    /** Waits until the legitimate client has been through {@code rounds} rounds during the attack. */
    void awaitDuringRounds(int rounds, Duration max) {
        legit.awaitRounds(rounds, max);
    }

    /** The box: RSS under this, below the Helm pod's memory limit of 512 MiB (docker/jvm/signaling-server.options budgets for it). */
    static final long MAX_RSS_MIB = 448;
    /** What the attacker may make the server keep: live heap after a full GC (the queue bound alone is 16 MiB). */
    static final long MAX_LIVE_HEAP_MIB = 64;
    /** Direct memory in use while the attacker holds its connections (the launcher defaults allow 96 MiB). */
    static final long MAX_DIRECT_MIB = 64;
    /** The legitimate client's bound on one round, during and right after an attack (a loaded 2-core box). */
    static final Duration MAX_LATENCY = Duration.ofSeconds(1);

    /** {@link #finish(long, long, Duration, double)} with the common bounds. */
    void finish(double minCounterIncrease) {
        finish(MAX_RSS_MIB, MAX_LIVE_HEAP_MIB, MAX_LATENCY, minCounterIncrease);
    }

    /**
     * The attack is over: records the "after" rounds, writes the report line and asserts every
     * promise: alive, peak RSS at most {@code maxRssMiB}, live heap after a full GC at most
     * {@code maxLiveHeapMiB}, every legitimate round during and after served within
     * {@code maxLatency}, the counter moved by at least {@code minCounterIncrease}.
     */
    void finish(long maxRssMiB, long maxLiveHeapMiB, Duration maxLatency, double minCounterIncrease) {
        recorded = true;
        legit.phase("after");
        if (target.isAlive()) {
            try {
                legit.awaitRounds(5, Duration.ofSeconds(30));
            } catch (AssertionError notServed) {
                // recorded in the phase; asserted below
            }
        }
        LatencyProbe.Phase during = legit.result("during");
        LatencyProbe.Phase after = legit.result("after");
        long peak = rss.peakBytes();
        long liveAfter = target.isAlive() ? LiveHeap.afterFullGc(target.pid()) : -1;
        long live = liveAfter < 0 ? -1 : Math.max(liveAfter, heldLiveHeap);
        String moved = "counter n/a";
        double delta = Double.NaN;
        if (target.isAlive()) {
            try {
                PrometheusText m = target.metrics();
                delta = counter.applyAsDouble(m) - counterBefore;
                // How late the server's own timer ran (its event loop's worst stall lately): tells a
                // slow server from a slow client on a loaded machine.
                moved = counterName + " +" + (long) delta + " | event loop lag max "
                        + Math.round(m.count("meshkit_signaling_event_loop_lag_seconds_max") * 1000) + " ms"
                        + " | direct memory held " + Rss.mib(heldDirect)
                        + " | slowest legitimate round: " + SignalingTarget.takeSlowest();
            } catch (RuntimeException e) {
                moved = "counter unreadable: " + e.getMessage();
            }
        }
        AttackReport.record(name, SignalingTarget.jar(), target, peak, live, during, after, moved);
        assertThat(target.isAlive()).as("the server must survive %s; output:\n%s", name, tail()).isTrue();
        assertThat(peak).as("peak RSS %s, bound %d MiB", Rss.mib(peak), maxRssMiB).isLessThanOrEqualTo(maxRssMiB << 20);
        assertThat(live).as("live heap after a full GC %s, bound %d MiB", Rss.mib(live), maxLiveHeapMiB)
                .isBetween(0L, maxLiveHeapMiB << 20);
        assertThat(heldDirect).as("direct memory while the attacker held on %s, bound %d MiB", Rss.mib(heldDirect),
                MAX_DIRECT_MIB).isLessThanOrEqualTo(MAX_DIRECT_MIB << 20);
        for (LatencyProbe.Phase p : new LatencyProbe.Phase[] {during, after}) {
            assertThat(p.rounds()).as("legitimate rounds %s", p).isGreaterThan(0);
            assertThat(p.failures()).as("legitimate client not served: %s", p).isEmpty();
            assertThat(p.maxMillis()).as("legitimate latency %s", p).isLessThanOrEqualTo(maxLatency.toMillis());
        }
        assertThat(delta).as("%s must move", counterName).isGreaterThanOrEqualTo(minCounterIncrease);
    }

    String tail() {
        String out = target.output();
        return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
    }

    /**
     * Ends the run; a run whose attack failed an assertion before {@link #finish} still writes its
     * line (what the legitimate client saw, RSS, alive or not), so "before the fix" figures exist for
     * every attack.
     */
    @Override
    public void close() {
        if (!recorded) {
            legit.phase("after");
            AttackReport.record(name + " (stopped early: an attack assertion failed)", SignalingTarget.jar(), target,
                    rss.peakBytes(), target.isAlive() ? Math.max(heldLiveHeap, LiveHeap.afterFullGc(target.pid())) : -1,
                    legit.result("during"), legit.result("after"), "counter n/a");
        }
        legit.close();
        rss.close();
        target.close();
    }
}
