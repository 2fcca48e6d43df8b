package io.meshkit.mesh.runtime;

import io.meshkit.mesh.contacts.ContactEffect;
import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.contacts.ContactNode;
import io.meshkit.mesh.contacts.ContactNotification;
import io.meshkit.mesh.contacts.ContactWire;
import io.meshkit.mesh.storage.ChatStore;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sans-IO {@link ContactNode} on the {@link EventLoop}, as {@link CoreDriver} runs the mesh core: contact
 * links through the {@link SignalingPort} (opened from our Transport ID's claim; accepted on it and on our Discovery
 * ID), the history in the {@link ChatStore}, timers on the loop, notifications to the control events.
 *
 * <p>Effects are carried out in order, and a storage failure stops the step there: the acknowledgement or the
 * "queued" that followed the failed write is never sent, so nothing is promised that is not on disk. Then the client
 * stops ({@code onStorageFailure}): a client that cannot store cannot chat.
 */
final class ContactDriver {
  private static final Logger LOG = LoggerFactory.getLogger(ContactDriver.class);

  /** A contact link and whether it opened. */
  private static final class LinkState {
    final long id;
    final String localId;
    final String remoteId;
    final boolean inbound;
    SignalingPort.Link link;
    boolean opened;

    LinkState(long id, String localId, String remoteId, boolean inbound) {
      this.id = id;
      this.localId = localId;
      this.remoteId = remoteId;
      this.inbound = inbound;
    }
  }

  private final ContactNode node;
  private final EventLoop loop;
  private final ChatStore store;
  private final Supplier<SignalingPort.Claim> transportClaim;
  private final Consumer<ContactNotification> notifications;
  private final Consumer<SQLException> onStorageFailure;
  private final ArrayDeque<ContactEvent> queue = new ArrayDeque<>();
  private final Map<Long, LinkState> links = new HashMap<>();
  private long nextInbound = -1;
  private boolean draining;
  private boolean failed;

  ContactDriver(ContactNode node, EventLoop loop, ChatStore store, Supplier<SignalingPort.Claim> transportClaim,
                Consumer<ContactNotification> notifications, Consumer<SQLException> onStorageFailure) {
    this.node = node;
    this.loop = loop;
    this.store = store;
    this.transportClaim = transportClaim;
    this.notifications = notifications;
    this.onStorageFailure = onStorageFailure;
  }

  ContactNode node() {
    return node;
  }

  /** Queues {@code e} and steps everything queued (on the loop only). */
  void submit(ContactEvent e) {
    queue.add(e);
    if (draining) {
      return;
    }
    draining = true;
    try {
      ContactEvent next;
      while ((next = queue.poll()) != null && !failed) {
        stepOne(next);
      }
    } finally {
      draining = false;
    }
  }

  private void stepOne(ContactEvent e) {
    List<ContactEffect> effects = node.step(e, loop.nowMillis());
    for (ContactEffect effect : effects) {
      try {
        apply(effect);
      } catch (SQLException storage) {
        failed = true;
        LOG.error("storing failed; stopping before anything that depended on it", storage);
        onStorageFailure.accept(storage);
        return;
      }
    }
  }

  private void apply(ContactEffect effect) throws SQLException {
    if (effect instanceof ContactEffect.Connect c) {
      connect(c);
    } else if (effect instanceof ContactEffect.Send s) {
      LinkState l = links.get(s.link());
      if (l != null && l.opened) {
        l.link.sendTree(ContactWire.toTree(s.message()));
      }
    } else if (effect instanceof ContactEffect.Close c) {
      LinkState l = links.remove(c.link());
      if (l != null && l.link != null) {
        l.link.close();
      }
    } else if (effect instanceof ContactEffect.ScheduleAt t) {
      loop.schedule(() -> submit(new ContactEvent.Timer(t.key())), t.atMillis() - loop.nowMillis());
    } else if (effect instanceof ContactEffect.SaveContact c) {
      store.saveContact(c.contact());
    } else if (effect instanceof ContactEffect.SaveOutgoing o) {
      store.saveOutgoing(o.message(), o.contact(), loop.wallClockMillis());
    } else if (effect instanceof ContactEffect.SaveIncoming i) {
      store.saveIncoming(i.message(), i.contact(), i.receivedAt());
    } else if (effect instanceof ContactEffect.MarkDelivered d) {
      store.markDelivered(d.contact(), d.id(), d.at());
    } else if (effect instanceof ContactEffect.Notify n) {
      notifications.accept(n.notification());
    } else {
      throw new IllegalStateException("unknown effect " + effect);
    }
  }

  private void connect(ContactEffect.Connect c) {
    SignalingPort.Claim from = transportClaim.get();
    LinkState l = new LinkState(c.link(), c.localId(), c.remoteId(), false);
    links.put(l.id, l);
    if (from == null || !from.isOpen()) {
      links.remove(l.id);
      loop.execute(() -> submit(new ContactEvent.ConnectFailed(c.link())));
      return;
    }
    l.link = from.connect(c.remoteId(), listener(l));
  }

  /** A link someone opened to our Transport ID or Discovery ID: it is a contact link. */
  SignalingPort.LinkListener inbound(String localId, String remoteId, SignalingPort.Link link) {
    LinkState l = new LinkState(nextInbound--, localId, remoteId, true);
    l.link = link;
    links.put(l.id, l);
    return listener(l);
  }

  private SignalingPort.LinkListener listener(LinkState l) {
    return new SignalingPort.LinkListener() {
      @Override
      public void onOpen() {
        if (links.get(l.id) != l || l.opened) {
          return;
        }
        l.opened = true;
        byte[][] fp = l.link.dtlsFingerprints();
        submit(new ContactEvent.Opened(l.id, l.localId, l.remoteId, l.inbound, fp[0], fp[1], l.link.reliable()));
      }

      @Override
      public void onMessage(Object value) {
        if (links.get(l.id) != l) {
          return;
        }
        ContactWire.Decoded d = ContactWire.fromTree(value);
        if (d instanceof ContactWire.Decoded.Ok ok) {
          submit(new ContactEvent.Received(l.id, ok.message()));
        } else if (d instanceof ContactWire.Decoded.Rejected r) {
          LOG.debug("contact link {}: discarded a message ({})", l.id, r.reason());
          submit(new ContactEvent.Discarded(l.id, r.reason()));
        } else {
          submit(new ContactEvent.Discarded(l.id, "unknown message type"));
        }
      }

      @Override
      public void onClosed() {
        if (links.remove(l.id, l)) {
          submit(l.opened ? new ContactEvent.Closed(l.id) : new ContactEvent.ConnectFailed(l.id));
        }
      }
    };
  }

  /** Closes every link without telling the core: the end of the process. */
  void closeAll() {
    for (LinkState l : links.values()) {
      if (l.link != null) {
        l.link.close();
      }
    }
    links.clear();
  }
}
