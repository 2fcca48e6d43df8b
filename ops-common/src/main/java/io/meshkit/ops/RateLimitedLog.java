package io.meshkit.ops;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Warnings about what remote clients do (refused, dropped, closed), at most one line per source and
 * reason per period: an attacker cannot fill the disk or drown the log, and an operator still sees
 * each offending source, what it did and how often ({@code suppressed}: the same events since the
 * last line).
 *
 * <p>Time is an argument. The table is bounded: when it is full of pairs seen within the period,
 * events of new pairs are only counted, and one line per period says how many. Thread-safe (a cold
 * path: only refusals and drops come here).
 */
public final class RateLimitedLog {
    private static final class Seen {
        long lastLogged;
        long suppressed;
    }

    private final Logger log;
    private final long periodMillis;
    private final int maxEntries;
    /** Source, then reason: no key is built per event, so a flood of refusals allocates nothing here. */
    private final Map<String, Map<String, Seen>> seen = new HashMap<>();
    private int entries;
    private long overflow;
    private long overflowLoggedAt = Long.MIN_VALUE;

    /** At most one line per (source, reason) per {@code periodMillis}; at most {@code maxEntries} pairs remembered. */
    public RateLimitedLog(Logger log, long periodMillis, int maxEntries) {
        if (periodMillis <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("period and table size must be positive");
        }
        this.log = log;
        this.periodMillis = periodMillis;
        this.maxEntries = maxEntries;
    }

    /** One line per source and reason per minute, 10,000 pairs. */
    public static RateLimitedLog perMinute(Logger log) {
        return new RateLimitedLog(log, 60_000, 10_000);
    }

    /**
     * {@code event} (a fixed text, e.g. "socket refused") happened for {@code reason} (a fixed label)
     * from {@code source}; logs a WARN line unless this pair had one within the period. Returns
     * whether it logged.
     */
    public boolean warn(String source, String event, String reason, long nowMillis) {
        String src = source == null ? "unknown" : source;
        long suppressed = admit(src, reason, nowMillis);
        if (suppressed < 0) {
            return false;
        }
        log.atWarn().addKeyValue("source", src).addKeyValue("reason", reason).addKeyValue("suppressed", suppressed)
                .log(event);
        return true;
    }

    /**
     * Whether a line for {@code source} and {@code reason} may be written now (the caller writes it);
     * for callers with their own message format.
     */
    public boolean shouldLog(String source, String reason, long nowMillis) {
        return admit(source == null ? "unknown" : source, reason, nowMillis) >= 0;
    }

    /** -1 when the pair must stay quiet; else how many of its events were suppressed since its last line. */
    private synchronized long admit(String source, String reason, long nowMillis) {
        Map<String, Seen> bySource = seen.get(source);
        Seen s = bySource == null ? null : bySource.get(reason);
        if (s != null && nowMillis - s.lastLogged < periodMillis) {
            s.suppressed++;
            return -1;
        }
        if (s == null) {
            if (entries >= maxEntries) {
                sweep(nowMillis);
            }
            if (entries >= maxEntries) {
                overflow++;
                if (nowMillis - overflowLoggedAt >= periodMillis) {
                    log.atWarn().addKeyValue("tracked", maxEntries).addKeyValue("events", overflow)
                            .log("more sources misbehaving than the log tracks; events from the others are only counted");
                    overflowLoggedAt = nowMillis;
                    overflow = 0;
                }
                return -1;
            }
            s = new Seen();
            seen.computeIfAbsent(source, k -> new HashMap<>(4)).put(reason, s);
            entries++;
        }
        long suppressed = s.suppressed;
        s.lastLogged = nowMillis;
        s.suppressed = 0;
        return suppressed;
    }

    private void sweep(long now) {
        for (Iterator<Map<String, Seen>> sources = seen.values().iterator(); sources.hasNext(); ) {
            Map<String, Seen> bySource = sources.next();
            for (Iterator<Seen> it = bySource.values().iterator(); it.hasNext(); ) {
                if (now - it.next().lastLogged >= periodMillis) {
                    it.remove();
                    entries--;
                }
            }
            if (bySource.isEmpty()) {
                sources.remove();
            }
        }
    }

    /** Pairs remembered now (for tests). */
    public synchronized int size() {
        return entries;
    }
}
