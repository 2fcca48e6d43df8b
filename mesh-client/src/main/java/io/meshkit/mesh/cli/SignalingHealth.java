package io.meshkit.mesh.cli;

import io.meshkit.mesh.peerjs.SignalingClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns how the signaling connections fare into control events, once per outage rather than once per connection and
 * attempt: {@code fault} (reason {@code signaling-unreachable}) when a connection has failed
 * {@value #FAULT_AFTER_ATTEMPTS} times in a row (1 to 2 s after a drop with the default back-off; a server that
 * drops one socket and takes it back at the first retry is not an outage), and {@code recovered} when a connection opens again.
 * The clients keep retrying meanwhile (see the module README).
 */
final class SignalingHealth implements SignalingClient.Observer {
    /** Consecutive failures of one connection before the outage is reported. */
    static final int FAULT_AFTER_ATTEMPTS = 3;
    /** The {@code reason} of the fault and of the recovery. */
    static final String REASON = "signaling-unreachable";

    private final Consumer<Map<String, Object>> events;
    private boolean down;

    SignalingHealth(Consumer<Map<String, Object>> events) {
        this.events = events;
    }

    @Override
    public synchronized void opened(String id) {
        if (down) {
            down = false;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("event", "recovered");
            e.put("reason", REASON);
            events.accept(e);
        }
    }

    @Override
    public synchronized void failed(String id, int attempt, String cause, long retryMillis) {
        if (down || (attempt < FAULT_AFTER_ATTEMPTS && retryMillis >= 0)) {
            return;
        }
        down = true;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", "fault");
        e.put("reason", REASON);
        e.put("detail", cause);
        e.put("retrying", retryMillis >= 0);
        events.accept(e);
    }
}
