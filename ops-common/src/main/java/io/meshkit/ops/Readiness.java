package io.meshkit.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether this server should receive new clients ({@code GET /ready}): ready while no named
 * condition is failing. Components own their condition and flip it from any thread:
 * {@link #DRAINING} is set by graceful shutdown, others by the server that needs them (the
 * signaling server's cluster mode fails {@code redis} while its required backend is unreachable).
 * Liveness ({@code /health}) is separate: a server that is draining or has lost a backend is
 * alive and must not be restarted for it.
 */
public final class Readiness {
    /** Set while the server shuts down gracefully: the load balancer should stop sending clients. */
    public static final String DRAINING = "draining";
    /** Longest reason kept per condition: the text is shown on {@code /ready}, so it stays short. */
    public static final int MAX_REASON_CHARS = 200;

    private final Map<String, String> failing = new ConcurrentHashMap<>();

    /** Marks {@code condition} as failing with a short human-readable {@code reason} (never untrusted input). */
    public void notReady(String condition, String reason) {
        String r = reason == null || reason.isBlank() ? condition : reason;
        failing.put(condition, r.length() > MAX_REASON_CHARS ? r.substring(0, MAX_REASON_CHARS) : r);
    }

    /** Clears {@code condition}. */
    public void ready(String condition) {
        failing.remove(condition);
    }

    /** Sets or clears {@code condition} in one call. */
    public void set(String condition, boolean ok, String reasonIfNot) {
        if (ok) {
            ready(condition);
        } else {
            notReady(condition, reasonIfNot);
        }
    }

    /** True while no condition fails. */
    public boolean isReady() {
        return failing.isEmpty();
    }

    /**
     * Exports {@link #isReady()} as the gauge {@code name} (1 ready, 0 not). {@code /ready} is read by
     * the load balancer, which takes a failing server out quietly; an alert needs the same answer as a
     * series (a replica that lost its required Redis stays alive and out of rotation until someone
     * looks). The reasons stay on {@code /ready}: they are text, not label values.
     */
    public void bindTo(MeterRegistry registry, String name) {
        Gauge.builder(name, this, r -> r.isReady() ? 1 : 0)
                .description("1 while the server is ready for new clients (GET /ready answers 200), 0 while not")
                .register(registry);
    }

    /** The failing conditions and their reasons, sorted by name (a snapshot). */
    public Map<String, String> failing() {
        return new TreeMap<>(failing);
    }

    /** One line for {@code /ready}: {@code ready}, or {@code not ready: draining (shutting down); redis (...)}. */
    public String describe() {
        Map<String, String> f = failing();
        if (f.isEmpty()) {
            return "ready";
        }
        StringBuilder sb = new StringBuilder("not ready:");
        String sep = " ";
        for (Map.Entry<String, String> e : f.entrySet()) {
            sb.append(sep).append(e.getKey());
            if (!e.getValue().equals(e.getKey())) {
                sb.append(" (").append(e.getValue()).append(')');
            }
            sep = "; ";
        }
        return sb.toString();
    }
}
