package io.meshkit.mesh.peerjs;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registration of one ID on a PeerJS signaling server over the JDK WebSocket client, behaving
 * like the PeerJS browser client's {@code Socket} + {@code Peer}: it sends {@code HEARTBEAT} every
 * {@link Settings#heartbeat()} (5 s in PeerJS; the server's {@code alive_timeout} only counts
 * those), and after a transient drop it reconnects with the <em>same token</em>, which re-attaches
 * to the ID if the server still holds it ({@code peer.reconnect()}). {@code ID-TAKEN},
 * {@code INVALID-KEY} and {@code ERROR} are final, as in PeerJS ({@code _abort}).
 *
 * <p>Callbacks run on the JDK HTTP client's threads, one at a time per client; the listener should
 * hand them to its own event loop.
 */
public final class SignalingClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingClient.class);

    /**
     * Timings of the client, and who hears about its connection's health.
     *
     * @param maxReconnectAttempts reconnects after a drop before the client gives up ({@link #FOREVER}: never)
     * @param observer             told about every open and every failed attempt (never null)
     */
    public record Settings(Duration heartbeat, Duration connectTimeout, Duration firstRetry,
                           Duration maxRetry, int maxReconnectAttempts, Observer observer) {
        /** {@link #maxReconnectAttempts} that never gives up. */
        public static final int FOREVER = Integer.MAX_VALUE;

        /** PeerJS's browser client: heartbeat 5 s; reconnect after 0.5 s, doubling up to 8 s, 8 attempts. */
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofMillis(500), Duration.ofSeconds(8), 8, Observer.NONE);

        /**
         * A long-running peer (the mesh client): PeerJS's timings, but it never gives up, and retries back off to
         * {@value #LONG_RUNNING_MAX_RETRY_SECONDS} s (each delay drawn between half and all of its step, so that the
         * clients of a restarted server do not all come back at once).
         */
        public static final Settings LONG_RUNNING = new Settings(Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofMillis(500), Duration.ofSeconds(Settings.LONG_RUNNING_MAX_RETRY_SECONDS), FOREVER,
                Observer.NONE);

        /** Longest delay between two reconnects of {@link #LONG_RUNNING}. */
        public static final int LONG_RUNNING_MAX_RETRY_SECONDS = 15;

        public Settings {
            if (heartbeat.isNegative() || heartbeat.isZero() || firstRetry.isNegative() || maxRetry.compareTo(firstRetry) < 0
                    || maxReconnectAttempts < 0) {
                throw new IllegalArgumentException("bad signaling client settings");
            }
            if (observer == null) {
                throw new IllegalArgumentException("observer is null (use Observer.NONE)");
            }
        }

        public Settings withHeartbeat(Duration d) {
            return new Settings(d, connectTimeout, firstRetry, maxRetry, maxReconnectAttempts, observer);
        }

        public Settings withRetries(Duration first, Duration max, int attempts) {
            return new Settings(heartbeat, connectTimeout, first, max, attempts, observer);
        }

        public Settings withObserver(Observer o) {
            return new Settings(heartbeat, connectTimeout, firstRetry, maxRetry, maxReconnectAttempts, o);
        }

        /** True when the delays are jittered (every setting that never gives up: a fleet reconnecting). */
        boolean jittered() {
            return maxReconnectAttempts == FOREVER;
        }
    }

    /**
     * Hears how the signaling connections of a process fare (the CLI turns it into {@code fault} and
     * {@code recovered} events). Called on the JDK HTTP client's or the timer's threads: implementations must be
     * thread-safe and quick.
     */
    public interface Observer {
        /** Hears nothing. */
        Observer NONE = new Observer() {};

        /** The server confirmed {@code id} ({@code OPEN}). */
        default void opened(String id) {}

        /**
         * A connection for {@code id} could not be opened or dropped; {@code attempt} counts consecutive failures
         * (1 = the first), {@code cause} says why in a few words (e.g. {@code connection refused (203.0.113.1:9000)}),
         * and the client tries again in {@code retryMillis} ms, or gave up ({@code retryMillis} &lt; 0).
         */
        default void failed(String id, int attempt, String cause, long retryMillis) {}
    }

    /** What the client reports. */
    public interface Listener {
        /** The server sent {@code OPEN}: the ID is ours (also after a reconnect). */
        void onOpen(SignalingClient client);

        /** Any other message; final ones ({@code IdTaken}, {@code InvalidKey}, {@code ServerError}) are followed by {@link #onClosed}. */
        void onMessage(SignalingClient client, SignalingMessage message);

        /** The socket dropped; the client is retrying with the same token. */
        default void onReconnecting(SignalingClient client, int attempt) {}

        /** The client stopped for good: {@link #close()}, a final message, or reconnects exhausted. */
        void onClosed(SignalingClient client, String reason);
    }

    private final HttpClient http;
    private final SignalingEndpoint endpoint;
    private final String id;
    private final String token;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    private final Settings settings;

    private final Object lock = new Object();
    private WebSocket socket;
    private int generation;
    private boolean opened;
    private boolean closed;
    private int attempts;
    private ScheduledFuture<?> heartbeatTask;
    private CompletableFuture<WebSocket> sendChain = CompletableFuture.completedFuture(null);

    public SignalingClient(HttpClient http, SignalingEndpoint endpoint, String id, String token,
                           Listener listener, ScheduledExecutorService timer, Settings settings) {
        this.http = http;
        this.endpoint = endpoint;
        this.id = id;
        this.token = token;
        this.listener = listener;
        this.timer = timer;
        this.settings = settings;
    }

    /** The ID this client registers. */
    public String id() {
        return id;
    }

    /** True once {@code OPEN} arrived on the current socket. */
    public boolean isOpen() {
        synchronized (lock) {
            return opened && !closed;
        }
    }

    /** Opens the WebSocket (asynchronously). */
    public void start() {
        connect();
    }

    private void connect() {
        int gen;
        synchronized (lock) {
            if (closed) {
                return;
            }
            gen = ++generation;
            opened = false;
        }
        http.newWebSocketBuilder()
                .connectTimeout(settings.connectTimeout())
                .buildAsync(endpoint.webSocketUri(id, token), new WsListener(gen))
                .whenComplete((ws, err) -> {
                    if (err != null) {
                        LOG.debug("signaling connect for {} failed: {}", id, err.toString());
                        dropped(gen, "cannot connect: " + ConnectFailure.describe(err, endpoint.host(), endpoint.port()));
                        return;
                    }
                    synchronized (lock) {
                        if (gen != generation || closed) {
                            ws.abort();
                        }
                    }
                });
    }

    /** Sends one JSON text message; false when the socket is not open (PeerJS drops it too). */
    public boolean send(String json) {
        synchronized (lock) {
            if (closed || socket == null || !opened) {
                return false;
            }
            WebSocket ws = socket;
            // The JDK client allows one outstanding send: chain them.
            sendChain = sendChain.handle((x, e) -> null).thenCompose(x -> ws.sendText(json, true));
            return true;
        }
    }

    /** Leaves cleanly: a WebSocket close, which makes the server free the ID at once. */
    @Override
    public void close() {
        WebSocket ws;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            ws = socket;
            cancelHeartbeat();
        }
        if (ws != null) {
            sendChain.handle((x, e) -> null)
                    .thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                    .orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((x, e) -> ws.abort());
        }
        listener.onClosed(this, "closed");
    }

    /** Drops the socket without a close handshake (tests: a transient network drop). */
    public void abortSocketForTest() {
        WebSocket ws;
        int gen;
        synchronized (lock) {
            ws = socket;
            gen = generation;
        }
        if (ws != null) {
            dropped(gen, "aborted");
            ws.abort();
        }
    }

    private void finalClose(int gen, String reason) {
        WebSocket ws;
        synchronized (lock) {
            if (gen != generation || closed) {
                return;
            }
            closed = true;
            ws = socket;
            cancelHeartbeat();
        }
        if (ws != null) {
            ws.abort();
        }
        listener.onClosed(this, reason);
    }

    private void dropped(int gen, String reason) {
        int attempt;
        synchronized (lock) {
            if (gen != generation || closed) {
                return;
            }
            generation++; // ignore anything more from the dead socket
            socket = null;
            opened = false;
            cancelHeartbeat();
            attempt = ++attempts;
        }
        if (attempt > settings.maxReconnectAttempts()) {
            synchronized (lock) {
                closed = true;
            }
            LOG.warn("signaling for {}: gave up after {} reconnects ({})", id, attempt - 1, reason);
            settings.observer().failed(id, attempt, reason, -1);
            listener.onClosed(this, "gave up after " + (attempt - 1) + " reconnects: " + reason);
            return;
        }
        long delay = retryDelay(attempt);
        LOG.info("signaling for {}: {}; reconnect {} in {} ms", id, reason, attempt, delay);
        settings.observer().failed(id, attempt, reason, delay);
        listener.onReconnecting(this, attempt);
        timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /** PeerJS's back-off (first retry, doubling, capped); drawn from [half, all] of it when {@link Settings#jittered}. */
    long retryDelay(int attempt) {
        long step = Math.min(settings.maxRetry().toMillis(),
                settings.firstRetry().toMillis() << Math.min(attempt - 1, 20));
        return settings.jittered() ? ThreadLocalRandom.current().nextLong(step / 2, step + 1) : step;
    }

    private void scheduleHeartbeat(int gen) {
        synchronized (lock) {
            cancelHeartbeat();
            long ms = settings.heartbeat().toMillis();
            heartbeatTask = timer.scheduleAtFixedRate(() -> {
                synchronized (lock) {
                    if (gen != generation) {
                        return;
                    }
                }
                send(PeerJsWire.heartbeat());
            }, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelHeartbeat() {
        if (heartbeatTask != null) {
            heartbeatTask.cancel(false);
            heartbeatTask = null;
        }
    }

    private final class WsListener implements WebSocket.Listener {
        private final int gen;
        private final StringBuilder partial = new StringBuilder();

        WsListener(int gen) {
            this.gen = gen;
        }

        private boolean current() {
            synchronized (lock) {
                return gen == generation && !closed;
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            // Runs before any message: OPEN may arrive before buildAsync's future completes.
            synchronized (lock) {
                if (gen == generation && !closed) {
                    socket = webSocket;
                    sendChain = CompletableFuture.completedFuture(webSocket);
                }
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (partial.length() + data.length() > PeerJsWire.MAX_FRAME_CHARS) {
                partial.setLength(0);
                LOG.warn("signaling server sent a message over {} characters; dropped", PeerJsWire.MAX_FRAME_CHARS);
                webSocket.request(1);
                return null;
            }
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (current()) {
                    handle(PeerJsWire.decode(text));
                }
            }
            webSocket.request(1);
            return null;
        }

        private void handle(SignalingMessage m) {
            if (m instanceof SignalingMessage.Open) {
                synchronized (lock) {
                    opened = true;
                    attempts = 0;
                }
                scheduleHeartbeat(gen);
                settings.observer().opened(id);
                listener.onOpen(SignalingClient.this);
            } else if (m instanceof SignalingMessage.IdTaken) {
                listener.onMessage(SignalingClient.this, m);
                finalClose(gen, "ID-TAKEN");
            } else if (m instanceof SignalingMessage.InvalidKey) {
                listener.onMessage(SignalingClient.this, m);
                finalClose(gen, "INVALID-KEY");
            } else if (m instanceof SignalingMessage.ServerError) {
                listener.onMessage(SignalingClient.this, m);
                finalClose(gen, "ERROR");
            } else if (m instanceof SignalingMessage.Rejected r) {
                LOG.debug("signaling message for {} rejected: {}", id, r.reason());
            } else {
                listener.onMessage(SignalingClient.this, m);
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1); // PeerJS servers never send binary; ignore.
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            dropped(gen, "closed by the server (WebSocket status " + statusCode + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            dropped(gen, "connection lost: " + ConnectFailure.describe(error, endpoint.host(), endpoint.port()));
        }
    }
}
