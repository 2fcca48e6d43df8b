package io.meshkit.mesh.runtime;

import io.meshkit.mesh.core.Effect;
import io.meshkit.mesh.core.MeetingVerdict;
import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.core.MeshNode;
import io.meshkit.mesh.core.Notification;
import io.meshkit.mesh.core.wire.MeshWire;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link MeshNode} on the {@link EventLoop} and carries out its effects with a {@link SignalingPort}: one claim
 * per claimed ID, links keyed by (local ID, remote ID), timers on the loop. What happens on the network becomes
 * {@link MeshEvent}s.
 *
 * <p>Events are queued, never stepped from inside the carrying out of another step's effects: an effect that fails at
 * once (a connect from an ID we no longer hold) queues its event, which the drain loop steps after the current step's
 * effects are all done. So the core is never re-entered.
 */
final class CoreDriver {
  private static final Logger LOG = LoggerFactory.getLogger(CoreDriver.class);

  private record LinkKey(String local, String remote) {}

  /** A claimed ID's signaling connection. */
  private static final class ClaimState {
    SignalingPort.Claim claim;
  }

  /** A link and whether it opened; once handed off ({@code Effect.HandOff}), its events go to {@code owner}. */
  private static final class LinkState {
    final LinkKey key;
    final boolean inbound;
    SignalingPort.Link link;
    boolean opened;
    SignalingPort.LinkListener owner;

    LinkState(LinkKey key, boolean inbound) {
      this.key = key;
      this.inbound = inbound;
    }
  }

  private final MeshNode node;
  private final EventLoop loop;
  private final SignalingPort signaling;
  private final Consumer<Notification> notifications;
  private final boolean strict;
  private InboundRouter inboundRouter = (localId, remoteId, link) -> null;
  private final ArrayDeque<MeshEvent> queue = new ArrayDeque<>();
  private final Map<String, ClaimState> claims = new HashMap<>();
  private final Map<LinkKey, LinkState> links = new HashMap<>();
  private boolean draining;

  /**
   * @param strict when true (tests), a core exception or an unknown effect is rethrown; otherwise it is logged and
   *               the runtime goes on with the next event
   */
  CoreDriver(MeshNode node, EventLoop loop, SignalingPort signaling, Consumer<Notification> notifications,
             boolean strict) {
    this.node = node;
    this.loop = loop;
    this.signaling = signaling;
    this.notifications = notifications;
    this.strict = strict;
  }

  MeshNode node() {
    return node;
  }

  /**
   * Who else takes links accepted on the claims of this core: a link the router takes (a non-null listener) never
   * reaches the mesh core. The runtime hands links on a Discovery ID to the contacts part (docs/PROTOCOL.md §8.8).
   */
  interface InboundRouter {
    /** The listener of a link that is not the mesh core's, or null to let the core have it. */
    SignalingPort.LinkListener route(String localId, String remoteId, SignalingPort.Link link);
  }

  void inboundRouter(InboundRouter router) {
    this.inboundRouter = router;
  }

  /**
   * Who takes the links the core hands off (rendezvous links, docs/PROTOCOL.md §13.2.4): it gets the open link and
   * returns the listener of its later events; null closes the link.
   */
  interface HandOffs {
    SignalingPort.LinkListener adopt(String namespace, String localId, String remoteId, boolean inbound,
                                     SignalingPort.Link link);
  }

  private HandOffs handOffs = (namespace, localId, remoteId, inbound, link) -> null;

  void handOffs(HandOffs h) {
    this.handOffs = h;
  }

  /** Queues {@code e} and steps everything queued (call on the loop only). */
  void submit(MeshEvent e) {
    queue.add(e);
    if (draining) {
      return; // the drain in progress steps it after the current step's effects
    }
    draining = true;
    try {
      MeshEvent next;
      while ((next = queue.poll()) != null) {
        stepOne(next);
      }
    } finally {
      draining = false;
    }
  }

