package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.contacts.ContactMessage;
import io.meshkit.mesh.identity.IdentityKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Becoming and ending special contacts (docs/PROTOCOL.md §13.2.6): offers and answers over authenticated contact links,
 * the shared secret from both sides' contributions, the check that both sides hold the same one. Owned by
 * {@link RendezvousNode}, which keeps the special contacts; this part keeps only the offers under way, and tells the
 * node through {@link Listener} when a pair becomes special or stops being so.
 */
final class Agreement {
  /** What the node does with an outcome. */
  interface Listener {
    /** The secret is agreed: store it (before anything is sent or told). */
    void agreed(IdentityKey contact, byte[] secret);

    /** The pair is not special any more: forget the secret. */
    void ended(String contact, String reason);

    boolean special(String contact);

    byte[] secret(String contact);

    /** True when an authenticated link to {@code contact} is up (messages go out at once). */
    boolean connected(String contact);

    /** The contact's key, if it is a contact. */
    IdentityKey key(String contact);

    String name(String contact);
  }

  /** An offer out or in: its contribution (ours or theirs) and when it expires. */
  private record Offer(byte[] contribution, long until) {}

  private final IdentityKey me;
  private final RandomGenerator random;
  private final RendezvousConfig cfg;
  private final Listener node;
  private final Map<String, Offer> outgoing = new HashMap<>();
  private final Map<String, Offer> incoming = new HashMap<>();
  /** Messages to send on the next authenticated link to each contact (an offer, an answer, an end). */
  private final Map<String, ContactMessage> unsent = new HashMap<>();

  Agreement(IdentityKey me, RandomGenerator random, RendezvousConfig cfg, Listener node) {
    this.me = me;
    this.random = random;
    this.cfg = cfg;
    this.node = node;
  }

  /** The user asks to make {@code contact} special, or agrees to its offer. */
  void make(String contact, Step s) {
    IdentityKey key = node.key(contact);
    if (key == null) {
      s.notify(new RendezvousNotification.CommandFailed("special", "no such contact"));
      return;
    }
    Offer theirs = live(incoming, contact, s);
    if (theirs != null) {
      incoming.remove(contact);
      byte[] mine = contribution();
      node.agreed(key, SpecialSecret.derive(me, mine, key, theirs.contribution()));
      send(contact, new ContactMessage.SpecialAccept(mine), s);
      s.notify(new RendezvousNotification.SpecialChanged(contact, true, "agreed"));
      return;
    }
    if (node.special(contact)) {
      s.notify(new RendezvousNotification.CommandFailed("special", "already a special contact"));
      return;
    }
    if (live(outgoing, contact, s) != null) {
      s.notify(new RendezvousNotification.CommandFailed("special", "already asked; waiting for the answer"));
      return;
    }
    byte[] mine = contribution();
    outgoing.put(contact, new Offer(mine, s.now + cfg.offerTimeoutMillis()));
    send(contact, new ContactMessage.SpecialOffer(mine), s);
    s.schedule(s.now + cfg.offerTimeoutMillis(), RendezvousTimer.Kind.OFFER, 0, contact);
    s.notify(new RendezvousNotification.SpecialAsked(contact));
  }

  /** The user declines {@code contact}'s offer. */
  void decline(String contact, Step s) {
    if (incoming.remove(contact) == null) {
      s.notify(new RendezvousNotification.CommandFailed("special-decline", "no offer from this contact"));
      return;
    }
    send(contact, new ContactMessage.SpecialEnd(), s);
    s.notify(new RendezvousNotification.SpecialChanged(contact, false, "refused"));
  }

  /** The user ends it (or withdraws an offer). */
  void end(String contact, Step s) {
    boolean offered = outgoing.remove(contact) != null;
    if (!node.special(contact) && !offered) {
      s.notify(new RendezvousNotification.CommandFailed("special-end", "not a special contact"));
      return;
    }
    send(contact, new ContactMessage.SpecialEnd(), s);
    node.ended(contact, "ended");
  }

