package io.meshkit.mesh.runtime;

import io.meshkit.beacon.Beacon;
import io.meshkit.mesh.beacon.BeaconFollower;
import io.meshkit.mesh.beacon.BeaconHttp;
import io.meshkit.mesh.contacts.ChatMessage;
import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.contacts.ContactNode;
import io.meshkit.mesh.contacts.ContactNotification;
import io.meshkit.mesh.contacts.ContactsConfig;
import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.core.MeshIds;
import io.meshkit.mesh.core.MeshNode;
import io.meshkit.mesh.core.NamespaceSpec;
import io.meshkit.mesh.core.Notification;
import io.meshkit.mesh.core.Role;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.discovery.PublicIpDiscovery;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.rendezvous.RendezvousConfig;
import io.meshkit.mesh.rendezvous.RendezvousEvent;
import io.meshkit.mesh.rendezvous.RendezvousNode;
import io.meshkit.mesh.rendezvous.SpecialContact;
import io.meshkit.mesh.storage.ChatStore;
import io.meshkit.mesh.storage.RendezvousStore;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh client as a running thing: it discovers the public IP, registers the Transport ID, runs the sans-IO
 * {@link MeshNode} (through a {@link CoreDriver}) with the local network's namespace, moves it when the public address
 * changes, and reports what happens as control events (the CLI's {@code --json} protocol, module README).
 *
 * <p>Everything it talks to is a port ({@link Ports}): the event loop with its clocks, the PeerJS signaling, discovery,
 * randomness. {@link #MeshRuntime(RuntimeConfig, Events)} wires the real ones; tests wire fakes.
 */
public final class MeshRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(MeshRuntime.class);

  /** The namespace label of the local network (docs/PROTOCOL.md §14). */
  public static final String LOCAL = "local";

  /** Where control events go (the CLI prints them as JSON lines). */
  public interface Events {
    void emit(Map<String, Object> event);
  }

  /**
   * What the runtime talks to.
   *
   * @param loop      the one thread everything runs on, and its clocks
   * @param signaling PeerJS: claims and links
   * @param discovery finds the public address (blocking; called off the loop)
   * @param random    seeds the core's jitter
   * @param uuids     fresh random UUIDs (Transport IDs)
   * @param strict    rethrow a core failure instead of logging it (tests)
   */
  record Ports(EventLoop loop, SignalingPort signaling, Supplier<PublicIpDiscovery.Result> discovery,
               RandomGenerator random, Supplier<String> uuids, boolean strict,
               Supplier<CompletableFuture<String>> beaconFetch, BeaconBook beacons) {
    /** Without a beacon source. */
    Ports(EventLoop loop, SignalingPort signaling, Supplier<PublicIpDiscovery.Result> discovery,
          RandomGenerator random, Supplier<String> uuids, boolean strict) {
      this(loop, signaling, discovery, random, uuids, strict, null, new BeaconBook());
    }
  }

  private final RuntimeConfig config;
  private final Events events;
  private final Ports ports;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private String transportId;
  private TransportRegistration transport;
  private CoreDriver driver;
  /** The namespaces of the local network, one per prefix held (two during a beacon rotation). */
  private LocalNamespaces locals;
  /** The prefixes held, oldest first: the fixed one, or the beacon's (docs/PROTOCOL.md §13.3.5). */
  private final List<String> prefixes = new ArrayList<>();
  /** The public address, or null while unknown or with discovery off. */
  private PublicIpDiscovery.Found address;
  /** The list last told as a {@code network} event. */
  private List<Member> lastNetwork;
  private BeaconDriver beacon;
  private volatile boolean stopping;
  /** Identity, contacts and chat, when {@link #enableContacts} was called. */
  private Contacts contactsSetup;
  private ContactDriver contacts;
  private boolean contactsStarted;
  /** Special contacts and rendezvous, when {@link #enableRendezvous} was called (needs contacts). */
  private Rendezvous rendezvousSetup;
  private String fixedTransportId;
  private RendezvousDriver rendezvous;

  /**
   * What the contacts part needs (docs/PROTOCOL.md §13.1).
   *
   * @param identity our key pair
   * @param store    the history and contacts database
   * @param config   timings and bounds
   */
  public record Contacts(Identity identity, ChatStore store, ContactsConfig config) {}

  /**
   * What special contacts and rendezvous need (docs/PROTOCOL.md §13.2), besides the contacts part.
   *
   * @param store  the special contacts and their secrets
   * @param config timings and the budget
   */
  public record Rendezvous(RendezvousStore store, RendezvousConfig config) {}

  public MeshRuntime(RuntimeConfig config, Events events) {
    this(config, events, realPorts(config));
  }

  MeshRuntime(RuntimeConfig config, Events events, Ports ports) {
    this.config = config;
    this.events = events;
    this.ports = ports;
  }

  private static Ports realPorts(RuntimeConfig config) {
    // HTTP/1.1 only: an h2c upgrade offer on a plain-HTTP IP echo is refused by some servers (400 "Invalid Upgrade
    // header"), and nothing here needs HTTP/2.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(java.time.Duration.ofSeconds(5)).build();
    ExecutorLoop loop = new ExecutorLoop("mesh-loop");
    BeaconBook beacons = new BeaconBook();
    SignalingPort signaling = new PeerJsSignaling(http, loop, config.signaling(), config.iceServers(),
        config.signalingSettings(), beacons::beaconFor);
    return new Ports(loop, signaling, () -> PublicIpDiscovery.discover(http, config.discovery()),
        new SplittableRandom(new SecureRandom().nextLong()), () -> UUID.randomUUID().toString(), false,
        config.beacon() == null ? null : () -> BeaconHttp.fetch(http, config.beacon()), beacons);
  }

  /**
   * Takes part in contacts and chat with {@code setup} (call before {@link #start}). Without it, links to the Transport
   * ID and the Discovery ID are closed at once.
   */
  public void enableContacts(Contacts setup) {
    this.contactsSetup = setup;
  }

  /** Starts with Transport ID {@code id} instead of a fresh one (call before {@link #start}; tests and bots). */
  public void useTransportId(String id) {
    this.fixedTransportId = io.meshkit.mesh.core.wire.PeerJsId.require(id, "transport ID");
  }

  /** Takes part in special contacts and rendezvous with {@code setup} (call before {@link #start}, with contacts). */
  public void enableRendezvous(Rendezvous setup) {
    this.rendezvousSetup = setup;
  }

  /**
   * Discovers the namespace, registers the Transport ID and starts the mesh node. With a beacon, the node starts when
   * the first valid beacon came (its prefix names every ID), and follows the beacon from then on.
   */
  public void start() {
    PublicIpDiscovery.Result discovery = ports.discovery().get();
    if (config.beacon() == null) {
      begin(config.prefix(), discovery);
      return;
    }
    BeaconFollower follower = new BeaconFollower(config.beacon().keys(),
        new SplittableRandom(ports.random().nextLong()));
    ports.loop().execute(() -> {
      beacon = new BeaconDriver(follower, ports.loop(), ports.beaconFetch(), new BeaconDriver.Listener() {
        @Override
        public void join(Beacon b, String prefix) {
          joinBeacon(b, prefix, discovery);
        }

        @Override
        public void leave(String prefix) {
          prefixes.remove(prefix);
          updateLocals();
          if (rendezvous != null) {
            rendezvous.submit(new RendezvousEvent.PrefixDropped(prefix));
          }
        }

        @Override
        public void fault(String reason, String detail) {
          Map<String, Object> f = event("fault", "reason", reason);
          f.put("detail", detail);
          f.put("retrying", true);
          events.emit(f);
        }

        @Override
        public void recovered(String reason) {
          events.emit(event("recovered", "reason", reason));
        }
      });
      if (!stopping) {
        beacon.start();
      }
    });
  }

  /** A new beacon: the first one starts the node; a later one adds its prefix's namespaces (the old stay a while). */
  private void joinBeacon(Beacon b, String prefix, PublicIpDiscovery.Result discovery) {
    if (stopping) {
      return;
    }
    ports.beacons().add(b);
    Map<String, Object> e = event("beacon", "prefix", prefix);
    e.put("period", b.period().index());
    e.put("periodSeconds", b.period().lengthSeconds());
    events.emit(e);
    if (driver == null) {
      begin(prefix, discovery);
    } else {
      prefixes.remove(prefix);
      prefixes.add(prefix);
      updateLocals();
      if (rendezvous != null) {
        rendezvous.submit(new RendezvousEvent.PrefixChanged(prefix)); // rendezvous IDs follow the newest beacon
      }
    }
  }

  /** Starts the node with {@code prefix}. */
  private void begin(String prefix, PublicIpDiscovery.Result discovery) {
    prefixes.add(prefix);
    locals = new LocalNamespaces(config.discoveryUuid(), config.mesh(), config.beacon() != null);
    transportId = fixedTransportId != null ? fixedTransportId : MeshIds.transportId(prefix, ports.uuids().get());
    MeshNode node = new MeshNode(config.name(), transportId, ports.random());
    ContactNode contactNode = contactsSetup == null ? null : contactNode();
    ports.loop().execute(() -> {
      if (contactNode != null) {
        contacts = new ContactDriver(contactNode, ports.loop(), contactsSetup.store(), () -> transport == null ? null : transport.claim(),
            this::notifyContacts, failure -> {
              Map<String, Object> f = event("fault", "reason", "storage");
              f.put("detail", failure.getMessage());
              events.emit(f);
            });
        Map<String, Object> id = event("identity", "fingerprint", contactNode.identityKey().fingerprint());
        id.put("key", contactNode.identityKey().hex());
        events.emit(id);
      }
      registerTransportId();
      driver = new CoreDriver(node, ports.loop(), ports.signaling(), this::notify, ports.strict());
      driver.inboundRouter((localId, remoteId, link) -> contacts != null && locals.isOurDiscoveryId(localId)
          ? contacts.inbound(localId, remoteId, link) : null);
      if (contacts != null && rendezvousSetup != null) {
        rendezvous = rendezvousDriver(prefix);
        driver.handOffs(rendezvous::adopt);
      }
      // The contacts part starts once our Transport ID is registered (see registerTransportId): every contact link is
      // opened from it, and pings at start would fail without it.
      if (discovery instanceof PublicIpDiscovery.Found found) {
        join(found);
      } else if (discovery instanceof PublicIpDiscovery.Off off) {
        events.emit(event("discovery-off", "reason", off.reason()));
      }
      // The wall clock only dates registry entries (lastSeen); the core's timers run on the monotonic clock.
      driver.submit(new MeshEvent.Start(ports.loop().wallClockMillis()));
    });
  }

  /**
   * The public address is (now) {@code found}: if that is another namespace, leave the old one cleanly and join the new
   * one (a laptop that moved to another network). Safe from any thread.
   */
  public void publicAddressChanged(PublicIpDiscovery.Found found) {
    ports.loop().execute(() -> {
      if (driver != null && !stopping) {
        join(found);
      }
    });
  }

  private void join(PublicIpDiscovery.Found found) {
    address = found;
    updateLocals();
  }

  /**
   * Hosts the local namespaces of the prefixes held at the current address: a namespace whose address moved is left
   * cleanly and the new one joined (a {@code ready} event each), a new prefix's is added, a dropped prefix's removed.
   */
  private void updateLocals() {
    LocalNamespaces.Changes changes = locals.update(prefixes,
        address == null ? null : address.address().getAddress());
    for (String label : changes.removed()) {
      driver.submit(new MeshEvent.RemoveNamespace(label));
    }
    for (NamespaceSpec spec : changes.added()) {
      Map<String, Object> ready = event("ready", "transportId", transportId);
      ready.put("discoveryId", spec.discoveryId());
      ready.put("namespace", spec.namespace());
      ready.put("publicIp", address.address().getHostAddress());
      ready.put("ipSource", address.source().wire());
      if (config.beacon() != null) {
        ready.put("prefix", spec.prefix());
      }
      events.emit(ready);
      driver.submit(new MeshEvent.AddNamespace(spec));
    }
    if (!changes.removed().isEmpty()) {
      tellNetwork(); // the list without the namespaces just left
    }
  }

  private ContactNode contactNode() {
    try {
      // Queued messages come with their contacts; a secure source for nonces and message IDs.
      return new ContactNode(contactsSetup.identity(), config.name(), transportId, config.discoveryUuid(),
          contactsSetup.config(), new SecureRandom(), contactsSetup.store().contacts(),
          contactsSetup.store().queued());
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot read the contacts database: " + e.getMessage(), e);
    }
  }

  private void notifyContacts(ContactNotification n) {
    if (!(n instanceof ContactNotification.Special)) {
      events.emit(ContactEvents.of(n)); // special-contact messages are the rendezvous part's to tell
    }
    if (rendezvous != null) {
      rendezvous.submit(new RendezvousEvent.FromContacts(n));
    }
  }

  private RendezvousDriver rendezvousDriver(String prefix) {
    List<SpecialContact> stored;
    try {
      stored = rendezvousSetup.store().all();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot read the special contacts: " + e.getMessage(), e);
    }
    RendezvousNode node = new RendezvousNode(contactsSetup.identity(), prefix, rendezvousSetup.config(),
        new SecureRandom(), stored);
    return new RendezvousDriver(node, ports.loop(), rendezvousSetup.store(), driver::submit, contacts::submit,
        n -> events.emit(RendezvousEvents.of(n)), failure -> {
          Map<String, Object> f = event("fault", "reason", "storage");
          f.put("detail", failure.getMessage());
          events.emit(f);
        });
  }

  /** Carries out a special-contacts command ({@code special}, {@code pause} …); answers come as events. */
  public void rendezvousCommand(RendezvousEvent command) {
    ports.loop().execute(() -> {
      if (rendezvous == null) {
        events.emit(event("error", "reason", "special contacts are not enabled"));
      } else {
        rendezvous.submit(command);
      }
    });
  }

  /** The special contacts, their states and the namespaces held, as a {@code rendezvous} event. */
  public Map<String, Object> rendezvousStatus() {
    try {
      return ports.loop().call(() -> rendezvous == null ? event("error", "reason", "special contacts are not enabled")
          : RendezvousEvents.status(rendezvous.node(), rendezvousSetup.config()), 5_000);
    } catch (Exception e) {
      return event("error", "reason", "rendezvous status unavailable");
    }
  }

  /** Registers a new Transport ID now; a {@code transport} event follows once the server confirmed it. */
  public void renewTransportId() {
    ports.loop().execute(() -> {
      if (transport != null && !stopping) {
        transport.renew();
      }
    });
  }

  /** Carries out a contacts command ({@code request}, {@code accept}, {@code send} …); answers come as events. */
  public void contactCommand(ContactEvent command) {
    ports.loop().execute(() -> {
      if (contacts == null) {
        Map<String, Object> e = event("error", "reason", "contacts are not enabled");
        events.emit(e);
      } else {
        contacts.submit(command);
      }
    });
  }

  /** The lists as a {@code contacts} event. */
  public Map<String, Object> contactLists() {
    try {
      return ports.loop().call(() -> contacts == null ? event("error", "reason", "contacts are not enabled")
          : ContactEvents.lists(contacts.node().lists()), 5_000);
    } catch (Exception e) {
      return event("error", "reason", "contacts unavailable");
    }
  }

  /** The last {@code limit} messages with {@code contact} as a {@code history} event. */
  public Map<String, Object> history(String contact, int limit) {
    try {
      return ports.loop().call(() -> {
        if (contacts == null) {
          return event("error", "reason", "contacts are not enabled");
        }
        ChatStore store = contactsSetup.store();
        List<ChatMessage> messages = store.history(contact, limit);
        java.util.Set<String> delivered = new java.util.HashSet<>();
        for (ChatMessage m : messages) {
          if (m.outgoing() && store.delivered(contact, m.id())) {
            delivered.add(m.id());
          }
        }
        return ContactEvents.history(contact, messages, delivered);
      }, 5_000);
    } catch (Exception e) {
      return event("error", "reason", "history unavailable");
    }
  }

  /** The current state as a {@code status} event (answered on the event loop). */
  public Map<String, Object> status() {
    try {
      return ports.loop().call(() -> {
        MeshNode node = driver == null ? null : driver.node();
        LocalNamespaces.Local current = node == null ? null : locals.current().orElse(null);
        String label = current == null ? null : current.label();
        Map<String, Object> s = event("status", "role",
            current != null ? node.role(label).map(Role::wireName).orElse(null) : null);
        s.put("routerId", current != null ? node.routerId(label).orElse(null) : null);
        s.put("namespace", current == null ? null : current.namespace());
        s.put("discoveryId", current != null ? node.discoveryId(label).orElse(null) : null);
        s.put("transportId", transportId);
        if (config.beacon() != null) {
          s.put("prefix", current == null ? null : current.prefix());
        }
        List<Member> merged = current == null ? null : locals.merged(node::network);
        s.put("peers", merged == null ? List.of() : peers(merged));
        return s;
      }, 5_000);
    } catch (Exception e) {
      return event("error", "reason", "status unavailable");
    }
  }

  /** Leaves cleanly (a router hands over; every ID is released) and waits up to {@code timeoutMillis}. */
  public void stop(long timeoutMillis) {
    try {
      beginStop().get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("clean stop did not finish within {} ms", timeoutMillis);
    }
    finish();
  }

  /** Asks the node to leave cleanly; completes when it said it stopped. */
  CompletableFuture<Void> beginStop() {
    if (!stopping) {
      stopping = true;
      ports.loop().execute(() -> {
        if (beacon != null) {
          beacon.stop();
        }
        if (rendezvous != null) {
          rendezvous.submit(new RendezvousEvent.Stop());
        }
        if (contacts != null) {
          contacts.submit(new ContactEvent.Stop());
        }
        if (driver != null) {
          driver.submit(new MeshEvent.Stop());
        } else {
          stopped.complete(null);
        }
      });
    }
    return stopped;
  }

  /** Closes every claim that is left and stops the loop: the end of the process. */
  void finish() {
    try {
      ports.loop().call(() -> {
        if (rendezvous != null) {
          rendezvous.closeAll();
        }
        if (contacts != null) {
          contacts.closeAll();
        }
        if (driver != null) {
          driver.closeAll();
        }
        if (transport != null) {
          transport.close();
        }
        return null;
      }, 5_000);
    } catch (Exception e) {
      LOG.debug("closing claims: {}", e.toString());
    }
    ports.loop().shutdown();
  }

  private void notify(Notification n) {
    if (n instanceof Notification.RoleChanged r) {
      // The role of the current local namespace is ours; the previous prefix's, during an overlap, is not shown.
      if (locals.isCurrent(r.namespace())) {
        Map<String, Object> e = event("role", "role", r.role().wireName());
        e.put("routerId", r.routerId());
        events.emit(e);
      }
    } else if (n instanceof Notification.NetworkChanged c) {
      if (locals.isLocal(c.namespace())) {
        tellNetwork();
      }
    } else if (n instanceof Notification.Fault f) {
      events.emit(event("fault", "reason", f.reason()));
    } else if (n instanceof Notification.Stopped) {
      stopped.complete(null);
    } else if (!(n instanceof Notification.NamespaceStopped)) {
      throw new IllegalStateException("unknown notification " + n);
    }
  }

  /** Tells the list people see (the union of the local namespaces' lists) if it changed. */
  private void tellNetwork() {
    List<Member> merged = locals.merged(driver.node()::network);
    if (merged == null || merged.equals(lastNetwork)) {
      return;
    }
    lastNetwork = merged;
    events.emit(event("network", "peers", peers(merged)));
    if (contacts != null) {
      contacts.submit(new ContactEvent.NetworkChanged(merged));
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

  // ------------------------------------------------------------------ transport ID

  private void registerTransportId() {
    transport = new TransportRegistration(ports.signaling(), ports.loop(), this::currentPrefix, ports.uuids(),
        new TransportRegistration.Listener() {
          @Override
          public void changed(String oldId, String newId, String why) {
            transportId = newId;
            Map<String, Object> e = event("transport", "transportId", newId);
            e.put("previous", oldId);
            e.put("reason", why);
            events.emit(e);
            driver.submit(new MeshEvent.TransportIdChanged(newId));
            if (contacts != null) {
              contacts.submit(new ContactEvent.TransportIdChanged(newId));
            }
            if (rendezvous != null) {
              rendezvous.submit(new RendezvousEvent.TransportIdChanged(newId));
            }
          }

          @Override
          public void registered(String id) {
            // The contacts part starts once our Transport ID is registered: every contact link is opened from it,
            // and the pings at start would fail without it.
            if (contacts != null && !contactsStarted) {
              contactsStarted = true;
              contacts.submit(new ContactEvent.Start(ports.loop().wallClockMillis()));
              if (rendezvous != null) {
                rendezvous.submit(new RendezvousEvent.Start(ports.loop().wallClockMillis(), id));
              }
            }
          }

          @Override
          public SignalingPort.LinkListener inbound(String localId, String remoteId, SignalingPort.Link link) {
            if (contacts == null) {
              link.close(); // no contacts part: nothing speaks on the Transport ID
              return null;
            }
            return contacts.inbound(localId, remoteId, link);
          }
        });
    transport.start(transportId);
  }

  /** The prefix new IDs take: the fixed one, or the newest beacon's. */
  private String currentPrefix() {
    return prefixes.isEmpty() ? config.prefix() : prefixes.get(prefixes.size() - 1);
  }

  private static Map<String, Object> event(String name, String key, Object value) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", name);
    e.put(key, value);
    return e;
  }
}
