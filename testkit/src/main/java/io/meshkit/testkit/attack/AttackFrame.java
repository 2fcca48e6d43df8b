package io.meshkit.testkit.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.testkit.PrometheusText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The frame of an attack test with several legitimate clients: a server's real jar already started
 * ({@link TargetProcess}), its RSS sampled throughout, each named client served over and over
 * ({@code before}, {@code during}, {@code after} the attack), and at the end one assertion per
 * promise: alive, peak RSS under the bound, every client served within the latency bound during
 * and after, the counter of the defence moved. One report line per client ({@link AttackReport}).
 */
public final class AttackFrame implements AutoCloseable {
    private final String name;
    private final Path jar;
    private final TargetProcess target;
    private final Rss.Sampler rss;
    private final Map<String, LatencyProbe> clients = new LinkedHashMap<>();
    private double counterBefore;
    private ToDoubleFunction<PrometheusText> counter;
    private String counterName;

    /**
     * Starts probing with every client (one round each {@code interval}, failing after
     * {@code roundTimeout}) and waits until each has been served a few times before the attack.
     * Closes {@code target} when closed.
     */
    public AttackFrame(String name, Path jar, TargetProcess target, Map<String, LatencyProbe.Probe> legitimate,
                       Duration interval, Duration roundTimeout) {
        this.name = name;
        this.jar = jar;
        this.target = target;
        this.rss = new Rss.Sampler(target.pid(), 20);
        legitimate.forEach((client, probe) ->
                clients.put(client, new LatencyProbe(name + "-" + client, probe, interval, roundTimeout)));
        for (LatencyProbe p : clients.values()) {
            p.awaitRounds(3, Duration.ofSeconds(60));
        }
    }

    public TargetProcess target() {
        return target;
    }

    /** The counter that must move, read before the attack. */
    public AttackFrame counter(String description, ToDoubleFunction<PrometheusText> read) {
        this.counterName = description;
        this.counter = read;
        this.counterBefore = read.applyAsDouble(target.metrics());
        return this;
    }

    /** The attack starts now. */
    public void during() {
        clients.values().forEach(p -> p.phase("during"));
    }

    /** Waits until every client has been through {@code rounds} rounds during the attack. */
    public void awaitDuringRounds(int rounds, Duration max) {
        clients.values().forEach(p -> p.awaitRounds(rounds, max));
    }

    /** The counter's increase so far (NaN when the metrics cannot be read). */
    public double counterDelta() {
        try {
            return counter.applyAsDouble(target.metrics()) - counterBefore;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * The attack is over: records the "after" rounds, writes one report line per client and asserts
     * every promise: alive, peak RSS at most {@code maxRssMiB}, every client's rounds during and
     * after served within {@code maxLatency}, the counter moved by at least {@code minCounterIncrease}.
     */
    public void finish(long maxRssMiB, Duration maxLatency, double minCounterIncrease) {
        clients.values().forEach(p -> p.phase("after"));
        if (target.isAlive()) {
            for (LatencyProbe p : clients.values()) {
                try {
                    p.awaitRounds(5, Duration.ofSeconds(30));
                } catch (AssertionError notServed) {
                    // recorded in the phase; asserted below
                }
            }
        }
        long peak = rss.peakBytes();
        double delta = target.isAlive() ? counterDelta() : Double.NaN;
        String moved = Double.isNaN(delta) ? "counter unreadable" : counterName + " +" + (long) delta;
        clients.forEach((client, p) -> AttackReport.record(name + " [" + client + "]", jar, target, peak,
                p.result("during"), p.result("after"), moved));
        assertThat(target.isAlive()).as("the server must survive %s; output:\n%s", name, tail()).isTrue();
        assertThat(peak).as("peak RSS %s, bound %d MiB", Rss.mib(peak), maxRssMiB).isLessThanOrEqualTo(maxRssMiB << 20);
        List<String> phases = List.of("during", "after");
        for (Map.Entry<String, LatencyProbe> c : clients.entrySet()) {
            for (String phase : phases) {
                LatencyProbe.Phase p = c.getValue().result(phase);
                assertThat(p.rounds()).as("%s rounds %s", c.getKey(), p).isGreaterThan(0);
                assertThat(p.failures()).as("%s not served: %s", c.getKey(), p).isEmpty();
                assertThat(p.maxMillis()).as("%s latency %s", c.getKey(), p).isLessThanOrEqualTo(maxLatency.toMillis());
            }
        }
        assertThat(delta).as("%s must move", counterName).isGreaterThanOrEqualTo(minCounterIncrease);
    }

    /** The end of what the server printed, for failure messages. */
    public String tail() {
        String out = target.output();
        return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
    }

    @Override
    public void close() {
        List<LatencyProbe> all = new ArrayList<>(clients.values());
        all.forEach(LatencyProbe::close);
        rss.close();
        target.close();
    }
}
