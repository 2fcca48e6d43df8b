package io.meshkit.signaling.diff;

import io.meshkit.testkit.Bounded;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A raw WebSocket client (the JDK's) that records what the server does as strings: {@code msg <text>},
 * {@code close <code>}, {@code http <status>} for a refused handshake, {@code error <type>}.
 */
final class WsProbe implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);
    /** Generous: a TLS handshake on a machine shared with other builds can take seconds. */
    static final Duration CONNECT = Duration.ofSeconds(20);

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final String selfId;
    private WebSocket ws;
    private int syncs;

    private WsProbe(String selfId) {
        this.selfId = selfId;
    }

    static WsProbe connect(String url, String selfId, SSLContext ssl) {
        WsProbe p = new WsProbe(selfId);
        try {
            p.ws = Bounded.join(client(ssl).newWebSocketBuilder().buildAsync(URI.create(url), p.listener()), WAIT,
                    "WebSocket handshake with " + url);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                p.events.add("http " + h.getResponse().statusCode());
            } else {
                p.events.add("error " + e.getCause().getClass().getSimpleName());
            }
        }
        return p;
    }

    // One client (one selector thread) per TLS setting: a client per probe costs seconds on a busy machine.
    private static final java.util.Map<SSLContext, HttpClient> CLIENTS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(CONNECT).build();

    private static HttpClient client(SSLContext ssl) {
        return ssl == null ? PLAIN
                : CLIENTS.computeIfAbsent(ssl, c -> HttpClient.newBuilder().connectTimeout(CONNECT).sslContext(c).build());
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    events.add("msg " + text);
                    text.setLength(0);
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                events.add("binary");
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
                events.add("close " + statusCode);
                w.sendClose(WebSocket.NORMAL_CLOSURE, "");
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                events.add("error " + error.getClass().getSimpleName());
            }
        };
    }

    void send(String text) {
        if (ws == null) {
            throw new AssertionError("the WebSocket never opened: " + events);
        }
        Bounded.join(ws.sendText(text, true), WAIT, "send");
    }

    void sendBinary(String text) {
        Bounded.join(ws.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true), WAIT, "send");
    }

    /** The next event, or {@code "timeout"}. */
    String next() {
        try {
            String e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return e == null ? "timeout" : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Events until (excluding) the first that starts with {@code prefix}, which is returned last. */
    List<String> until(String prefix, Duration max) {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String e = events.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
                if (e == null) {
                    break;
                }
                out.add(e);
                if (e.startsWith(prefix)) {
                    return out;
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        out.add("timeout waiting for " + prefix);
        return out;
    }

    /**
     * A barrier: sends a CANDIDATE to itself and returns everything received before it comes back.
     * The server handles one socket's messages in order, so whatever an earlier message caused for
     * this socket has arrived by then; no sleeping.
     */
    List<String> sync() {
        String marker = "sync-" + (++syncs);
        send("{\"type\":\"CANDIDATE\",\"dst\":\"" + selfId + "\",\"payload\":\"" + marker + "\"}");
        List<String> got = until("msg {\"type\":\"CANDIDATE\",\"src\":\"" + selfId + "\",\"dst\":\"" + selfId
                + "\",\"payload\":\"" + marker + "\"}", WAIT);
        got.remove(got.size() - 1);
        return got;
    }

    /** Events already received (no waiting). */
    List<String> drain() {
        List<String> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }

    void closeNormally() {
        if (ws != null && !ws.isOutputClosed()) {
            Bounded.join(ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"), WAIT, "close");
        }
    }

    @Override
    public void close() {
        if (ws != null) {
            ws.abort();
        }
    }
}
