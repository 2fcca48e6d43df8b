package io.meshkit.stun;

import io.meshkit.stun.core.DropReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what the server received, answered and dropped (by reason). Thread-safe. */
public final class ServerStats {
    private final LongAdder received = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

    public ServerStats() {
        for (DropReason r : DropReason.values()) {
            dropped.put(r, new LongAdder());
        }
    }

    public void received() {
        received.increment();
    }

    public void answered() {
        answered.increment();
    }

    public void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    /** An unexpected exception in the I/O path (our bug, or a socket error); the packet was dropped. */
    public void error() {
        errors.increment();
    }

    public long receivedCount() {
        return received.sum();
    }

    public long answeredCount() {
        return answered.sum();
    }

    public long errorCount() {
        return errors.sum();
    }

    public long droppedCount(DropReason reason) {
        return dropped.get(reason).sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("received=").append(receivedCount()).append(" answered=")
                .append(answeredCount()).append(" errors=").append(errorCount());
        dropped.forEach((r, n) -> {
            if (n.sum() > 0) {
                sb.append(' ').append(r.name().toLowerCase()).append('=').append(n.sum());
            }
        });
        return sb.toString();
    }
}
