package io.meshkit.mesh.runtime;

import dev.onvoid.webrtc.RTCIceConnectionState;
import io.meshkit.mesh.core.Effect;
import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.core.MeshIds;
import io.meshkit.mesh.core.MeshNode;
import io.meshkit.mesh.core.Namespace;
import io.meshkit.mesh.core.NamespaceSpec;
import io.meshkit.mesh.core.Notification;
import io.meshkit.mesh.core.Role;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.MeshWire;
import io.meshkit.mesh.discovery.PublicIpDiscovery;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import io.meshkit.mesh.webrtc.DataConnection;
import io.meshkit.mesh.webrtc.PeerJsPeer;
import io.meshkit.mesh.webrtc.Serialization;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter around the sans-IO {@link MeshNode}: it runs the node on one event thread with a
 * monotonic clock, carries out its {@link Effect}s with {@link PeerJsPeer}s (one per claimed ID) and
 * WebRTC data connections ({@code json} serialization, {@link MeshWire} text), turns what happens
 * on the network into {@link MeshEvent}s, and reports {@link Notification}s as control events.
 */
public final class MeshRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(MeshRuntime.class);

    /** Where control events go (the CLI prints them as JSON lines). */
    public interface Events {
        void emit(Map<String, Object> event);
    }

    private final RuntimeConfig config;
    private final Events events;
    private final HttpClient http;
    private final ScheduledExecutorService loop;
    private final long clockOrigin = System.nanoTime();
    private final Map<String, PeerJsPeer> claims = new HashMap<>();
    /** Links by (local ID, remote ID): one per pair, as the core expects. */
    private final Map<LinkKey, Link> links = new HashMap<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    private String transportId;
    private PeerJsPeer transportPeer;
    private MeshNode node;
    private String namespace;
    private PublicIpDiscovery.Result discovery;
    private volatile boolean stopping;

    /** The namespace label of the local network. */
    static final String LOCAL = "local";

    private record LinkKey(String local, String remote) {}

    /** One data connection to a remote ID, with whether it opened and whether we dropped it. */
    private static final class Link {
        final DataConnection connection;
        final boolean inbound;
        /** The claimed ID whose signaling connection carries this link. */
        final String via;
        boolean opened;
        boolean droppedByUs;

        Link(DataConnection connection, boolean inbound, String via) {
            this.connection = connection;
            this.inbound = inbound;
            this.via = via;
        }
    }

    public MeshRuntime(RuntimeConfig config, Events events) {
        this.config = config;
        this.events = events;
        // HTTP/1.1 only: an h2c upgrade offer on a plain-HTTP IP echo is refused by some servers
        // (400 "Invalid Upgrade header"), and nothing here needs HTTP/2.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(java.time.Duration.ofSeconds(5)).build();
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mesh-loop");
            t.setDaemon(true);
            return t;
        });
    }

    private long now() {
        return (System.nanoTime() - clockOrigin) / 1_000_000L;
    }

    /** Discovers the namespace, registers the Transport ID and starts the mesh node. */
    public void start() {
        discovery = PublicIpDiscovery.discover(http, config.discovery());
        transportId = MeshIds.transportId(config.prefix(), UUID.randomUUID().toString());
        loop.execute(this::registerTransportId);
        if (discovery instanceof PublicIpDiscovery.Off off) {
            events.emit(event("discovery-off", "reason", off.reason()));
            return;
        }
        PublicIpDiscovery.Found found = (PublicIpDiscovery.Found) discovery;
        namespace = Namespace.of(config.prefix(), found.address().getAddress());
        NamespaceSpec spec = new NamespaceSpec(LOCAL, config.prefix(), namespace, config.discoveryUuid(), config.mesh());
        node = new MeshNode(config.name(), transportId, new SplittableRandom(new SecureRandom().nextLong()));
        Map<String, Object> ready = event("ready", "transportId", transportId);
        ready.put("discoveryId", spec.discoveryId());
        ready.put("namespace", namespace);
        ready.put("publicIp", found.address().getHostAddress());
        ready.put("ipSource", found.source().wire());
        events.emit(ready);
        loop.execute(() -> {
            step(new MeshEvent.AddNamespace(spec));
            // The wall clock only dates registry entries (lastSeen); the core's timers run on the monotonic now().
            step(new MeshEvent.Start(System.currentTimeMillis()));
        });
    }

    /** The current state as a {@code status} event (runs on the event thread). */
    public Map<String, Object> status() {
        try {
            return loop.submit(() -> {
                Map<String, Object> s = event("status", "role",
                        node == null ? null : node.role(LOCAL).map(Role::wireName).orElse(null));
                s.put("routerId", node == null ? null : node.routerId(LOCAL).orElse(null));
                s.put("namespace", namespace);
                s.put("discoveryId", node == null ? null : node.discoveryId(LOCAL).orElse(null));
                s.put("transportId", transportId);
                s.put("peers", node == null ? List.of() : peers(node.network(LOCAL).orElse(List.of())));
                return s;
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return event("error", "reason", "status unavailable");
        }
    }

    /** Leaves cleanly (the router hands over; every ID is released) and waits up to {@code timeoutMillis}. */
    public void stop(long timeoutMillis) {
        if (stopping) {
            return;
        }
        stopping = true;
        loop.execute(() -> {
            if (node != null) {
                step(new MeshEvent.Stop());
            } else {
                stopped.complete(null);
            }
        });
        try {
            stopped.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("clean stop did not finish within {} ms", timeoutMillis);
        }
        try {
            loop.submit(() -> {
                for (PeerJsPeer p : new ArrayList<>(claims.values())) {
                    p.close();
                }
                claims.clear();
                if (transportPeer != null) {
                    transportPeer.close();
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("closing peers: {}", e.toString());
        }
        loop.shutdownNow();
    }

    // ------------------------------------------------------------------ the core (event thread)

    private void step(MeshEvent e) {
        if (node == null) {
            return;
        }
        List<Effect> effects;
        if (LOG.isDebugEnabled()) {
            LOG.debug("core <- {}", Trace.event(e));
        }
        try {
            effects = node.step(e, now());
        } catch (RuntimeException bug) {
            LOG.error("mesh core failed on {}", e.getClass().getSimpleName(), bug);
            return;
        }
        for (Effect effect : effects) {
            if (LOG.isDebugEnabled() && !(effect instanceof Effect.ScheduleAt)) {
                LOG.debug("core -> {}", Trace.effect(effect));
            }
            try {
                apply(effect);
            } catch (RuntimeException bug) {
                LOG.error("effect {} failed", effect.getClass().getSimpleName(), bug);
            }
        }
    }

    private void apply(Effect effect) {
        if (effect instanceof Effect.ClaimId c) {
            claim(c.id());
        } else if (effect instanceof Effect.ReleaseId r) {
            PeerJsPeer p = claims.remove(r.id());
            if (p != null) {
                for (Link l : links.values()) {
                    if (l.via.equals(r.id())) {
                        l.droppedByUs = true;
                    }
                }
                links.values().removeIf(l -> l.droppedByUs);
                p.close();
            } else {
                links.values().removeIf(l -> l.via.equals(r.id()));
            }
        } else if (effect instanceof Effect.Connect c) {
            connect(c.localId(), c.remoteId());
        } else if (effect instanceof Effect.Send s) {
            Link l = links.get(new LinkKey(s.localId(), s.remoteId()));
            if (l != null && l.opened) {
                l.connection.sendJsonText(MeshWire.encode(s.message()));
            }
        } else if (effect instanceof Effect.Disconnect d) {
            Link l = links.remove(new LinkKey(d.localId(), d.remoteId()));
            if (l != null) {
                l.droppedByUs = true;
                l.connection.close();
            }
        } else if (effect instanceof Effect.ScheduleAt t) {
            long delay = Math.max(0, t.atMillis() - now());
            loop.schedule(() -> step(new MeshEvent.Timer(t.key())), delay, TimeUnit.MILLISECONDS);
        } else if (effect instanceof Effect.Notify n) {
            notify(n.notification());
        } else {
            throw new IllegalStateException("unknown effect " + effect);
        }
    }

    private void notify(Notification n) {
        if (n instanceof Notification.RoleChanged r) {
            Map<String, Object> e = event("role", "role", r.role().wireName());
            e.put("routerId", r.routerId());
            events.emit(e);
        } else if (n instanceof Notification.NetworkChanged c) {
            events.emit(event("network", "peers", peers(c.peers())));
        } else if (n instanceof Notification.Fault f) {
            events.emit(event("fault", "reason", f.reason()));
        } else if (n instanceof Notification.Stopped) {
            stopped.complete(null);
        } else if (!(n instanceof Notification.NamespaceStopped)) {
            throw new IllegalStateException("unknown notification " + n);
        }
    }

    private static List<Map<String, Object>> peers(List<Member> members) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Member m : members) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("discoveryId", m.discoveryId());
            p.put("name", m.name());
            p.put("uuid", m.uuid());
            p.put("transportId", m.transportId());
            out.add(p);
        }
        return out;
    }

    // ------------------------------------------------------------------ effects (event thread)

    private void claim(String id) {
        PeerJsPeer existing = claims.get(id);
        if (existing != null) {
            // Already claimed or claiming: its answer comes (or came) from that connection. The core never asks twice
            // for an ID it holds, but if it did, silence here would stall its search until a timeout.
            if (existing.isOpen()) {
                loop.execute(() -> step(new MeshEvent.IdClaimed(id)));
            }
            return;
        }
        PeerJsPeer peer = new PeerJsPeer(http, loop, config.signaling(), id, config.iceServers(),
                config.signalingSettings(), new ClaimListener(id));
        claims.put(id, peer);
    }

    private final class ClaimListener implements PeerJsPeer.Listener {
        private final String id;

        ClaimListener(String id) {
            this.id = id;
        }

        @Override
        public void onOpen(PeerJsPeer peer) {
            loop.execute(() -> {
                if (claims.get(id) == peer) {
                    step(new MeshEvent.IdClaimed(id));
                }
            });
        }

        @Override
        public void onConnection(PeerJsPeer peer, DataConnection c) {
            // Register the listener now (on the peer's thread) so no event of the connection is missed.
            Link link = new Link(c, true, id);
            c.listener(new LinkListener(link));
            loop.execute(() -> adopt(new LinkKey(id, c.peer()), link));
        }

        @Override
        public void onClosed(PeerJsPeer peer, String reason) {
            loop.execute(() -> {
                if (claims.get(id) != peer) {
                    return; // released by us
                }
                claims.remove(id);
                step("ID-TAKEN".equals(reason) ? new MeshEvent.IdTaken(id) : new MeshEvent.IdLost(id));
            });
        }
    }

    private void connect(String localId, String remoteId) {
        PeerJsPeer from = claims.get(localId);
        if (from == null || !from.isOpen()) {
            // Queued, not stepped from here: the core must never be re-entered while it is carrying out effects.
            loop.execute(() -> step(new MeshEvent.ConnectFailed(localId, remoteId)));
            return;
        }
        DataConnection c = from.connect(remoteId, Serialization.JSON, true, null);
        Link link = new Link(c, false, localId);
        c.listener(new LinkListener(link));
        adopt(new LinkKey(localId, remoteId), link);
    }

    /** One link per (local, remote) pair: a new one replaces the old, whose events are then ignored. */
    private void adopt(LinkKey key, Link link) {
        Link old = links.put(key, link);
        if (old != null && old != link) {
            old.droppedByUs = true;
            old.connection.close();
        }
    }

    private final class LinkListener implements DataConnection.Listener {
        private final Link link;

        LinkListener(Link link) {
            this.link = link;
        }

        private LinkKey key(DataConnection c) {
            return new LinkKey(link.via, c.peer());
        }

        private boolean current(DataConnection c) {
            return links.get(key(c)) == link && !link.droppedByUs;
        }

        @Override
        public void onOpen(DataConnection c) {
            loop.execute(() -> {
                if (current(c)) {
                    link.opened = true;
                    step(new MeshEvent.Connected(link.via, c.peer(), link.inbound));
                }
            });
        }

        @Override
        public void onData(DataConnection c, Object value) {
            loop.execute(() -> {
                if (!current(c)) {
                    return;
                }
                MeshWire.Decoded d = MeshWire.fromTree(value);
                if (d instanceof MeshWire.Decoded.Ok ok) {
                    step(new MeshEvent.Received(link.via, c.peer(), ok.message()));
                } else if (d instanceof MeshWire.Decoded.Rejected r) {
                    step(new MeshEvent.Discarded(link.via, c.peer(), r.reason()));
                } else {
                    step(new MeshEvent.Discarded(link.via, c.peer(), "unknown type"));
                }
            });
        }

        @Override
        public void onIceState(DataConnection c, RTCIceConnectionState state) {
            // About 5 s after a silent loss ICE says disconnected while the channel stays "open"
            // (PeerJS's close event never fires): treat it as the end of the link.
            if (state == RTCIceConnectionState.DISCONNECTED) {
                c.close();
            }
        }

        @Override
        public void onClose(DataConnection c, String reason) {
            loop.execute(() -> {
                if (!current(c)) {
                    return;
                }
                links.remove(key(c));
                step(link.opened ? new MeshEvent.Disconnected(link.via, c.peer())
                        : new MeshEvent.ConnectFailed(link.via, c.peer()));
            });
        }
    }

    // ------------------------------------------------------------------ transport ID

    private void registerTransportId() {
        transportPeer = new PeerJsPeer(http, loop, config.signaling(), transportId, config.iceServers(),
                config.signalingSettings(), new PeerJsPeer.Listener() {
                    @Override
                    public void onConnection(PeerJsPeer peer, DataConnection c) {
                        // Contacts and chat (part 2) will use the Transport ID; nothing speaks to it yet.
                        c.close();
                    }
                });
    }

    private static Map<String, Object> event(String name, String key, Object value) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event", name);
        e.put(key, value);
        return e;
    }

    /** For tests: the endpoint in use. */
    SignalingEndpoint endpoint() {
        return config.signaling();
    }

    /** Settings of the signaling clients (heartbeat, reconnects). */
    static SignalingClient.Settings defaultSignalingSettings() {
        return SignalingClient.Settings.DEFAULTS;
    }
}
