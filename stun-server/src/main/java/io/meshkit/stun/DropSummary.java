package io.meshkit.stun;

import io.meshkit.stun.core.DropReason;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line a minute saying what the server dropped in that minute, by reason. Datagrams are
 * never logged one by one, nor per source: sources are spoofable, so a flood from random addresses
 * would otherwise become a flood of log lines. This way an operator still sees a flood (and its
 * kind: rate-limited, not STUN, malformed) in the log, with its numbers in {@code /metrics}.
 */
final class DropSummary implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DropSummary.class);

    private final ServerStats stats;
    private final long[] last = new long[DropReason.values().length];

    DropSummary(ServerStats stats) {
        this.stats = stats;
        for (DropReason r : DropReason.values()) {
            last[r.ordinal()] = stats.droppedCount(r);
        }
    }

    @Override
    public void run() {
        String summary = summarize();
        if (!summary.isEmpty()) {
            LOG.warn("STUN messages dropped in the last minute:{} (meshkit_stun_dropped_total)", summary);
        }
    }

    /** The reasons that moved since the last call, {@code " reason=n ..."}; empty when none did. */
    String summarize() {
        StringBuilder sb = new StringBuilder();
        for (DropReason r : DropReason.values()) {
            long now = stats.droppedCount(r);
            long delta = now - last[r.ordinal()];
            last[r.ordinal()] = now;
            if (delta > 0) {
                sb.append(' ').append(r.name().toLowerCase(Locale.ROOT)).append('=').append(delta);
            }
        }
        return sb.toString();
    }
}
