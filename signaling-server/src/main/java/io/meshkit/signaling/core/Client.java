package io.meshkit.signaling.core;

/**
 * A registration: an ID held by a token, with the socket currently attached ({@code models/client.ts}).
 * One socket speaks for a client at a time: a same-token re-attach closes the socket it replaces
 * (the reference leaves it open and still speaking for the ID; see docs/SIGNALING.md).
 *
 * @param <C> the adapter's connection handle
 */
public final class Client<C> {
    private final String id;
    private final String token;
    private final String source;
    private C connection;
    private long lastPing;
    /** Whether the directory still lists this client as the holder of its ID. */
    private boolean held;
    /** Messages from this client waiting in queues for absent IDs. */
    int queued;

    Client(String id, String token, String source, C connection, long now) {
        this.id = id;
        this.token = token;
        this.source = source;
        this.connection = connection;
        this.lastPing = now;
    }

    public String id() {
        return id;
    }

    String token() {
        return token;
    }

    /** Where the client connects from (an address, or an IPv6 /64), or {@code null} when unknown. */
    public String source() {
        return source;
    }

    /** The attached socket, or {@code null} once the realm dropped it. */
    public C connection() {
        return connection;
    }

    void attach(C c) {
        this.connection = c;
    }

    /** Whether {@code conn} may speak for this client's ID now: the ID is still held and {@code conn} is its socket. */
    public boolean speaksThrough(C conn) {
        return held && connection == conn;
    }

    boolean held() {
        return held;
    }

    void held(boolean h) {
        this.held = h;
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
