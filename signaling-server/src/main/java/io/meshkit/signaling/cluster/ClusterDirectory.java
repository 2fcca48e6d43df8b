package io.meshkit.signaling.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.meshkit.signaling.core.Client;
import io.meshkit.signaling.core.Directory;
import io.meshkit.signaling.core.LocalDirectory;
import io.meshkit.signaling.core.Outbound;
import io.meshkit.signaling.core.Realm;
import io.meshkit.signaling.wire.MessageType;
import io.meshkit.signaling.wire.PeerJsDecoder;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster {@link Directory}: local clients in a {@link LocalDirectory} (the relay path between two
 * clients of one node never touches Redis), IDs claimed atomically in Redis with a lease renewed in
 * one batch per node, messages for IDs held elsewhere published to the holder's node (found in a
 * bounded {@link OwnerCache}, else looked up and published in one script). Scripts run by SHA-1
 * ({@link Script}); every Redis operation is timed for the metrics ({@link ClusterMeter}). See
 * {@code docs/CLUSTER.md}.
 *
 * <p>Threading: every method of {@link Directory} and every callback into the realm runs on the
 * server's event loop ({@code loop}); Redis answers arrive on Lettuce's threads and are handed to the
 * loop with {@code loop.schedule(..., 0)}. Connecting to Redis (blocking) happens on one helper thread.
 *
 * @param <C> the adapter's connection handle
 */
