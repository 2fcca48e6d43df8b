package io.meshkit.mesh.runtime;

import io.meshkit.mesh.contacts.ChatMessage;
import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.contacts.ContactNode;
import io.meshkit.mesh.contacts.ContactNotification;
import io.meshkit.mesh.contacts.ContactsConfig;
import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.core.MeshIds;
import io.meshkit.mesh.core.MeshNode;
import io.meshkit.mesh.core.Namespace;
import io.meshkit.mesh.core.NamespaceSpec;
import io.meshkit.mesh.core.Notification;
import io.meshkit.mesh.core.Role;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.discovery.PublicIpDiscovery;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.storage.ChatStore;
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
               RandomGenerator random, Supplier<String> uuids, boolean strict) {}

  private final RuntimeConfig config;
  private final Events events;
  private final Ports ports;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private String transportId;
  private TransportRegistration transport;
  private CoreDriver driver;
  private String namespace;
  private volatile boolean stopping;
  /** Identity, contacts and chat, when {@link #enableContacts} was called. */
  private Contacts contactsSetup;
  private ContactDriver contacts;
  private boolean contactsStarted;

  /**
   * What the contacts part needs (docs/PROTOCOL.md §13.1).
   *
   * @param identity our key pair
   * @param store    the history and contacts database
   * @param config   timings and bounds
   */
  public record Contacts(Identity identity, ChatStore store, ContactsConfig config) {}

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
    SignalingPort signaling = new PeerJsSignaling(http, loop, config.signaling(), config.iceServers(),
        config.signalingSettings());
    return new Ports(loop, signaling, () -> PublicIpDiscovery.discover(http, config.discovery()),
        new SplittableRandom(new SecureRandom().nextLong()), () -> UUID.randomUUID().toString(), false);
  }

  /**
   * Takes part in contacts and chat with {@code setup} (call before {@link #start}). Without it, links to the Transport
   * ID and the Discovery ID are closed at once.
   */
  public void enableContacts(Contacts setup) {
    this.contactsSetup = setup;
  }

  /** Discovers the namespace, registers the Transport ID and starts the mesh node. */
  public void start() {
    PublicIpDiscovery.Result discovery = ports.discovery().get();
    transportId = MeshIds.transportId(config.prefix(), ports.uuids().get());
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
      driver.inboundRouter((localId, remoteId, link) -> contacts != null
          && localId.equals(driver.node().discoveryId(LOCAL).orElse(null))
          ? contacts.inbound(localId, remoteId, link) : null);
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
    String ns = Namespace.of(config.prefix(), found.address().getAddress());
    if (ns.equals(namespace)) {
      return;
    }
    if (namespace != null) {
      driver.submit(new MeshEvent.RemoveNamespace(LOCAL));
    }
    namespace = ns;
    NamespaceSpec spec = new NamespaceSpec(LOCAL, config.prefix(), ns, config.discoveryUuid(), config.mesh());
    Map<String, Object> ready = event("ready", "transportId", transportId);
    ready.put("discoveryId", spec.discoveryId());
    ready.put("namespace", ns);
    ready.put("publicIp", found.address().getHostAddress());
    ready.put("ipSource", found.source().wire());
    events.emit(ready);
    driver.submit(new MeshEvent.AddNamespace(spec));
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
    events.emit(ContactEvents.of(n));
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
        boolean joined = node != null && namespace != null;
        Map<String, Object> s = event("status", "role",
            joined ? node.role(LOCAL).map(Role::wireName).orElse(null) : null);
        s.put("routerId", joined ? node.routerId(LOCAL).orElse(null) : null);
        s.put("namespace", namespace);
        s.put("discoveryId", joined ? node.discoveryId(LOCAL).orElse(null) : null);
        s.put("transportId", transportId);
        s.put("peers", joined ? peers(node.network(LOCAL).orElse(List.of())) : List.of());
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
      if (LOCAL.equals(r.namespace())) {
        Map<String, Object> e = event("role", "role", r.role().wireName());
        e.put("routerId", r.routerId());
        events.emit(e);
      }
    } else if (n instanceof Notification.NetworkChanged c) {
      if (LOCAL.equals(c.namespace())) {
        events.emit(event("network", "peers", peers(c.peers())));
        if (contacts != null) {
          contacts.submit(new ContactEvent.NetworkChanged(c.peers()));
        }
      }
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

  // ------------------------------------------------------------------ transport ID

  private void registerTransportId() {
    transport = new TransportRegistration(ports.signaling(), ports.loop(), config.prefix(), ports.uuids(),
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
          }

          @Override
          public void registered(String id) {
            // The contacts part starts once our Transport ID is registered: every contact link is opened from it,
            // and the pings at start would fail without it.
            if (contacts != null && !contactsStarted) {
              contactsStarted = true;
              contacts.submit(new ContactEvent.Start(ports.loop().wallClockMillis()));
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

  private static Map<String, Object> event(String name, String key, Object value) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", name);
    e.put(key, value);
    return e;
  }
}
