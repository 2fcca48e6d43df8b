package io.meshkit.signaling.core;

/**
 * A registration: an ID held by a token, with the socket currently attached ({@code models/client.ts}).
 * Several sockets may point at one client (a re-attach with the same token does not close the old
 * socket, as in the reference); only {@link #connection()} receives messages.
 *
 * @param <C> the adapter's connection handle
 */
public final class Client<C> {
    private final String id;
    private final String token;
    private C connection;
    private long lastPing;

    Client(String id, String token, C connection, long now) {
        this.id = id;
        this.token = token;
        this.connection = connection;
        this.lastPing = now;
    }

    public String id() {
        return id;
    }

    String token() {
        return token;
    }

    /** The attached socket, or {@code null} once the realm dropped it. */
    public C connection() {
        return connection;
    }

    void attach(C c) {
        this.connection = c;
    }

    public long lastPing() {
        return lastPing;
    }

    void ping(long now) {
        this.lastPing = now;
    }

    @Override
    public String toString() {
        return "Client[" + id + "]";
    }
}