  /** A special-contact message from {@code contact} on an authenticated link. */
  void onMessage(String contact, ContactMessage m, Step s) {
    IdentityKey key = node.key(contact);
    if (key == null) {
      return;
    }
    if (m instanceof ContactMessage.SpecialOffer o) {
      Offer mine = live(outgoing, contact, s);
      if (mine != null) {
        // Both asked at once: that is agreement; the secret is ordered by key, so both get the same without a reply.
        outgoing.remove(contact);
        node.agreed(key, SpecialSecret.derive(me, mine.contribution(), key, o.contribution()));
        s.notify(new RendezvousNotification.SpecialChanged(contact, true, "agreed"));
      } else {
        incoming.put(contact, new Offer(o.contribution(), s.now + cfg.offerTimeoutMillis()));
        s.schedule(s.now + cfg.offerTimeoutMillis(), RendezvousTimer.Kind.OFFER, 0, contact);
        s.notify(new RendezvousNotification.SpecialRequested(contact, node.name(contact)));
      }
    } else if (m instanceof ContactMessage.SpecialAccept a) {
      Offer mine = live(outgoing, contact, s);
      if (mine == null) {
        send(contact, new ContactMessage.SpecialEnd(), s); // nothing asked (any more): the other side must not keep it
        return;
      }
      outgoing.remove(contact);
      node.agreed(key, SpecialSecret.derive(me, mine.contribution(), key, a.contribution()));
      s.notify(new RendezvousNotification.SpecialChanged(contact, true, "agreed"));
    } else if (m instanceof ContactMessage.SpecialEnd) {
      boolean offered = outgoing.remove(contact) != null;
      incoming.remove(contact);
      if (node.special(contact)) {
        node.ended(contact, "ended-by-contact");
      } else if (offered) {
        s.notify(new RendezvousNotification.SpecialChanged(contact, false, "declined"));
      }
    } else if (m instanceof ContactMessage.SpecialCheck c) {
      byte[] secret = node.special(contact) ? node.secret(contact) : null;
      if (secret == null || !Arrays.equals(SpecialSecret.check(secret), c.check())) {
        send(contact, new ContactMessage.SpecialEnd(), s);
        if (secret != null) {
          node.ended(contact, "mismatch");
        }
      }
    }
  }

  /** An authenticated link to {@code contact} is up: what waited goes out, and the check if we hold a secret. */
  void onConnected(String contact, Step s) {
    ContactMessage waiting = unsent.remove(contact);
    if (waiting != null) {
      s.special(contact, waiting);
    }
    if (node.special(contact)) {
      s.special(contact, new ContactMessage.SpecialCheck(SpecialSecret.check(node.secret(contact))));
    }
  }

  /** An offer's time is over. */
  void onTimer(String contact, Step s) {
    Offer out = outgoing.get(contact);
    if (out != null && out.until() <= s.now) {
      outgoing.remove(contact);
      unsent.remove(contact);
      s.notify(new RendezvousNotification.SpecialChanged(contact, false, "no-answer"));
    }
    Offer in = incoming.get(contact);
    if (in != null && in.until() <= s.now) {
      incoming.remove(contact);
    }
  }

  /** The contact is gone from the contact list: forget what was under way. */
  void forget(String contact) {
    outgoing.remove(contact);
    incoming.remove(contact);
    unsent.remove(contact);
  }

  boolean asking(String contact) {
    return outgoing.containsKey(contact);
  }

  boolean asked(String contact) {
    return incoming.containsKey(contact);
  }

  private Offer live(Map<String, Offer> offers, String contact, Step s) {
    Offer o = offers.get(contact);
    if (o != null && o.until() <= s.now) {
      offers.remove(contact);
      return null;
    }
    return o;
  }

  /** Sends now if a link is up; else keeps it for the next link (the latest message per contact wins) and pings. */
  private void send(String contact, ContactMessage m, Step s) {
    if (node.connected(contact)) {
      s.special(contact, m);
    } else {
      unsent.put(contact, m);
      s.contacts(new io.meshkit.mesh.contacts.ContactEvent.Ping(contact));
    }
  }

  private byte[] contribution() {
    byte[] b = new byte[SpecialSecret.CONTRIBUTION_BYTES];
    random.nextBytes(b);
    return b;
  }
}
