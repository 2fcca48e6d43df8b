package io.meshkit.signaling.core;

import io.meshkit.signaling.wire.Inbound;
import io.meshkit.signaling.wire.MessageType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The signaling realm of peerjs-server 1.0.2 as a sans-IO state machine: IDs and tokens, relay,
 * queues for absent IDs and their expiry, liveness from {@code HEARTBEAT}. Inputs are method calls
 * carrying the current time; outputs are effects handed to the {@link Outbox} and events to the
 * {@link RealmListener}. No clock, no threads, no I/O: one thread owns a realm (the adapter's event
 * loop), which is what keeps the relay path free of locks.
 *
 * <p>Each method names the reference code it reproduces. See {@code docs/SIGNALING.md} for the few
 * deliberate differences.
 *
 * @param <C> the adapter's connection handle (compared by identity)
 */
public final class Realm<C> {
    private final RealmConfig config;
    private final Outbox<C> out;
    private final Directory<C> directory;
    private final RealmListener listener;
    private final Map<String, PendingQueue> queues = new LinkedHashMap<>();
    private long queuedBytes;
    private long nextExpireSweep;
    private long nextAliveCheck;

    public Realm(RealmConfig config, Outbox<C> out, Directory<C> directory, RealmListener listener, long now) {
        this.config = config;
        this.out = out;
        this.directory = directory;
        this.listener = listener;
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

    /**
     * A WebSocket opened with these query parameters ({@code webSocketServer/index.ts},
     * {@code _onSocketConnection}). Returns the client the socket now speaks for, or {@code null}
     * when it was refused (an error or {@code ID-TAKEN} was sent and the socket closed).
     */
    public Client<C> connect(C conn, String id, String token, String key, long now) {
        if (isBlank(id) || isBlank(token) || isBlank(key)) {
            return refuse(conn, Outbound.ErrorText.INVALID_WS_PARAMETERS, RealmListener.Rejection.INVALID_PARAMETERS);
        }
        if (!key.equals(config.key())) {
            return refuse(conn, Outbound.ErrorText.INVALID_KEY, RealmListener.Rejection.INVALID_KEY);
        }
        Client<C> existing = directory.get(id);
        if (existing != null) {
            if (!token.equals(existing.token())) {
                out.send(conn, Outbound.IdTaken.INSTANCE);
                out.close(conn, Outbox.CloseKind.PLAIN);
                listener.rejected(RealmListener.Rejection.ID_TAKEN);
                return null;
            }
            // Same token: the new socket takes over the registration, without OPEN and without
            // closing the old socket (_configureWS only); liveness is not refreshed.
            existing.attach(conn);
            listener.reattached(id);
            deliverQueued(existing, now);
            return existing;
        }
        if (directory.size() >= config.concurrentLimit()) {
            return refuse(conn, Outbound.ErrorText.CONNECTION_LIMIT_EXCEED, RealmListener.Rejection.CONCURRENT_LIMIT);
        }
        Client<C> client = new Client<>(id, token, conn, now);
        directory.put(client);
        out.send(conn, Outbound.Open.INSTANCE);
        listener.registered(id);
        deliverQueued(client, now);
        return client;
    }

    /** A decoded message arrived on a socket speaking for {@code from} ({@code messageHandler}). */
    public void receive(Client<C> from, Inbound message, long now) {
        if (message instanceof Inbound.Transmit t) {
            transmit(t.type(), from.id(), t.dst(), t.payload(), now, true, true);
        } else if (message instanceof Inbound.Heartbeat) {
            from.ping(now);
        } else if (message instanceof Inbound.Rejected) {
            listener.dropped(RealmListener.Drop.MALFORMED);
        } else {
            listener.dropped(RealmListener.Drop.IGNORED);
        }
    }

    /**
     * A socket closed. Its client's ID is released at once if this socket was still the attached one
     * (the {@code close} handler in {@code _configureWS}).
     */
    public void closed(Client<C> client, C conn, long now) {
        if (client.connection() == conn) {
            client.attach(null);
            if (directory.remove(client)) {
                listener.released(client.id(), RealmListener.Release.SOCKET_CLOSED);
            }
        }
    }

    /** Advances time: runs the expiry sweep and the liveness check when they are due. */
    public void tick(long now) {
        if (now >= nextExpireSweep) {
            nextExpireSweep = now + config.expireSweepMillis();
            pruneOutstanding(now);
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
        int n = 0;
        for (PendingQueue q : queues.values()) {
            n += q.messages.size();
        }
        return n;
    }

    /** Payload bytes waiting for absent IDs. */
    public long queuedBytes() {
        return queuedBytes;
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
        transmit(relay.type(), relay.src(), relay.dst(), relay.payload(), now, true, false);
    }

    /**
     * Cluster mode: {@code id} was claimed on another node. What waited here for it goes through the
     * directory to that node (the queue lives on the sender's node, so its expiry and {@code EXPIRE}
     * answers work as on one node).
     */
    public void deliverQueuedFor(String id, long now) {
        PendingQueue q = removeQueue(id);
        if (q == null) {
            return;
        }
        for (Outbound.Relay m : q.messages) {
            transmit(m.type(), m.src(), m.dst(), m.payload(), now, true, true);
        }
    }

    // --- handlers/transmission/index.ts ---

    private void transmit(MessageType type, String src, String dst, io.meshkit.signaling.wire.RawJson payload,
                          long now, boolean mayAnswerLeave) {
        transmit(type, src, dst, payload, now, mayAnswerLeave, true);
    }

    private void transmit(MessageType type, String src, String dst, io.meshkit.signaling.wire.RawJson payload,
                          long now, boolean mayAnswerLeave, boolean mayRoute) {
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
            listener.dropped(RealmListener.Drop.DEAD_DESTINATION);
            if (socket != null) {
                out.close(socket, Outbox.CloseKind.PLAIN);
            } else if (directory.remove(destination)) {
                listener.released(destination.id(), RealmListener.Release.DEAD_SOCKET);
            }
            if (mayAnswerLeave) {
                transmit(MessageType.LEAVE, dst, src, null, now, false);
            }
            return;
        }
        // A clustered directory takes over every message for an ID held elsewhere (LEAVE and EXPIRE
        // included: the sender may sit on another node); the local directory never does.
        if (dst != null && mayRoute && directory.deliverRemote(dst, new Outbound.Relay(type, src, dst, payload))) {
            return;
        }
        if (type != MessageType.LEAVE && type != MessageType.EXPIRE && dst != null) {
            enqueue(new Outbound.Relay(type, src, dst, payload), now);
        } else if (type == MessageType.LEAVE && dst == null) {
            // A LEAVE without destination releases the sender's own ID (the socket stays open).
            Client<C> self = directory.get(src);
            if (self != null && directory.remove(self)) {
                listener.released(src, RealmListener.Release.LEAVE);
            }
        }
        // else: LEAVE or EXPIRE for an absent ID is ignored.
    }

    private void enqueue(Outbound.Relay relay, long now) {
        PendingQueue q = queues.get(relay.dst());
        long size = relay.payload() == null ? 0 : relay.payload().length();
        if ((q != null && q.messages.size() >= config.maxQueuedPerPeer())
                || (q == null && config.maxQueuedPerPeer() == 0)
                || queuedBytes + size > config.maxQueuedBytes()) {
            // Beyond our bound: answer now what the sweep would answer later.
            listener.dropped(RealmListener.Drop.QUEUE_FULL);
            transmit(MessageType.EXPIRE, relay.dst(), relay.src(), null, now, false);
            return;
        }
        if (q == null) {
            q = new PendingQueue(now);
            queues.put(relay.dst(), q);
        }
        q.messages.add(relay);
        q.bytes += size;
        queuedBytes += size;
        listener.queued(relay.type());
    }

    /** {@code instance.ts}, on "connection": deliver what waited for this ID, then drop the queue. */
    private void deliverQueued(Client<C> client, long now) {
        PendingQueue q = removeQueue(client.id());
        if (q == null) {
            return;
        }
        for (Outbound.Relay m : q.messages) {
            transmit(m.type(), m.src(), m.dst(), m.payload(), now, true);
        }
    }

    private PendingQueue removeQueue(String id) {
        PendingQueue q = queues.remove(id);
        if (q != null) {
            queuedBytes -= q.bytes;
        }
        return q;
    }

    /** {@code services/messagesExpire}: one EXPIRE per (src, dst) pair of each expired queue. */
    private void pruneOutstanding(long now) {
        if (queues.isEmpty()) {
            return;
        }
        Set<String> seen = new HashSet<>();
        List<PendingQueue> expired = new ArrayList<>();
        for (Iterator<Map.Entry<String, PendingQueue>> it = queues.entrySet().iterator(); it.hasNext(); ) {
            PendingQueue q = it.next().getValue();
            if (now - q.createdAt < config.expireTimeoutMillis()) {
                continue;
            }
            it.remove();
            queuedBytes -= q.bytes;
            expired.add(q);
        }
        for (PendingQueue q : expired) {
            int sent = 0;
            for (Outbound.Relay m : q.messages) {
                // The reference keys "seen" by `${src}_${dst}`; a pair of strings is the same key without the ambiguity.
                if (seen.add(m.src().length() + ":" + m.src() + "_" + m.dst())) {
                    transmit(MessageType.EXPIRE, m.dst(), m.src(), null, now, true);
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
            removeQueue(client.id());
            directory.remove(client);
            client.attach(null);
            listener.released(client.id(), RealmListener.Release.ALIVE_TIMEOUT);
        }
    }

    private Client<C> refuse(C conn, Outbound.ErrorText text, RealmListener.Rejection why) {
        out.send(conn, new Outbound.Error(text));
        out.close(conn, Outbox.CloseKind.PLAIN);
        listener.rejected(why);
        return null;
    }

    private static boolean isBlank(String s) {
        // `!id || !token || !key`: only missing or empty strings are falsy.
        return s == null || s.isEmpty();
    }
}
