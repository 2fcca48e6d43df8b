package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.FriendlyName;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.PeerJsId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The mesh protocol of one node as a pure state machine (docs/PROTOCOL.md): {@link #step(MeshEvent, long)} takes what
 * the application asked or the adapters saw, and the time, and returns what the adapters must do. No I/O, no clock, no
 * threads; randomness (election jitter) comes from the injected, adapter-seeded {@link RandomGenerator}.
 *
 * <p>A node hosts one unit per namespace it takes part in ({@link NamespaceUnit} for a network namespace,
 * {@link MeetingUnit} for a rendezvous namespace, later beacon namespaces), added and removed while it runs. This class only routes: an ID event to the unit whose namespace
 * the ID belongs to, a link event by its local ID, a timer by the unit that set it. Events for IDs no unit owns are
 * answered by releasing or closing what they concern (a namespace that was removed meanwhile).
 */
public final class MeshNode {

  private final RandomGenerator random;
  private final UnitContext.NodeState state = new UnitContext.NodeState();
  private final Map<String, Unit> byLabel = new LinkedHashMap<>();
  private final Map<Long, Unit> byUnit = new HashMap<>();
  private long nextUnit;
  private boolean started;
  private boolean stopped;

  /**
   * @param name        our friendly name ({@link FriendlyName} rules)
   * @param transportId our current Transport ID
   * @param random      jitter source; the adapter seeds it (never {@code new Random()} here)
   */
  public MeshNode(String name, String transportId, RandomGenerator random) {
    state.name = FriendlyName.of(name).value();
    state.transportId = PeerJsId.require(transportId, "transportId");
    this.random = random;
  }

  /** Feeds one event observed at {@code nowMillis}; returns the effects to carry out, in order. */
  public List<Effect> step(MeshEvent event, long nowMillis) {
    state.now = nowMillis;
    state.out = new ArrayList<>();
    if (stopped) {
      return state.out;
    }
    dispatch(event);
    for (Unit u : byLabel.values()) {
      u.tell();
    }
    return state.out;
  }

  private void dispatch(MeshEvent event) {
    if (event instanceof MeshEvent.Start s) {
      if (!started) {
        started = true;
        state.wallOffset = s.wallClockMillis() - state.now;
        for (Unit u : byLabel.values()) {
          u.start();
        }
      }
    } else if (event instanceof MeshEvent.Stop) {
      for (Unit u : byLabel.values()) {
        u.stop();
      }
      byLabel.clear();
      byUnit.clear();
      stopped = true;
      state.out.add(new Effect.Notify(new Notification.Stopped()));
    } else if (event instanceof MeshEvent.AddNamespace a) {
      add(a.spec());
    } else if (event instanceof MeshEvent.RemoveNamespace r) {
      Unit u = byLabel.remove(r.label());
      if (u == null) {
        throw new IllegalArgumentException("no namespace labelled " + r.label());
      }
      byUnit.remove(u.id());
      u.stop();
      state.out.add(new Effect.Notify(new Notification.NamespaceStopped(r.label())));
    } else if (event instanceof MeshEvent.IdClaimed e) {
      Unit u = owner(e.id());
      if (u == null) {
        state.out.add(new Effect.ReleaseId(e.id()));
      } else {
        u.onIdClaimed(e.id());
      }
    } else if (event instanceof MeshEvent.IdTaken e) {
      ifOwned(e.id(), u -> u.onIdTaken(e.id()));
    } else if (event instanceof MeshEvent.IdLost e) {
      ifOwned(e.id(), u -> u.onIdLost(e.id()));
    } else if (event instanceof MeshEvent.Connected e) {
      Unit u = owner(e.localId());
      if (u == null) {
        state.out.add(new Effect.Disconnect(e.localId(), e.remoteId()));
      } else {
        u.onConnected(e.localId(), e.remoteId(), e.inbound());
      }
    } else if (event instanceof MeshEvent.ConnectFailed e) {
      ifOwned(e.localId(), u -> u.onLinkGone(e.localId(), e.remoteId()));
    } else if (event instanceof MeshEvent.Disconnected e) {
      ifOwned(e.localId(), u -> u.onLinkGone(e.localId(), e.remoteId()));
    } else if (event instanceof MeshEvent.Received e) {
      ifOwned(e.localId(), u -> u.onReceived(e.localId(), e.remoteId(), e.message()));
    } else if (event instanceof MeshEvent.Discarded e) {
      ifOwned(e.localId(), u -> u.onDiscarded(e.localId(), e.remoteId()));
    } else if (event instanceof MeshEvent.Timer t) {
      Unit u = byUnit.get(t.key().unit());
      if (u != null) {
        u.onTimer(t.key()); // a removed namespace's timers find no unit: ignored
      }
    } else if (event instanceof MeshEvent.MeetingEnded e) {
      ifOwned(e.localId(), u -> u.onMeetingEnded(e.localId(), e.remoteId(), e.verdict()));
    } else if (event instanceof MeshEvent.TransportIdChanged t) {
      PeerJsId.require(t.transportId(), "transportId");
      for (Unit u : byLabel.values()) {
        requireForeign(t.transportId(), u.base());
      }
      state.transportId = t.transportId();
      for (Unit u : byLabel.values()) {
        u.transportChanged();
      }
    } else {
      throw new IllegalStateException("unknown event " + event.getClass().getName());
    }
  }

  private void add(NamespaceSpec spec) {
    if (byLabel.containsKey(spec.label())) {
      throw new IllegalArgumentException("namespace label in use: " + spec.label());
    }
    String base = spec.prefix() + "-" + spec.namespace() + "-";
    requireForeign(state.transportId, base);
    for (Unit u : byLabel.values()) {
      // Units are found by ID prefix, so no base may be the start of another's.
      if (base.startsWith(u.base()) || u.base().startsWith(base)) {
        throw new IllegalArgumentException("namespace already hosted (or overlapping): " + spec.namespace());
      }
    }
    long id = ++nextUnit;
    UnitContext ctx = new UnitContext(id, spec, random, state);
    Unit u = spec.meeting() ? new MeetingUnit(ctx) : new NamespaceUnit(ctx);
    byLabel.put(spec.label(), u);
    byUnit.put(id, u);
    if (started) {
      u.start();
    }
  }

  /**
   * A Transport ID must not read as an ID of a namespace we take part in (docs/PROTOCOL.md §2.4: {@code {prefix}-{uuid}}
   * whose UUID begins with {@code {ns}-} is a Discovery ID there): a random UUID never does.
   */
  private static void requireForeign(String transportId, String base) {
    if (transportId.startsWith(base)) {
      throw new IllegalArgumentException("the Transport ID reads as an ID of namespace " + base);
    }
  }

  private Unit owner(String id) {
    for (Unit u : byLabel.values()) {
      if (u.owns(id)) {
        return u;
      }
    }
    return null;
  }

  private void ifOwned(String id, java.util.function.Consumer<Unit> action) {
    Unit u = owner(id);
    if (u != null) {
      action.accept(u);
    }
  }

  // ---------------------------------------------------------------- what the application may ask

  /** Labels of the namespaces hosted now, in the order they were added. */
  public List<String> namespaces() {
    return List.copyOf(byLabel.keySet());
  }

  /** Our Discovery ID in {@code label}'s namespace. */
  public Optional<String> discoveryId(String label) {
    return Optional.ofNullable(byLabel.get(label)).map(Unit::discoveryId);
  }

  /** Our role in {@code label}'s namespace, or empty while searching (or unknown label). */
  public Optional<Role> role(String label) {
    return Optional.ofNullable(byLabel.get(label)).map(Unit::role);
  }

  /** The router's slot ID in {@code label}'s namespace as last told, or empty. */
  public Optional<String> routerId(String label) {
    return Optional.ofNullable(byLabel.get(label)).map(Unit::routerId);
  }

  /** The last list told for {@code label} (self excluded), or empty before it was first known. */
  public Optional<List<Member>> network(String label) {
    return Optional.ofNullable(byLabel.get(label)).map(Unit::network);
  }

  /** Our current Transport ID. */
  public String transportId() {
    return state.transportId;
  }
}