  private void stepOne(MeshEvent e) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("core <- {}", Trace.event(e));
    }
    List<Effect> effects;
    try {
      effects = node.step(e, loop.nowMillis());
    } catch (RuntimeException bug) {
      if (strict) {
        throw bug;
      }
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
        if (strict) {
          throw bug;
        }
        LOG.error("effect {} failed", effect.getClass().getSimpleName(), bug);
      }
    }
  }

  private void apply(Effect effect) {
    if (effect instanceof Effect.ClaimId c) {
      claim(c.id());
    } else if (effect instanceof Effect.ReleaseId r) {
      release(r.id());
    } else if (effect instanceof Effect.Connect c) {
      connect(c.localId(), c.remoteId());
    } else if (effect instanceof Effect.Send s) {
      LinkState l = links.get(new LinkKey(s.localId(), s.remoteId()));
      if (l != null && l.opened) {
        l.link.send(s.message());
      }
    } else if (effect instanceof Effect.Disconnect d) {
      LinkState l = links.remove(new LinkKey(d.localId(), d.remoteId()));
      if (l != null) {
        l.link.close();
        dropped(l);
      }
    } else if (effect instanceof Effect.HandOff h) {
      handOff(h);
    } else if (effect instanceof Effect.ScheduleAt t) {
      loop.schedule(() -> submit(new MeshEvent.Timer(t.key())), t.atMillis() - loop.nowMillis());
    } else if (effect instanceof Effect.Notify n) {
      notifications.accept(n.notification());
    } else {
      throw new IllegalStateException("unknown effect " + effect);
    }
  }

  private void handOff(Effect.HandOff h) {
    LinkState l = links.get(new LinkKey(h.localId(), h.remoteId()));
    if (l == null || !l.opened || l.owner != null) {
      queue(new MeshEvent.MeetingEnded(h.localId(), h.remoteId(), MeetingVerdict.UNPROVEN)); // closed meanwhile
      return;
    }
    SignalingPort.LinkListener owner = handOffs.adopt(h.namespace(), h.localId(), h.remoteId(), h.inbound(), l.link);
    if (owner == null) {
      links.remove(l.key);
      l.link.close();
      queue(new MeshEvent.MeetingEnded(h.localId(), h.remoteId(), MeetingVerdict.UNPROVEN));
      return;
    }
    l.owner = owner;
  }

  /** A link leaves this driver without a close event from the network: its new owner hears that it closed. */
  private static void dropped(LinkState l) {
    if (l.owner != null) {
      SignalingPort.LinkListener owner = l.owner;
      l.owner = null;
      owner.onClosed();
    }
  }

  private void claim(String id) {
    ClaimState existing = claims.get(id);
    if (existing != null) {
      // Already claimed or claiming: its answer comes (or came) from that connection. The core never asks twice for
      // an ID it holds, but if it did, silence here would stall its search until a timeout.
      if (existing.claim.isOpen()) {
        queue(new MeshEvent.IdClaimed(id));
      }
      return;
    }
    ClaimState state = new ClaimState();
    claims.put(id, state);
    state.claim = signaling.claim(id, new SignalingPort.ClaimListener() {
      @Override
      public void onClaimed() {
        if (claims.get(id) == state) {
          submit(new MeshEvent.IdClaimed(id));
        }
      }

      @Override
      public void onTaken() {
        if (claims.remove(id, state)) {
          submit(new MeshEvent.IdTaken(id));
        }
      }

      @Override
      public void onLost(String reason) {
        if (claims.remove(id, state)) {
          LOG.debug("claim of {} lost: {}", id, reason);
          submit(new MeshEvent.IdLost(id));
        }
      }

      @Override
      public SignalingPort.LinkListener onInbound(String remoteId, SignalingPort.Link link) {
        if (claims.get(id) != state) {
          link.close();
          return null;
        }
        SignalingPort.LinkListener other = inboundRouter.route(id, remoteId, link);
        if (other != null) {
          return other;
        }
        LinkState l = new LinkState(new LinkKey(id, remoteId), true);
        l.link = link;
        adopt(l);
        return listener(l);
      }
    });
  }

  private void release(String id) {
    ClaimState c = claims.remove(id);
    // Its links close with it; the core expects no events for them (the owner of a handed-off one does).
    for (LinkState l : new ArrayList<>(links.values())) {
      if (l.key.local().equals(id)) {
        links.remove(l.key);
        dropped(l);
      }
    }
    if (c != null) {
      c.claim.close();
    }
  }

  private void connect(String localId, String remoteId) {
    ClaimState from = claims.get(localId);
    if (from == null || !from.claim.isOpen()) {
      queue(new MeshEvent.ConnectFailed(localId, remoteId));
      return;
    }
    LinkState l = new LinkState(new LinkKey(localId, remoteId), false);
    adopt(l);
    l.link = from.claim.connect(remoteId, listener(l));
  }

  /** One link per (local, remote) pair: a new one replaces the old, whose events are then ignored. */
  private void adopt(LinkState l) {
    LinkState old = links.put(l.key, l);
    if (old != null && old != l && old.link != null) {
      old.link.close();
      dropped(old);
    }
  }

  private SignalingPort.LinkListener listener(LinkState l) {
    return new SignalingPort.LinkListener() {
      @Override
      public void onOpen() {
        if (links.get(l.key) == l && !l.opened) {
          l.opened = true;
          submit(new MeshEvent.Connected(l.key.local(), l.key.remote(), l.inbound));
        }
      }

      @Override
      public void onMessage(Object value) {
        if (links.get(l.key) != l) {
          return;
        }
        if (l.owner != null) {
          l.owner.onMessage(value);
          return;
        }
        MeshWire.Decoded d = MeshWire.fromTree(value);
        if (d instanceof MeshWire.Decoded.Ok ok) {
          submit(new MeshEvent.Received(l.key.local(), l.key.remote(), ok.message()));
        } else if (d instanceof MeshWire.Decoded.Rejected r) {
          submit(new MeshEvent.Discarded(l.key.local(), l.key.remote(), r.reason()));
        } else {
          submit(new MeshEvent.Discarded(l.key.local(), l.key.remote(), "unknown message type"));
        }
      }

      @Override
      public void onClosed() {
        if (links.get(l.key) == l && l.owner != null) {
          links.remove(l.key);
          dropped(l);
          return;
        }
        if (links.remove(l.key, l)) {
          submit(l.opened ? new MeshEvent.Disconnected(l.key.local(), l.key.remote())
              : new MeshEvent.ConnectFailed(l.key.local(), l.key.remote()));
        }
      }
    };
  }

  /** An event that an effect produced: stepped by the drain in progress, or by a task of its own. */
  private void queue(MeshEvent e) {
    if (draining) {
      queue.add(e);
    } else {
      loop.execute(() -> submit(e));
    }
  }

  /** Closes every claim (and so every link) without telling the core: the end of the process. */
  void closeAll() {
    for (ClaimState c : new ArrayList<>(claims.values())) {
      c.claim.close();
    }
    claims.clear();
    links.clear();
  }
}
