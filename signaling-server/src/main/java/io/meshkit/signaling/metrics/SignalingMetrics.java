package io.meshkit.signaling.metrics;

import io.meshkit.signaling.core.RealmListener;
import io.meshkit.signaling.wire.MessageType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The signaling server's own meters, fed by the realm's events ({@link RealmListener}) and by the
 * Netty adapter (connections, HTTP requests, close codes, event-loop lag). Every meter the relay
 * path touches is registered up front and kept in an array indexed by enum ordinal: a relayed
 * message costs one array load and one {@code Counter.increment()}, never a tag lookup.
 * Names are Micrometer's dotted names; the Prometheus registry renders them as
 * {@code meshkit_signaling_…} (counters get {@code _total}); docs/OPERATIONS.md lists them.
 */
public final class SignalingMetrics implements RealmListener {
    /** WebSocket close codes counted by their own label; anything else is {@code other}. */
    static final int[] CLOSE_CODES = {1000, 1001, 1002, 1007, 1008, 1009, 1011, 1012, 1013};

    private final MeterRegistry registry;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong idsHeld = new AtomicLong();
    private final AtomicLong queuedMessages = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong queues = new AtomicLong();
    private final Counter registeredNew;
    private final Counter reattached;
    private final Counter[] rejected;
    private final Counter[] released;
    private final Counter[] relayed;
    private final Counter[] queued;
    private final Counter[] dropped;
    private final Counter[] closedFor;
    private final Counter expiredMessages;
    private final Counter expireSent;
    private final Counter[] closes;
    private final Counter closesOther;
    private final Timer loopLag;

    /** Registers every meter on {@code registry}. */
    public SignalingMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("meshkit.signaling.connections", connections, AtomicLong::get)
                .description("Open WebSocket connections").register(registry);
        Gauge.builder("meshkit.signaling.ids.held", idsHeld, AtomicLong::get)
                .description("Peer IDs registered on this server").register(registry);
        Gauge.builder("meshkit.signaling.queue.messages", queuedMessages, AtomicLong::get)
                .description("Messages queued for absent IDs").register(registry);
        Gauge.builder("meshkit.signaling.queue.bytes", queuedBytes, AtomicLong::get)
                .description("Bytes queued for absent IDs (payload, IDs and per-message overhead)").baseUnit("bytes")
                .register(registry);
        Gauge.builder("meshkit.signaling.queues", queues, AtomicLong::get)
                .description("Absent IDs with messages waiting").register(registry);
        registeredNew = Counter.builder("meshkit.signaling.registrations").tag("kind", "new")
                .description("Sockets that registered an ID (OPEN sent) or re-attached to one with its token")
                .register(registry);
        reattached = Counter.builder("meshkit.signaling.registrations").tag("kind", "reattach")
                .description("Sockets that registered an ID (OPEN sent) or re-attached to one with its token")
                .register(registry);
        rejected = perEnum(Rejection.values(), "meshkit.signaling.rejected", "reason",
                "Sockets refused (ID-TAKEN, invalid key, parameters or ID, a limit of the server or of the source)");
        released = perEnum(Release.values(), "meshkit.signaling.released", "reason", "IDs released");
        relayed = perEnum(MessageType.values(), "meshkit.signaling.relays", "type",
                "Messages written to their destination's socket");
        queued = perEnum(MessageType.values(), "meshkit.signaling.queued", "type",
                "Messages queued for an absent ID");
        dropped = perEnum(Drop.values(), "meshkit.signaling.dropped", "reason",
                "Messages dropped (queue full, dead destination, rate limited, malformed, ignored, invalid, not the holder)");
        closedFor = perEnum(Closure.values(), "meshkit.signaling.closed", "reason",
                "Sockets the server closed to keep a bound or because they no longer speak for an ID");
        expiredMessages = Counter.builder("meshkit.signaling.expired")
                .description("Queued messages dropped because their ID did not appear in time").register(registry);
        expireSent = Counter.builder("meshkit.signaling.expire.sent")
                .description("EXPIRE answers sent to the senders of expired messages").register(registry);
        closes = new Counter[CLOSE_CODES.length];
        for (int i = 0; i < CLOSE_CODES.length; i++) {
            closes[i] = closeCounter(Integer.toString(CLOSE_CODES[i]));
        }
        closesOther = closeCounter("other");
        loopLag = Timer.builder("meshkit.signaling.event.loop.lag")
                .description("How late the realm's periodic tick ran: time a message can wait for the event loop")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    private Counter closeCounter(String code) {
        return Counter.builder("meshkit.signaling.ws.closes").tag("code", code)
                .description("WebSocket Close frames sent by the server, by close code (1009: message too big)")
                .register(registry);
    }

    private Counter[] perEnum(Enum<?>[] values, String name, String tag, String description) {
        Counter[] out = new Counter[values.length];
        for (Enum<?> v : values) {
            out[v.ordinal()] = Counter.builder(name).tag(tag, label(v)).description(description).register(registry);
        }
        return out;
    }

    /** Label text: the wire name for message types ({@code ID-TAKEN}), lower case for reasons ({@code id_taken}). */
    static String label(Enum<?> v) {
        return v instanceof MessageType t ? t.wire() : v.name().toLowerCase(Locale.ROOT);
    }

    /** The registry these meters live on. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void registered(String id) {
        registeredNew.increment();
    }

    @Override
    public void reattached(String id) {
        reattached.increment();
    }

    @Override
    public void rejected(Rejection reason, String source) {
        rejected[reason.ordinal()].increment();
    }

    @Override
    public void released(String id, Release reason) {
        released[reason.ordinal()].increment();
    }

    @Override
    public void relayed(MessageType type) {
        relayed[type.ordinal()].increment();
    }

    @Override
    public void queued(MessageType type) {
        queued[type.ordinal()].increment();
    }

    @Override
    public void expired(int messages, int sent) {
        expiredMessages.increment(messages);
        expireSent.increment(sent);
    }

    @Override
    public void dropped(Drop reason, String source) {
        dropped[reason.ordinal()].increment();
    }

    @Override
    public void closed(Closure reason, String source) {
        closedFor[reason.ordinal()].increment();
    }

    /** A WebSocket handshake completed. */
    public void connectionOpened() {
        connections.incrementAndGet();
    }

    /** An upgraded connection ended. */
    public void connectionClosed() {
        connections.decrementAndGet();
    }

    /** The server sent a Close frame with {@code code}. */
    public void closeSent(int code) {
        for (int i = 0; i < CLOSE_CODES.length; i++) {
            if (CLOSE_CODES[i] == code) {
                closes[i].increment();
                return;
            }
        }
        closesOther.increment();
    }

    /**
     * Copies the realm's sizes into the gauges. Called by the realm's owner thread (the event
     * loop), so the realm itself is never read from a scraping thread.
     */
    public void sample(int ids, int messages, long bytes, int queueCount) {
        idsHeld.set(ids);
        queuedMessages.set(messages);
        queuedBytes.set(bytes);
        queues.set(queueCount);
    }

    /** The periodic tick ran {@code lateNanos} after it was due. */
    public void tickLate(long lateNanos) {
        loopLag.record(Math.max(0, lateNanos), TimeUnit.NANOSECONDS);
    }

    /** One HTTP request (not a WebSocket upgrade) answered; {@code route} is one of a fixed set of names. */
    public void httpRequest(String route, int status) {
        // REST is not the hot path: a tag lookup per request is fine here.
        registry.counter("meshkit.signaling.http.requests", "route", route, "status", Integer.toString(status))
                .increment();
    }
}