public final class ClusterDirectory<C> implements Directory<C>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDirectory.class);
    /** Redis command timeout: a call that takes longer fails (and counts as "Redis unavailable"). */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** IDs per renewal script call, so one call never blocks Redis for long. */
    static final int RENEW_BATCH = 500;
    /** How long a claim announcement makes an "absent" lookup answer suspect (retried once). */
    static final long RECENT_CLAIM_MILLIS = 2000;
    /** Size of the recent-claims map above which old entries are swept. */
    static final int RECENT_CLAIMS_MAX = 1024;

    /** What a claim found. */
    public enum Claim { NEW, MOVED, TAKEN, UNAVAILABLE }

    /** What the directory needs from the adapter; called on the loop only. */
    public interface Host<C> {
        Realm<C> realm();

        long now();

        /** Writes what the realm produced. */
        void flush();

        /** A message from Redis was dropped (counted and logged by the adapter). */
        void dropped(io.meshkit.signaling.core.RealmListener.Drop reason);
    }

    private final ClusterOptions options;
    private final long leaseMillis;
    private final ScheduledExecutorService loop;
    private final LocalDirectory<C> local = new LocalDirectory<>();
    /** The token hash ({@link TokenHash}) of each local client's ID: what Redis holds next to our node name. */
    private final Map<String, String> tokens = new HashMap<>();
    /** Node-to-node payloads go through the clients' own decoder ({@link ClusterWire}). */
    private final PeerJsDecoder decoder;
    /** IDs announced as claimed in the last {@link #RECENT_CLAIM_MILLIS}, by announcement time (loop only). */
    private final Map<String, Long> recentClaims = new HashMap<>();
    /** Which node holds other nodes' IDs (loop only). */
    private final OwnerCache owners;
    private final ClusterMeter meter;
    private final ScheduledExecutorService connector;
    private final RedisClient redis;
    private Host<C> host;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean ready;
    private volatile boolean closed;
    private ScheduledFuture<?> renewTask;
    private final java.util.function.BiConsumer<Boolean, String> readySink;

    /**
     * @param leaseMillis the IDs' lease in Redis: {@code alive_timeout}
     * @param maxMessageBytes the largest message a client may send ({@code --max_frame_bytes}): no node message may be larger
     * @param loop        the server's event loop (owner of the realm)
     * @param readySink   told (from any thread) whether Redis is usable, with a short reason when not
     */
    public ClusterDirectory(ClusterOptions options, long leaseMillis, int maxMessageBytes, ScheduledExecutorService loop,
                            java.util.function.BiConsumer<Boolean, String> readySink) {
        this(options, leaseMillis, maxMessageBytes, loop, readySink, ClusterMeter.NONE);
    }

    /** As above, reporting Redis operations and owner lookups to {@code meter}. */
    public ClusterDirectory(ClusterOptions options, long leaseMillis, int maxMessageBytes, ScheduledExecutorService loop,
                            java.util.function.BiConsumer<Boolean, String> readySink, ClusterMeter meter) {
        this.options = options;
        this.owners = new OwnerCache(options.ownerCacheSize());
        this.meter = meter;
        this.decoder = new PeerJsDecoder(maxMessageBytes);
        this.readySink = readySink;
        readySink.accept(false, "connecting to Redis");
        this.leaseMillis = leaseMillis;
        this.loop = loop;
        RedisURI uri = RedisURI.create(options.redisUrl());
        if (options.redisPassword() != null) {
            // The default user's password (Redis AUTH <password>); the URL carries none (ClusterArgs checks).
            uri.setCredentialsProvider(new StaticCredentialsProvider(null, options.redisPassword().toCharArray()));
        }
        this.redis = RedisClient.create(uri);
        redis.setOptions(ClientOptions.builder()
                .sslOptions(RedisTls.sslOptions(options))
                .autoReconnect(true)
                // While disconnected, fail at once instead of buffering: callers fall back to local behaviour.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        redis.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> c) {
                markUnready("disconnected");
                // Announcements of moves may be missed until the subscription is back.
                execute(owners::clear);
            }

            @Override
            public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> c, SocketAddress a) {
                execute(owners::clear);
                // Re-assert the leases of live local clients at once (Redis may have restarted empty).
                execute(ClusterDirectory.this::renew);
            }
        });
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meshkit-redis-connect");
            t.setDaemon(true);
            return t;
        });
    }

    /** Binds the realm's owner and starts connecting and renewing. Call on the loop, once. */
    public void start(Host<C> host) {
        this.host = host;
        connector.execute(this::connect);
        renewTask = loop.scheduleAtFixedRate(this::renew, options.renewMillis(), options.renewMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** This node's name. */
    public String nodeId() {
        return options.nodeId();
    }

    /** Redis answers and this node's leases are current: new clients may be accepted. */
    public boolean ready() {
        return ready && !closed;
    }

    private void connect() {
        if (closed || connection != null) {
            return;
        }
        try {
            StatefulRedisPubSubConnection<String, String> ps = redis.connectPubSub();
            ps.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    execute(() -> onPublished(message));
                }
            });
            ps.sync().subscribe(RedisScripts.NODE_CHANNEL_PREFIX + options.nodeId(), RedisScripts.CLAIMS_CHANNEL);
            pubsub = ps;
            connection = redis.connect();
            LOG.atInfo().addKeyValue("node", options.nodeId()).log("cluster directory connected to Redis");
            execute(this::renew);
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("node", options.nodeId()).addKeyValue("error", e.getClass().getSimpleName())
                    .log("Redis unavailable; retrying");
            StatefulRedisPubSubConnection<String, String> ps = pubsub;
            if (ps != null && connection == null) {
                ps.closeAsync();
                pubsub = null;
            }
            if (!closed) {
                connector.schedule(this::connect, options.renewMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private RedisAsyncCommands<String, String> commands() {
        StatefulRedisConnection<String, String> c = connection;
        return c == null ? null : c.async();
    }

    private void execute(Runnable r) {
        if (!closed) {
            try {
                loop.execute(r);
            } catch (RuntimeException e) {
                // The loop is shutting down.
            }
        }
    }

    private void markUnready(String why) {
        if (ready) {
            LOG.atWarn().addKeyValue("node", options.nodeId()).addKeyValue("why", why)
                    .log("cluster directory not ready: refusing new clients");
        }
        ready = false;
        readySink.accept(false, "Redis unavailable: " + why);
    }

    // --- claims ---

    /**
     * Claims {@code id} for {@code token} on this node; {@code done} runs on the loop. Held by another
     * token anywhere: {@link Claim#TAKEN}. Redis unreachable: {@link Claim#UNAVAILABLE}.
     */
    public void claim(String id, String token, Consumer<Claim> done) {
        RedisAsyncCommands<String, String> cmd = commands();
        if (cmd == null || !ready()) {
            done.accept(Claim.UNAVAILABLE);
            return;
        }
        String hash = TokenHash.of(id, token);
        timed(ClusterMeter.Op.CLAIM, RedisScripts.CLAIM.<String>run(cmd, ScriptOutputType.STATUS, new String[] {key(id)},
                        options.nodeId(), hash, Long.toString(leaseMillis), id))
                .whenComplete((r, e) -> execute(() -> {
                    Claim c = e != null || r == null ? Claim.UNAVAILABLE : Claim.valueOf(r);
                    if (c == Claim.NEW || c == Claim.MOVED) {
                        tokens.put(id, hash);
                    }
                    done.accept(c);
                }));
    }

    /** Gives back a claim the realm did not use (the socket went away, or over the limit). */
    public void unclaim(String id, String token) {
        if (local.get(id) == null) {
            tokens.remove(id);
            release(id, TokenHash.of(id, token));
        }
    }

    private void release(String id, String hash) {
        RedisAsyncCommands<String, String> cmd = commands();
        if (cmd != null && hash != null) {
            // Failure is harmless: the lease expires within alive_timeout.
            timed(ClusterMeter.Op.RELEASE, RedisScripts.RELEASE.run(cmd, ScriptOutputType.INTEGER, new String[] {key(id)},
                    options.nodeId() + " " + hash, id));
        }
    }

    // --- Directory ---

    @Override
    public Client<C> get(String id) {
        return local.get(id);
    }

    @Override
    public void put(Client<C> client) {
        local.put(client);
    }

    @Override
    public boolean remove(Client<C> client) {
        if (!local.remove(client)) {
            return false;
        }
        release(client.id(), tokens.remove(client.id()));
        return true;
    }

    @Override
    public int size() {
        return local.size();
    }

    @Override
    public List<String> ids() {
        return local.ids();
    }

    @Override
    public List<Client<C>> snapshot() {
        return local.snapshot();
    }

    @Override
    public boolean deliverRemote(String dst, Outbound.Relay message) {
        return route(message, false, false);
    }

    /**
     * Publishes {@code message} to the node holding its destination: the one in the owner cache, or
     * else the one a lookup script finds (which publishes in the same atomic step, and whose answer
     * fills the cache). A message already forwarded once (it reached a node that no longer held its
     * ID) is never routed again, so no message can bounce between nodes; a lookup that found no
     * holder although the ID was claimed a moment ago (the claim's announcement overtook the
     * lookup's answer) is retried once. Forwarded and retried messages are always looked up.
     */
    private boolean route(Outbound.Relay message, boolean forwarded, boolean retried) {
        RedisAsyncCommands<String, String> cmd = commands();
        if (cmd == null) {
            return false;
        }
        String wire = ClusterWire.relay(message, forwarded);
        String owner = forwarded || retried ? null : owners.get(message.dst());
        if (!forwarded && !retried) {
            meter.ownerLookup(owner != null);
        }
        if (owner != null) {
            timed(ClusterMeter.Op.PUBLISH, cmd.publish(RedisScripts.NODE_CHANNEL_PREFIX + owner, wire))
                    .whenComplete((n, e) -> execute(() -> published(message, n, e)));
            return true;
        }
        long version = owners.version();
        timed(ClusterMeter.Op.ROUTE, RedisScripts.ROUTE.<String>run(cmd, ScriptOutputType.VALUE,
                        new String[] {key(message.dst())}, wire, options.nodeId()))
                .whenComplete((r, e) -> execute(() -> {
                    if (r != null && r.length() > 1 && r.charAt(0) == '1') {
                        owners.put(message.dst(), r.substring(1), version);
                    }
                    routed(message, e != null || r == null || r.isEmpty() ? 0 : switch (r.charAt(0)) {
                        case '1' -> 1;
                        case '2' -> 2;
                        case '-' -> -1;
                        default -> 0;
                    }, forwarded, retried);
                }));
        return true;
    }

    /**
     * A message published to its destination's cached node: no subscriber took it (that node died or
     * lost Redis) or Redis failed, so the entry goes and the holder is looked up once.
     */
    private void published(Outbound.Relay message, Long receivers, Throwable e) {
        if (e == null && receivers != null && receivers > 0) {
            return;
        }
        owners.invalidate(message.dst());
        if (!route(message, false, true)) {
            routed(message, 0, false, true);
        }
    }

    private void routed(Outbound.Relay message, long result, boolean forwarded, boolean retried) {
        if (result == 1) {
            return;
        }
        Long claimed = recentClaims.get(message.dst());
        if (result == 0 && !retried && claimed != null && host.now() - claimed < RECENT_CLAIM_MILLIS
                && route(message, forwarded, true)) {
            return;
        }
        Realm<C> realm = host.realm();
        if (result == 2 && message.type() != MessageType.LEAVE && message.type() != MessageType.EXPIRE) {
            // Held by a node that no longer listens (it died; its lease has not run out yet): answer
            // as the reference answers for a dead destination.
            realm.deliverHere(new Outbound.Relay(MessageType.LEAVE, message.dst(), message.src(), null), host.now());
        } else if (result != 2) {
            // No holder (queue here, as on one node) or a stale holder that is us.
            realm.deliverHere(message, host.now());
        }
        host.flush();
    }

    private void onPublished(String message) {
        if (host == null) {
            return;
        }
        Realm<C> realm = host.realm();
        int maxIdLength = realm.config().limits().maxIdLength();
        char kind = message.isEmpty() ? 0 : message.charAt(0);
        String rest = message.isEmpty() ? "" : message.substring(1);
        if (kind == 'M' || kind == 'N') {
            Outbound.Relay relay = ClusterWire.decodeRelay(message, decoder, maxIdLength);
            if (relay == null) {
                host.dropped(io.meshkit.signaling.core.RealmListener.Drop.CLUSTER_INVALID);
                return;
            }
            if (kind == 'M' && local.get(relay.dst()) == null && route(relay, true, false)) {
                // Its ID moved on (a same-token re-attach elsewhere) after the sender looked it up:
                // follow it once.
                return;
            }
            realm.deliverHere(relay, host.now());
        } else if ((kind == 'C' || kind == 'E' || kind == 'R') && realm.validId(rest)) {
            if (kind == 'R') {
                // Released on some node: until it is claimed again, a lookup answers "absent".
                owners.invalidate(rest);
            } else if (kind == 'C') {
                owners.invalidate(rest);
                long now = host.now();
                recentClaims.put(rest, now);
                if (recentClaims.size() > RECENT_CLAIMS_MAX) {
                    recentClaims.values().removeIf(t -> now - t >= RECENT_CLAIM_MILLIS);
                }
                realm.deliverQueuedFor(rest, now);
            } else {
                // Our client's token re-attached on another node: messages for the ID go there now,
                // and the socket here is told and closed, as one replaced on this node.
                forget(rest);
            }
        } else {
            // Not something a node writes: whoever can publish on our Redis is not one of us.
            host.dropped(io.meshkit.signaling.core.RealmListener.Drop.CLUSTER_INVALID);
            return;
        }
        host.flush();
    }

    private void forget(String id) {
        Client<C> c = local.get(id);
        if (c != null) {
            tokens.remove(id);
            host.realm().lost(c, host.now());
        }
    }

    // --- leases ---

    private void renew() {
        RedisAsyncCommands<String, String> cmd = commands();
        if (closed || host == null) {
            return;
        }
        if (cmd == null || !connection.isOpen()) {
            markUnready("no connection");
            return;
        }
        List<Client<C>> clients = local.snapshot();
        if (clients.isEmpty()) {
            timed(ClusterMeter.Op.PING, cmd.ping()).whenComplete((r, e) -> renewed(e));
            return;
        }
        for (int from = 0; from < clients.size(); from += RENEW_BATCH) {
            List<Client<C>> batch = clients.subList(from, Math.min(clients.size(), from + RENEW_BATCH));
            String[] keys = new String[batch.size()];
            String[] args = new String[batch.size() + 2];
            args[0] = options.nodeId();
            args[1] = Long.toString(leaseMillis);
            List<String> ids = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                String id = batch.get(i).id();
                ids.add(id);
                keys[i] = key(id);
                String t = tokens.get(id);
                args[i + 2] = t == null ? "" : t;
            }
            timed(ClusterMeter.Op.RENEW, RedisScripts.RENEW.<List<Long>>run(cmd, ScriptOutputType.MULTI, keys, args))
                    .whenComplete((lost, e) -> execute(() -> {
                        renewed(e);
                        if (lost != null) {
                            for (Long code : lost) {
                                forget(ids.get((int) (code / 10) - 1));
                            }
                            host.flush();
                        }
                    }));
        }
    }

    private void renewed(Throwable e) {
        if (e == null) {
            if (!ready) {
                LOG.atInfo().addKeyValue("node", options.nodeId()).log("cluster directory ready");
            }
            ready = true;
            readySink.accept(true, null);
        } else {
            markUnready(e.getClass().getSimpleName());
        }
    }

    private static String key(String id) {
        return RedisScripts.KEY_PREFIX + id;
    }

    /** Reports how long {@code op} took and whether it failed, when it completes. */
    private <T> java.util.concurrent.CompletionStage<T> timed(ClusterMeter.Op op, java.util.concurrent.CompletionStage<T> f) {
        long t0 = System.nanoTime();
        return f.whenComplete((r, e) -> meter.redis(op, System.nanoTime() - t0, e == null));
    }

    /** The owner cache's hits and misses so far, and its size (for tests and the bench; loop only). */
    long[] ownerCacheStats() {
        return new long[] {owners.hits(), owners.misses(), owners.size()};
    }

    /**
     * Stops renewing and gives back this node's IDs (a clean shutdown; a killed node's leases simply
     * run out). Call after the server stopped relaying.
     */
    @Override
    public void close() {
        if (renewTask != null) {
            renewTask.cancel(false);
        }
        StatefulRedisConnection<String, String> c = connection;
        if (c != null && c.isOpen()) {
            try {
                // Commands run in order: once this answers, the releases the closing sockets sent are done.
                c.sync().ping();
            } catch (RuntimeException e) {
                // Redis is away: the leases run out instead.
            }
            for (Client<C> client : local.snapshot()) {
                String t = tokens.get(client.id());
                if (t != null) {
                    try {
                        RedisScripts.RELEASE.run(c.async(), ScriptOutputType.INTEGER, new String[] {key(client.id())},
                                options.nodeId() + " " + t, client.id()).toCompletableFuture()
                                .get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (RuntimeException | java.util.concurrent.ExecutionException
                             | java.util.concurrent.TimeoutException e) {
                        break;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }
        closed = true;
        connector.shutdownNow();
        redis.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
