package io.meshkit.signaling.core;

import io.meshkit.signaling.wire.Inbound;
import io.meshkit.signaling.wire.MessageType;
import io.meshkit.signaling.wire.RawJson;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The signaling realm of peerjs-server 1.0.2 as a sans-IO state machine: IDs and tokens, relay,
 * queues for absent IDs and their expiry, liveness from {@code HEARTBEAT}. Inputs are method calls
 * carrying the current time; outputs are effects handed to the {@link Outbox} and events to the
 * {@link RealmListener}. No clock, no threads, no I/O: one thread owns a realm (the adapter's event
 * loop), which is what keeps the relay path free of locks.
 *
 * <p>Each method names the reference code it reproduces. On top of it every client-made thing is
 * bounded (ID length and form, queues per ID, per sender and in total, IDs per source, wrong-token
 * attempts) and a socket speaks only for an ID it still holds. See {@code docs/SIGNALING.md} for the
 * deliberate differences and {@code docs/SECURITY.md} for the bounds.
 *
 * @param <C> the adapter's connection handle (compared by identity)
 */
public final class Realm<C> {
    private final RealmConfig config;
    private final Outbox<C> out;
    private final Directory<C> directory;
    private final RealmListener listener;
    private final PendingQueues queues;
    private final SourceAccounts sources;
    private long nextExpireSweep;
    private long nextAliveCheck;

    public Realm(RealmConfig config, Outbox<C> out, Directory<C> directory, RealmListener listener, long now) {
        this.config = config;
        this.out = out;
        this.directory = directory;
        this.listener = listener;
        this.queues = new PendingQueues(config);
        this.sources = new SourceAccounts(config.limits().maxIdsPerSource(), config.limits().tokenGuessesPerMinute());
        // Both sweeps are setTimeout chains started with the server (instance.ts).
        this.nextExpireSweep = now + config.expireSweepMillis();
        this.nextAliveCheck = now + config.aliveCheckMillis();
    }

    /** A single-node realm. */
    public Realm(RealmConfig config, Outbox<C> out, RealmListener listener, long now) {
        this(config, out, new LocalDirectory<>(), listener, now);
    }

    public RealmConfig config() {
        return config;
    }

    /** As {@link #connect(Object, String, String, String, String, long)} from an unknown source (never limited per source). */
    public Client<C> connect(C conn, String id, String token, String key, long now) {
        return connect(conn, null, id, token, key, now);
    }

    /**
     * A WebSocket opened with these query parameters from {@code source} ({@code webSocketServer/index.ts},
     * {@code _onSocketConnection}). Returns the client the socket now speaks for, or {@code null}
     * when it was refused (an error or {@code ID-TAKEN} was sent and the socket closed).
     */
    public Client<C> connect(C conn, String source, String id, String token, String key, long now) {
        if (isBlank(id) || isBlank(token) || isBlank(key)) {
            return refuse(conn, source, Outbound.ErrorText.INVALID_WS_PARAMETERS, RealmListener.Rejection.INVALID_PARAMETERS);
        }
        if (!key.equals(config.key())) {
            return refuse(conn, source, Outbound.ErrorText.INVALID_KEY, RealmListener.Rejection.INVALID_KEY);
        }
        if (!validId(id)) {
            // Ours: the reference registers any string (docs/SECURITY.md); a PeerJS client never sends one.
            return refuse(conn, source, Outbound.ErrorText.INVALID_ID, RealmListener.Rejection.INVALID_ID);
        }
        Client<C> existing = directory.get(id);
        if (existing != null) {
            if (!mayTryToken(source, id, now)) {
                // Ours: too many wrong tokens lately. The answer is the one a wrong token gets, so a
                // guesser learns nothing, and the token is not even compared.
                return idTaken(conn, source, RealmListener.Rejection.TOKEN_THROTTLED);
            }
            if (!sameToken(token, existing.token())) {
                sources.wrongToken(source, id, now);
                return idTaken(conn, source, RealmListener.Rejection.ID_TAKEN);
            }
            // Same token: the new socket takes over the registration, without OPEN; liveness is not
            // refreshed (_configureWS only). Ours: the socket it replaces is told and closed, where
            // the reference leaves it open and still speaking for the ID.
            C old = existing.connection();
            existing.attach(conn);
            if (old != null && old != conn) {
                tellAndClose(old, Outbound.ErrorText.REPLACED, RealmListener.Closure.REPLACED, existing.source());
            }
            listener.reattached(id);
            deliverQueued(existing, now);
            return existing;
        }
        if (!sources.mayHoldAnotherId(source)) {
            return refuse(conn, source, Outbound.ErrorText.SOURCE_ID_LIMIT, RealmListener.Rejection.IP_IDS);
        }
        if (directory.size() >= config.concurrentLimit()) {
            return refuse(conn, source, Outbound.ErrorText.CONNECTION_LIMIT_EXCEED, RealmListener.Rejection.CONCURRENT_LIMIT);
        }
        Client<C> client = new Client<>(id, token, source, conn, now);
        directory.put(client);
        sources.idHeld(source);
        out.send(conn, Outbound.Open.INSTANCE);
        listener.registered(id);
        deliverQueued(client, now);
        return client;
    }

