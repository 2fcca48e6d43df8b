package io.meshkit.signaling.core;

/**
 * The realm's way out: the adapter carries out these effects on real sockets. Calls happen on the
 * thread that called into the realm.
 *
 * @param <C> the adapter's connection handle
 */
public interface Outbox<C> {
    /**
     * Sends {@code message} to {@code connection}; returns {@code false} if the socket is dead (the
     * realm then answers {@code LEAVE} on the destination's behalf, as {@code handlers/transmission} does).
     */
    boolean send(C connection, Outbound message);

    /** Closes {@code connection} the way given. */
    void close(C connection, CloseKind kind);

    /** How a socket is closed. */
    enum CloseKind {
        /** The reference's {@code socket.close()}: a Close frame without a status code (seen as 1005). */
        PLAIN,
        /** Graceful shutdown: Close 1012 (Service Restart), telling clients to reconnect. */
        RESTART
    }
}
