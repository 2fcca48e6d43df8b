package io.meshkit.signaling.cluster;

import io.meshkit.testkit.Bounded;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw PeerJS socket for the cluster tests: what the server sends, as strings ({@code close} when it closed). */
public final class ClusterWs implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static final java.util.concurrent.ScheduledExecutorService BEATS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cluster-ws-heartbeats");
                t.setDaemon(true);
                return t;
            });

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final WebSocket ws;
    private java.util.concurrent.ScheduledFuture<?> beats;

    private ClusterWs(int port, String id, String token) {
        this(URI.create("ws://127.0.0.1:" + port + "/peerjs?key=peerjs&id=" + id + "&token=" + token));
    }

    private ClusterWs(URI uri) {
        this.ws = Bounded.join(HTTP.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    events.add(partial.toString());
                    partial.setLength(0);
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                events.add("close");
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                events.add("close");
            }
        }), WAIT, "WebSocket handshake with " + uri);
    }

    public static ClusterWs connect(int port, String id, String token) {
        return new ClusterWs(port, id, token);
    }

    /** A socket with this exact query string (after {@code /peerjs?}). */
    public static ClusterWs connectQuery(int port, String query) {
        return new ClusterWs(URI.create("ws://127.0.0.1:" + port + "/peerjs?" + query));
    }

    /** The next thing the server sent (or "close"); fails after {@link #WAIT}. */
    public String next() throws InterruptedException {
        return next(WAIT);
    }

    public String next(Duration wait) throws InterruptedException {
        String e = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("nothing from the server within " + wait);
        }
        return e;
    }

    /** Whatever arrived so far without waiting, or null. */
    public String poll() {
        return events.poll();
    }

    /** One send at a time: the JDK WebSocket refuses a send while another is pending. */
    public synchronized void send(String json) {
        Bounded.join(ws.sendText(json, true), WAIT, "send");
    }

    public void offer(String dst, String sdp) {
        send("{\"type\":\"OFFER\",\"dst\":\"" + dst + "\",\"payload\":{\"sdp\":\"" + sdp + "\"}}");
    }

    void heartbeat() {
        send("{\"type\":\"HEARTBEAT\"}");
    }

    /** Sends HEARTBEAT every 500 ms (the tests' alive_timeout is short), as the PeerJS client does every 5 s. */
    public void startHeartbeats() {
        beats = BEATS.scheduleAtFixedRate(() -> {
            try {
                send("{\"type\":\"HEARTBEAT\"}");
            } catch (RuntimeException e) {
                // closed
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (beats != null) {
            beats.cancel(false);
        }
        ws.abort();
    }
}