    /** Whether {@code id} may be registered or addressed: the PeerJS ID rule and the length limit. */
    public boolean validId(String id) {
        return PeerIds.isValid(id, config.limits().maxIdLength());
    }

    /** Whether a token for held {@code id} from {@code source} may be compared now (else: ID-TAKEN unchecked). */
    public boolean mayTryToken(String source, String id, long now) {
        return sources.mayTryToken(source, id, now);
    }

    /** A token for {@code id} from {@code source} was wrong (cluster mode: Redis compared it). */
    public void wrongToken(String source, String id, long now) {
        sources.wrongToken(source, id, now);
    }

    /**
     * A decoded message arrived on {@code conn}, a socket that spoke for {@code from} ({@code messageHandler}).
     * Ours: unless {@code conn} still speaks for the ID, the message is dropped and the socket closed.
     */
    public void receive(Client<C> from, C conn, Inbound message, long now) {
        if (!from.speaksThrough(conn)) {
            listener.dropped(RealmListener.Drop.NOT_HOLDER, from.source());
            closeFor(conn, RealmListener.Closure.NOT_HOLDER, from.source());
            return;
        }
        if (message instanceof Inbound.Transmit t) {
            transmit(t.type(), from.id(), t.dst(), t.payload(), from, now, true, true);
        } else if (message instanceof Inbound.Heartbeat) {
            from.ping(now);
        } else if (message instanceof Inbound.Rejected) {
            listener.dropped(RealmListener.Drop.MALFORMED, from.source());
        } else {
            listener.dropped(RealmListener.Drop.IGNORED, from.source());
        }
    }

    /**
     * A socket closed. Its client's ID is released at once if this socket was still the attached one
     * (the {@code close} handler in {@code _configureWS}).
     */
    public void closed(Client<C> client, C conn, long now) {
        if (client.connection() == conn) {
            client.attach(null);
            release(client, RealmListener.Release.SOCKET_CLOSED);
        }
    }

    /**
     * Cluster mode: {@code client}'s ID now belongs elsewhere (its token re-attached on another node,
     * or another token holds it after Redis lost this node's lease). Released here; its socket is told
     * and closed, as a socket replaced on this node.
     */
    public void lost(Client<C> client, long now) {
        C conn = client.connection();
        client.attach(null);
        release(client, RealmListener.Release.MOVED);
        if (conn != null) {
            tellAndClose(conn, Outbound.ErrorText.REPLACED, RealmListener.Closure.REPLACED, client.source());
        }
    }

    /** Advances time: runs the expiry sweep and the liveness check when they are due. */
    public void tick(long now) {
        if (now >= nextExpireSweep) {
            nextExpireSweep = now + config.expireSweepMillis();
            pruneOutstanding(now);
            sources.sweep(now);
        }
        if (now >= nextAliveCheck) {
            nextAliveCheck = now + config.aliveCheckMillis();
            checkConnections(now);
        }
    }

    /** The earliest time {@link #tick} has work to do. */
    public long nextDeadline() {
        return Math.min(nextExpireSweep, nextAliveCheck);
    }

    /** A fresh ID no one holds ({@code Realm.generateClientId}). */
    public String generateId(Supplier<String> source) {
        String id = source.get();
        while (directory.get(id) != null) {
            id = source.get();
        }
        return id;
    }

