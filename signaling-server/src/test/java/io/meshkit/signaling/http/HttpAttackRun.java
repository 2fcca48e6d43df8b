package io.meshkit.signaling.http;

import io.meshkit.testkit.PrometheusText;
import io.meshkit.testkit.attack.AttackFrame;
import io.meshkit.testkit.attack.LatencyProbe;
import io.meshkit.testkit.attack.TargetProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The {@link AttackFrame} of the main port's HTTP attack tests: the jar and its two legitimate clients. */
final class HttpAttackRun implements AutoCloseable {
    static final Duration ROUND_TIMEOUT = Duration.ofSeconds(3);
    /**
     * Peak RSS an attack may drive the server to: it idles around 100-120 MiB with its production
     * options (192 MiB heap, 96 MiB direct memory; the container limit is 512 MiB).
     */
    static final long MAX_RSS_MIB = 192;

    final TargetProcess target;
    private final AttackFrame frame;

    HttpAttackRun(String name) {
        this.target = HttpTarget.start(name);
        Map<String, LatencyProbe.Probe> clients = new LinkedHashMap<>();
        clients.put("websocket open", timeout -> HttpTarget.webSocketOpen(target, timeout));
        clients.put("http /health", timeout -> HttpTarget.health(target, timeout));
        this.frame = new AttackFrame(name, HttpTarget.jar(), target, clients, Duration.ofMillis(100), ROUND_TIMEOUT);
    }

    HttpAttackRun counter(String description, ToDoubleFunction<PrometheusText> read) {
        frame.counter(description, read);
        return this;
    }

    void during() {
        frame.during();
    }

    void awaitDuringRounds(int rounds, Duration max) {
        frame.awaitDuringRounds(rounds, max);
    }

    void finish(Duration maxLatency, double minCounterIncrease) {
        frame.finish(MAX_RSS_MIB, maxLatency, minCounterIncrease);
    }

    String tail() {
        return frame.tail();
    }

    @Override
    public void close() {
        frame.close();
    }
}
