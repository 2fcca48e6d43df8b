package io.meshkit.ops.guard;

import java.util.Locale;

/**
 * Why a listener refused or closed a connection on its own initiative: each is counted (a
 * {@code reason} label in {@code /metrics}) and logged at most once per source per minute.
 */
public enum Rejection {
    /** Accepted and closed at once: every connection slot was taken. */
    CONNECTION_LIMIT(true),
    /** Accepted and closed at once: the source already held its share of connections. */
    SOURCE_CONNECTION_LIMIT(true),
    /** A message (an HTTP request, a STUN message over TCP) was not complete within its deadline from its first byte. */
    MESSAGE_TIMEOUT(true),
    /** Nothing arrived for the idle timeout: routine (keep-alive ends this way), so counted but never logged. */
    IDLE_TIMEOUT(false),
    /** More pipelined HTTP requests were waiting behind the one being answered than allowed. */
    PIPELINE_LIMIT(true),
    /** The bytes written to the connection but not yet taken by the peer passed their bound. */
    WRITE_BACKLOG(true),
    /** Bytes that cannot be this protocol (a stream that cannot be resynchronised). */
    MALFORMED(true);

    private final boolean logged;

    Rejection(boolean logged) {
        this.logged = logged;
    }

    /** Whether it is worth a (rate-limited) log line: a sign of misuse rather than routine. */
    public boolean logged() {
        return logged;
    }

    /** The metric label: the name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