    /** The IDs held, in registration order ({@code GET /:key/peers}). */
    public List<String> ids() {
        return directory.ids();
    }

    /** The number of IDs held. */
    public int size() {
        return directory.size();
    }

    /** Messages waiting for absent IDs. */
    public int queuedMessages() {
        return queues.messages();
    }

    /** Bytes waiting for absent IDs, as counted against {@link RealmConfig#maxQueuedBytes()}. */
    public long queuedBytes() {
        return queues.bytes();
    }

    /** Absent IDs with waiting messages. */
    public int queueCount() {
        return queues.size();
    }

    /** IDs held by clients from {@code source}. */
    public int idsFrom(String source) {
        return sources.ids(source);
    }

    /** The client holding {@code id}, or {@code null}. */
    public Client<C> client(String id) {
        return directory.get(id);
    }

    /**
     * Cluster mode: a message another node handed to this one, or one the directory could not hand to
     * any node. Delivered to the local holder of its destination (with the dead-destination
     * {@code LEAVE}), else treated as for an absent ID on this node (queued, or dropped for
     * {@code LEAVE}/{@code EXPIRE}); never handed to the directory again, so it cannot loop.
     */
    public void deliverHere(Outbound.Relay relay, long now) {
        transmit(relay.type(), relay.src(), relay.dst(), relay.payload(), directory.get(relay.src()), now, true, false);
    }

    /**
     * Cluster mode: {@code id} was claimed on another node. What waited here for it goes through the
     * directory to that node (the queue lives on the sender's node, so its expiry and {@code EXPIRE}
     * answers work as on one node).
     */
    public void deliverQueuedFor(String id, long now) {
        PendingQueue q = queues.remove(id);
        if (q == null) {
            return;
        }
        for (int i = 0; i < q.messages.size(); i++) {
            Outbound.Relay m = q.messages.get(i);
            transmit(m.type(), m.src(), m.dst(), m.payload(), sender(q, i), now, true, true);
        }
    }

    // --- handlers/transmission/index.ts ---

    private void transmit(MessageType type, String src, String dst, RawJson payload, Client<C> sender, long now,
                          boolean mayAnswerLeave, boolean mayRoute) {
        Client<C> destination = dst == null ? null : directory.get(dst);
        if (destination != null) {
            C socket = destination.connection();
            Outbound.Relay relay = new Outbound.Relay(type, src, dst, payload);
            if (socket != null && out.send(socket, relay)) {
                listener.relayed(type);
                return;
            }
            // "This happens when a peer disconnects without closing connections and the associated
            // WebSocket has not closed. Tell other side to stop trying."
            listener.dropped(RealmListener.Drop.DEAD_DESTINATION, sender == null ? null : sender.source());
            if (socket != null) {
                out.close(socket, Outbox.CloseKind.PLAIN);
            } else {
                release(destination, RealmListener.Release.DEAD_SOCKET);
            }
            if (mayAnswerLeave) {
                transmit(MessageType.LEAVE, dst, src, null, null, now, false, true);
            }
            return;
        }
        if (dst != null && !validId(dst)) {
            // Ours: no client can ever hold it, so it is never queued; the sender hears at once what
            // the reference's sweep would have told it later.
            listener.dropped(RealmListener.Drop.INVALID_ID, sender == null ? null : sender.source());
            if (type != MessageType.LEAVE && type != MessageType.EXPIRE && mayAnswerLeave) {
                transmit(MessageType.EXPIRE, dst, src, null, null, now, false, true);
            }
            return;
        }
        // A clustered directory takes over every message for an ID held elsewhere (LEAVE and EXPIRE
        // included: the sender may sit on another node); the local directory never does.
        if (dst != null && mayRoute && directory.deliverRemote(dst, new Outbound.Relay(type, src, dst, payload))) {
            return;
        }
        if (type != MessageType.LEAVE && type != MessageType.EXPIRE && dst != null) {
            enqueue(new Outbound.Relay(type, src, dst, payload), sender, now);
        } else if (type == MessageType.LEAVE && dst == null) {
            // A LEAVE without destination releases the sender's own ID. Ours: the socket, which no
            // longer speaks for any ID, is closed too (the reference keeps it open and relaying).
            Client<C> self = directory.get(src);
            if (self != null && self == sender) {
                C socket = self.connection();
                release(self, RealmListener.Release.LEAVE);
                if (socket != null) {
                    closeFor(socket, RealmListener.Closure.LEFT, self.source());
                }
            }
        }
        // else: LEAVE or EXPIRE for an absent ID is ignored.
    }

