package io.meshkit.stun.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.PrometheusText;
import io.meshkit.testkit.attack.AttackReport;
import io.meshkit.testkit.attack.LatencyProbe;
import io.meshkit.testkit.attack.Rss;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The frame of every STUN attack test (the signaling tests' frame, with three legitimate clients):
 * the real jar with production flags, its RSS sampled throughout, a Binding over UDP, a Binding
 * over TCP and {@code GET /health} on the ops port each served over and over ({@code before},
 * {@code during}, {@code after} the attack), and at the end one assertion per promise: alive, RSS
 * under the bound, every legitimate round served within the latency bound during and after, the
 * counter moved.
 */
final class StunAttackRun implements AutoCloseable {
    /** How long one legitimate round may take before it counts as not served. */
    static final Duration ROUND_TIMEOUT = Duration.ofSeconds(3);
    /**
     * Peak RSS an attack may drive the server to: it idles at 80-95 MiB with its production options
     * (128 MiB heap, 64 MiB direct memory; the container limit is 384 MiB).
     */
    static final long MAX_RSS_MIB = 128;

    final StunTarget target;
    private final String name;
    private final Rss.Sampler rss;
    private final List<LatencyProbe> legit;
    private double counterBefore;
    private ToDoubleFunction<PrometheusText> counter;
    private String counterName;

    StunAttackRun(String name, String... flags) {
        this.name = name;
        this.target = StunTarget.start(name, flags);
        this.rss = new Rss.Sampler(target.process.pid(), 20);
        Duration every = Duration.ofMillis(100);
        this.legit = List.of(
                new LatencyProbe(name + "-udp", target::udpBinding, every, ROUND_TIMEOUT),
                new LatencyProbe(name + "-tcp", target::tcpBinding, every, ROUND_TIMEOUT),
                new LatencyProbe(name + "-ops", target::opsHealth, every, ROUND_TIMEOUT));
        for (LatencyProbe p : legit) {
            p.awaitRounds(3, Duration.ofSeconds(60));
        }
    }

    /** The counter that must move, read before the attack. */
    StunAttackRun counter(String description, ToDoubleFunction<PrometheusText> read) {
        this.counterName = description;
        this.counter = read;
        this.counterBefore = read.applyAsDouble(target.process.metrics());
        return this;
    }

    /** The attack starts now. */
    void during() {
        legit.forEach(p -> p.phase("during"));
    }

    /** Waits until every legitimate client has been through {@code rounds} rounds during the attack. */
    void awaitDuringRounds(int rounds, Duration max) {
        legit.forEach(p -> p.awaitRounds(rounds, max));
    }

    /** The counter's increase so far (NaN when the metrics cannot be read). */
    double counterDelta() {
        try {
            return counter.applyAsDouble(target.process.metrics()) - counterBefore;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * The attack is over: records the "after" rounds, writes one report line per legitimate client
     * and asserts every promise: alive, peak RSS at most {@code maxRssMiB}, every legitimate round
     * during and after served within {@code maxLatency}, the counter moved by at least
     * {@code minCounterIncrease}.
     */
    void finish(long maxRssMiB, Duration maxLatency, double minCounterIncrease) {
        legit.forEach(p -> p.phase("after"));
        if (target.process.isAlive()) {
            for (LatencyProbe p : legit) {
                try {
                    p.awaitRounds(5, Duration.ofSeconds(30));
                } catch (AssertionError notServed) {
                    // recorded in the phase; asserted below
                }
            }
        }
        long peak = rss.peakBytes();
        double delta = target.process.isAlive() ? counterDelta() : Double.NaN;
        String moved = Double.isNaN(delta) ? "counter unreadable" : counterName + " +" + (long) delta;
        String[] clients = {"udp binding", "tcp binding", "ops /health"};
        for (int i = 0; i < legit.size(); i++) {
            AttackReport.record(name + " [" + clients[i] + "]", StunTarget.jar(), target.process, peak,
                    legit.get(i).result("during"), legit.get(i).result("after"), moved);
        }
        assertThat(target.process.isAlive()).as("the server must survive %s; output:\n%s", name, tail()).isTrue();
        assertThat(peak).as("peak RSS %s, bound %d MiB", Rss.mib(peak), maxRssMiB).isLessThanOrEqualTo(maxRssMiB << 20);
        for (int i = 0; i < legit.size(); i++) {
            for (String phase : new String[] {"during", "after"}) {
                LatencyProbe.Phase p = legit.get(i).result(phase);
                assertThat(p.rounds()).as("%s rounds %s", clients[i], p).isGreaterThan(0);
                assertThat(p.failures()).as("%s not served: %s", clients[i], p).isEmpty();
                assertThat(p.maxMillis()).as("%s latency %s", clients[i], p).isLessThanOrEqualTo(maxLatency.toMillis());
            }
        }
        assertThat(delta).as("%s must move", counterName).isGreaterThanOrEqualTo(minCounterIncrease);
    }

    String tail() {
        String out = target.process.output();
        return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
    }

    @Override
    public void close() {
        legit.forEach(LatencyProbe::close);
        rss.close();
        target.process.close();
    }
}
