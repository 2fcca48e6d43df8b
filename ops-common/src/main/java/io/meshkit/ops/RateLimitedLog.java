package io.meshkit.ops;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Warnings about what remote clients do (refused, dropped, closed), at most one line per source per
 * period: an attacker cannot fill the disk or drown the log, and an operator still sees each
 * offending source, what it did and how often ({@code suppressed}: events since its last line).
 *
 * <p>Time is an argument. The table of sources is bounded: when it is full of sources seen within
 * the period, events from new sources are only counted, and one line per period says how many.
 * Thread-safe (a cold path: only refusals and drops come here).
 */
public final class RateLimitedLog {
    private static final class Seen {
        long lastLogged;
        long suppressed;
    }

    private final Logger log;
    private final long periodMillis;
    private final int maxSources;
    private final Map<String, Seen> sources = new HashMap<>();
    private long overflow;
    private long overflowLoggedAt = Long.MIN_VALUE;

    /** One line per source per {@code periodMillis}; at most {@code maxSources} sources remembered. */
    public RateLimitedLog(Logger log, long periodMillis, int maxSources) {
        if (periodMillis <= 0 || maxSources <= 0) {
            throw new IllegalArgumentException("period and table size must be positive");
        }
        this.log = log;
        this.periodMillis = periodMillis;
        this.maxSources = maxSources;
    }

    /** One line per source per minute, 10,000 sources. */
    public static RateLimitedLog perMinute(Logger log) {
        return new RateLimitedLog(log, 60_000, 10_000);
    }

    /**
     * {@code event} (a fixed text, e.g. "connection refused") happened for {@code reason} (a fixed
     * label) from {@code source}; logs a WARN line unless this source had one within the period.
     * Returns whether it logged.
     */
    public synchronized boolean warn(String source, String event, String reason, long nowMillis) {
        String key = source == null ? "unknown" : source;
        Seen s = sources.get(key);
        if (s != null && nowMillis - s.lastLogged < periodMillis) {
            s.suppressed++;
            return false;
        }
        if (s == null) {
            if (sources.size() >= maxSources) {
                sweep(nowMillis);
            }
            if (sources.size() >= maxSources) {
                overflow++;
                if (nowMillis - overflowLoggedAt >= periodMillis) {
                    log.atWarn().addKeyValue("sources", maxSources).addKeyValue("events", overflow)
                            .log("more sources misbehaving than the log tracks; events from the others are only counted");
                    overflowLoggedAt = nowMillis;
                    overflow = 0;
                }
                return false;
            }
            s = new Seen();
            sources.put(key, s);
        }
        log.atWarn().addKeyValue("source", key).addKeyValue("reason", reason).addKeyValue("suppressed", s.suppressed)
                .log(event);
        s.lastLogged = nowMillis;
        s.suppressed = 0;
        return true;
    }

    private void sweep(long now) {
        for (Iterator<Seen> it = sources.values().iterator(); it.hasNext(); ) {
            if (now - it.next().lastLogged >= periodMillis) {
                it.remove();
            }
        }
    }

    /** Sources remembered now (for tests). */
    public synchronized int size() {
        return sources.size();
    }
}