    private void enqueue(Outbound.Relay relay, Client<C> sender, long now) {
        if (!queues.offer(relay, sender, now)) {
            // Beyond our bound: answer now what the sweep would answer later.
            listener.dropped(RealmListener.Drop.QUEUE_FULL, sender == null ? null : sender.source());
            transmit(MessageType.EXPIRE, relay.dst(), relay.src(), null, null, now, false, true);
            return;
        }
        listener.queued(relay.type());
    }

    /** {@code instance.ts}, on "connection": deliver what waited for this ID, then drop the queue. */
    private void deliverQueued(Client<C> client, long now) {
        PendingQueue q = queues.remove(client.id());
        if (q == null) {
            return;
        }
        for (int i = 0; i < q.messages.size(); i++) {
            Outbound.Relay m = q.messages.get(i);
            transmit(m.type(), m.src(), m.dst(), m.payload(), sender(q, i), now, true, true);
        }
    }

    @SuppressWarnings("unchecked")
    private Client<C> sender(PendingQueue q, int i) {
        return (Client<C>) q.senders.get(i);
    }

    /** {@code services/messagesExpire}: one EXPIRE per (src, dst) pair of each expired queue. */
    private void pruneOutstanding(long now) {
        if (queues.isEmpty()) {
            return;
        }
        Set<List<String>> seen = new HashSet<>();
        for (PendingQueue q : queues.expire(now, config.expireTimeoutMillis())) {
            int sent = 0;
            for (Outbound.Relay m : q.messages) {
                // The reference keys "seen" by `${src}_${dst}`; the pair itself is the same key without the ambiguity.
                if (seen.add(List.of(m.src(), m.dst()))) {
                    transmit(MessageType.EXPIRE, m.dst(), m.src(), null, null, now, true, true);
                    sent++;
                }
            }
            listener.expired(q.messages.size(), sent);
        }
    }

    /** {@code services/checkBrokenConnections}: release IDs without a HEARTBEAT for alive_timeout. */
    private void checkConnections(long now) {
        for (Client<C> client : directory.snapshot()) {
            if (now - client.lastPing() < config.aliveTimeoutMillis()) {
                continue;
            }
            C socket = client.connection();
            if (socket != null) {
                out.close(socket, Outbox.CloseKind.PLAIN);
            }
            queues.remove(client.id());
            client.attach(null);
            release(client, RealmListener.Release.ALIVE_TIMEOUT);
        }
    }

    /** Gives up {@code client}'s ID if it still holds it. */
    private boolean release(Client<C> client, RealmListener.Release reason) {
        if (!directory.remove(client)) {
            return false;
        }
        sources.idReleased(client.source());
        listener.released(client.id(), reason);
        return true;
    }

    private void tellAndClose(C conn, Outbound.ErrorText text, RealmListener.Closure why, String source) {
        out.send(conn, new Outbound.Error(text));
        closeFor(conn, why, source);
    }

    private void closeFor(C conn, RealmListener.Closure why, String source) {
        out.close(conn, Outbox.CloseKind.PLAIN);
        listener.closed(why, source);
    }

    private Client<C> idTaken(C conn, String source, RealmListener.Rejection why) {
        out.send(conn, Outbound.IdTaken.INSTANCE);
        out.close(conn, Outbox.CloseKind.PLAIN);
        listener.rejected(why, source);
        return null;
    }

    private Client<C> refuse(C conn, String source, Outbound.ErrorText text, RealmListener.Rejection why) {
        out.send(conn, new Outbound.Error(text));
        out.close(conn, Outbox.CloseKind.PLAIN);
        listener.rejected(why, source);
        return null;
    }

    /** Compares tokens in a time that does not depend on where they differ (as MessageDigest.isEqual does). */
    private static boolean sameToken(String a, String b) {
        int diff = a.length() ^ b.length();
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            diff |= a.charAt(i) ^ b.charAt(i);
        }
        return diff == 0;
    }

    private static boolean isBlank(String s) {
        // `!id || !token || !key`: only missing or empty strings are falsy.
        return s == null || s.isEmpty();
    }
}
