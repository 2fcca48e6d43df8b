package io.meshkit.mesh.runtime;

import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.contacts.ContactWire;
import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.rendezvous.RendezvousEffect;
import io.meshkit.mesh.rendezvous.RendezvousEvent;
import io.meshkit.mesh.rendezvous.RendezvousNode;
import io.meshkit.mesh.rendezvous.RendezvousNotification;
import io.meshkit.mesh.storage.RendezvousStore;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sans-IO {@link RendezvousNode} on the {@link EventLoop} beside the mesh and contacts drivers: its
 * {@code ToMesh} and {@code ToContacts} effects step those cores, the links the mesh core hands off are its rendezvous
 * links, special contacts go to the {@link RendezvousStore}, notifications to the control events.
 *
 * <p>As in {@link ContactDriver}, a storage failure stops the step where it happened, so a secret that was not stored
 * is never agreed to or told; then the client stops ({@code onStorageFailure}).
 */
final class RendezvousDriver {
  private static final Logger LOG = LoggerFactory.getLogger(RendezvousDriver.class);

  private final RendezvousNode node;
  private final EventLoop loop;
  private final RendezvousStore store;
  private final Consumer<MeshEvent> mesh;
  private final Consumer<ContactEvent> contacts;
  private final Consumer<RendezvousNotification> notifications;
  private final Consumer<SQLException> onStorageFailure;
  private final ArrayDeque<RendezvousEvent> queue = new ArrayDeque<>();
  private final Map<Long, SignalingPort.Link> links = new HashMap<>();
  private long nextLink = 1;
  private boolean draining;
  private boolean failed;

  RendezvousDriver(RendezvousNode node, EventLoop loop, RendezvousStore store, Consumer<MeshEvent> mesh,
                   Consumer<ContactEvent> contacts, Consumer<RendezvousNotification> notifications,
                   Consumer<SQLException> onStorageFailure) {
    this.node = node;
    this.loop = loop;
    this.store = store;
    this.mesh = mesh;
    this.contacts = contacts;
    this.notifications = notifications;
    this.onStorageFailure = onStorageFailure;
  }

  RendezvousNode node() {
    return node;
  }

  /** Queues {@code e} and steps everything queued (on the loop only). */
  void submit(RendezvousEvent e) {
    queue.add(e);
    if (draining) {
      return;
    }
    draining = true;
    try {
      RendezvousEvent next;
      while ((next = queue.poll()) != null && !failed) {
        stepOne(next);
      }
    } finally {
      draining = false;
    }
  }

  private void stepOne(RendezvousEvent e) {
    List<RendezvousEffect> effects = node.step(e, loop.nowMillis());
    for (RendezvousEffect effect : effects) {
      try {
        apply(effect);
      } catch (SQLException storage) {
        failed = true;
        LOG.error("storing a special contact failed; stopping before anything that depended on it", storage);
        onStorageFailure.accept(storage);
        return;
      }
    }
  }

  private void apply(RendezvousEffect effect) throws SQLException {
    if (effect instanceof RendezvousEffect.ToMesh m) {
      mesh.accept(m.event());
    } else if (effect instanceof RendezvousEffect.ToContacts c) {
      contacts.accept(c.event());
    } else if (effect instanceof RendezvousEffect.SendMeeting s) {
      SignalingPort.Link l = links.get(s.link());
      if (l != null) {
        l.sendTree(ContactWire.toTree(s.message()));
      }
    } else if (effect instanceof RendezvousEffect.CloseMeeting c) {
      SignalingPort.Link l = links.remove(c.link());
      if (l != null) {
        l.close();
      }
    } else if (effect instanceof RendezvousEffect.ScheduleAt t) {
      loop.schedule(() -> submit(new RendezvousEvent.Timer(t.key())), t.atMillis() - loop.nowMillis());
    } else if (effect instanceof RendezvousEffect.SaveSpecial s) {
      store.save(s.contact());
    } else if (effect instanceof RendezvousEffect.DeleteSpecial d) {
      store.delete(d.contact());
    } else if (effect instanceof RendezvousEffect.Notify n) {
      notifications.accept(n.notification());
    } else {
      throw new IllegalStateException("unknown effect " + effect);
    }
  }

  /** The mesh core handed off an open link of rendezvous namespace {@code namespace}: it is a rendezvous link now. */
  SignalingPort.LinkListener adopt(String namespace, String localId, String remoteId, boolean inbound,
                                   SignalingPort.Link link) {
    long id = nextLink++;
    links.put(id, link);
    byte[][] fp = link.dtlsFingerprints();
    SignalingPort.LinkListener listener = new SignalingPort.LinkListener() {
      @Override
      public void onOpen() {
        // It was open when handed off.
      }

      @Override
      public void onMessage(Object value) {
        if (links.get(id) != link) {
          return;
        }
        ContactWire.Decoded d = ContactWire.fromTree(value);
        if (d instanceof ContactWire.Decoded.Ok ok) {
          submit(new RendezvousEvent.MeetingReceived(id, ok.message()));
        } else if (d instanceof ContactWire.Decoded.Rejected r) {
          submit(new RendezvousEvent.MeetingDiscarded(id, r.reason()));
        } else {
          submit(new RendezvousEvent.MeetingDiscarded(id, "unknown message type"));
        }
      }

      @Override
      public void onClosed() {
        if (links.remove(id, link)) {
          submit(new RendezvousEvent.MeetingClosed(id));
        }
      }
    };
    // Stepped now (this node is not in a step: the mesh core's is being carried out, and its events are queued).
    submit(new RendezvousEvent.MeetingOpened(id, namespace, localId, remoteId, inbound, fp[0], fp[1],
        link.reliable()));
    return listener;
  }

  /** Closes every rendezvous link without telling the core: the end of the process. */
  void closeAll() {
    for (SignalingPort.Link l : links.values()) {
      l.close();
    }
    links.clear();
  }
}
