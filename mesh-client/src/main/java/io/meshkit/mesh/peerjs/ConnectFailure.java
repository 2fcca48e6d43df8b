package io.meshkit.mesh.peerjs;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a WebSocket to the signaling server could not be opened or was lost, in a few words an operator can act on
 * ({@code connection refused (203.0.113.1:9000)}, {@code cannot resolve host example.org}, {@code HTTP 404 instead of
 * a WebSocket}).
 *
 * <p>The JDK's HTTP client reports a refused connection as a {@link ConnectException} without a message whose cause is
 * a {@code ClosedChannelException}: the operating system's answer is lost. When that is all there is, one plain TCP
 * connect to the same address ({@link #PROBE_TIMEOUT_MILLIS} at most) asks the system again, and its words are used.
 */
final class ConnectFailure {
    /** Longest wait of the diagnostic TCP connect. */
    static final int PROBE_TIMEOUT_MILLIS = 2000;

    /** A TCP connect to a host and port, answering with its exception (or null when it connected). */
    interface Probe {
        IOException connect(String host, int port);
    }

    /** The real probe: a blocking {@link Socket#connect}, closed at once. */
    static final Probe TCP = (host, port) -> {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
            return null;
        } catch (IOException e) {
            return e;
        }
    };

    private ConnectFailure() {}

    /** The cause of {@code error} for {@code host:port} (probing when the JDK gave no reason). */
    static String describe(Throwable error, String host, int port) {
        return describe(error, host, port, TCP);
    }

    /** As {@link #describe(Throwable, String, int)}; {@code probe} null: never probe. */
    static String describe(Throwable error, String host, int port, Probe probe) {
        String where = " (" + hostPort(host, port) + ")";
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "cannot resolve host " + host;
            }
            if (t instanceof HttpConnectTimeoutException || t instanceof SocketTimeoutException) {
                return "connect timed out" + where;
            }
            if (t instanceof HttpTimeoutException) {
                return "timed out" + where;
            }
            if (t instanceof WebSocketHandshakeException h) {
                return "HTTP " + h.getResponse().statusCode() + " instead of a WebSocket" + where;
            }
            if (t instanceof SSLException) {
                return "TLS failed: " + words(t) + where;
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host" + where;
            }
            if (t instanceof ConnectException && t.getMessage() != null && !t.getMessage().isBlank()) {
                return words(t) + where;
            }
        }
        for (Throwable t = error; t != null && probe != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                IOException again = probe.connect(host, port);
                if (again == null) {
                    return "connection failed, but the port now accepts TCP" + where;
                }
                return describe(again, host, port, null);
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return (root.getMessage() == null || root.getMessage().isBlank() ? root.getClass().getSimpleName()
                : words(root)) + where;
    }

    /** An exception's message in lower case, without a trailing period ("Connection refused" → "connection refused"). */
    private static String words(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        if (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return m.isEmpty() ? t.getClass().getSimpleName() : m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
