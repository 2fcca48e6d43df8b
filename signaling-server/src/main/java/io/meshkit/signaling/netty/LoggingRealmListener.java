package io.meshkit.signaling.netty;

import io.meshkit.ops.RateLimitedLog;
import io.meshkit.signaling.core.RealmListener;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Structured logs of the realm's events: IDs and reasons as key-value pairs, never a payload or any
 * raw client input. Connects and disconnects are DEBUG (the reference prints them; at scale they
 * are noise), ordinary refusals too (a client can cause any number of them). What a limit refused,
 * dropped or closed is a WARN, at most one line per source per minute ({@link RateLimitedLog}).
 */
public final class LoggingRealmListener implements RealmListener {
    private static final Logger LOG = LoggerFactory.getLogger("io.meshkit.signaling.realm");
    private static final Logger ABUSE = LoggerFactory.getLogger("io.meshkit.signaling.limits");
    private static final Set<Rejection> LIMIT_REJECTIONS = EnumSet.of(Rejection.INVALID_ID, Rejection.IP_IDS,
            Rejection.IP_CONNECTIONS, Rejection.TOKEN_THROTTLED, Rejection.CONCURRENT_LIMIT);
    private static final Set<Drop> LIMIT_DROPS = EnumSet.of(Drop.QUEUE_FULL, Drop.RATE_LIMITED, Drop.INVALID_ID,
            Drop.NOT_HOLDER, Drop.BACKPRESSURE, Drop.CLUSTER_INVALID);

    private final RateLimitedLog limits = RateLimitedLog.perMinute(ABUSE);
    private final LongSupplier clock;

    public LoggingRealmListener() {
        this(() -> System.nanoTime() / 1_000_000L);
    }

    LoggingRealmListener(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    @Override
    public void registered(String id) {
        LOG.atDebug().addKeyValue("id", safe(id)).log("Client connected");
    }

    @Override
    public void reattached(String id) {
        LOG.atDebug().addKeyValue("id", safe(id)).log("Client re-attached");
    }

    @Override
    public void released(String id, Release reason) {
        LOG.atDebug().addKeyValue("id", safe(id)).addKeyValue("reason", reason).log("Client disconnected");
    }

    @Override
    public void rejected(Rejection reason, String source) {
        if (LIMIT_REJECTIONS.contains(reason)) {
            limits.warn(source, "socket refused", REJECTION_LABELS[reason.ordinal()], clock.getAsLong());
        } else {
            LOG.atDebug().addKeyValue("reason", reason).log("socket refused");
        }
    }

    @Override
    public void dropped(Drop reason, String source) {
        if (LIMIT_DROPS.contains(reason)) {
            limits.warn(source, "message dropped", DROP_LABELS[reason.ordinal()], clock.getAsLong());
        } else {
            LOG.atTrace().addKeyValue("reason", reason).log("message dropped");
        }
    }

    @Override
    public void closed(Closure reason, String source) {
        limits.warn(source, "socket closed", CLOSURE_LABELS[reason.ordinal()], clock.getAsLong());
    }

    private static final String[] REJECTION_LABELS = labels(Rejection.values());
    private static final String[] DROP_LABELS = labels(Drop.values());
    private static final String[] CLOSURE_LABELS = labels(Closure.values());

    /** Lower-case names, made once: a flood of drops must not allocate a string each. */
    private static String[] labels(Enum<?>[] values) {
        String[] out = new String[values.length];
        for (Enum<?> v : values) {
            out[v.ordinal()] = v.name().toLowerCase(Locale.ROOT);
        }
        return out;
    }

    /** Client IDs are untrusted input: logged only when they look like PeerJS IDs. */
    static String safe(String id) {
        if (id != null && id.length() <= 64 && id.matches("[A-Za-z0-9 _-]+")) {
            return id;
        }
        return "<unprintable id, " + (id == null ? 0 : id.length()) + " chars>";
    }
}
