package io.meshkit.stun.attack;

import io.meshkit.testkit.PrometheusText;
import io.meshkit.testkit.attack.AttackFrame;
import io.meshkit.testkit.attack.LatencyProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Every STUN attack test's {@link AttackFrame}: the real jar ({@link StunTarget}) and three
 * legitimate clients, a Binding over UDP, a Binding over TCP and {@code GET /health} on the ops
 * port, each from another source than the attacker's.
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
    private final AttackFrame frame;

    StunAttackRun(String name, String... flags) {
        this.target = StunTarget.start(name, flags);
        Map<String, LatencyProbe.Probe> clients = new LinkedHashMap<>();
        clients.put("udp binding", target::udpBinding);
        clients.put("tcp binding", target::tcpBinding);
        clients.put("ops /health", target::opsHealth);
        this.frame = new AttackFrame(name, StunTarget.jar(), target.process, clients, Duration.ofMillis(100),
                ROUND_TIMEOUT);
    }

    StunAttackRun counter(String description, ToDoubleFunction<PrometheusText> read) {
        frame.counter(description, read);
        return this;
    }

    void during() {
        frame.during();
    }

    void awaitDuringRounds(int rounds, Duration max) {
        frame.awaitDuringRounds(rounds, max);
    }

    void finish(long maxRssMiB, Duration maxLatency, double minCounterIncrease) {
        frame.finish(maxRssMiB, maxLatency, minCounterIncrease);
    }

    String tail() {
        return frame.tail();
    }

    @Override
    public void close() {
        frame.close();
    }
}
