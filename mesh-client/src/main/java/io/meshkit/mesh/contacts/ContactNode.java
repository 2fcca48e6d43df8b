package io.meshkit.mesh.contacts;

import io.meshkit.mesh.contacts.Link.Phase;
import io.meshkit.mesh.contacts.Link.Purpose;
import io.meshkit.mesh.core.wire.FriendlyName;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.PeerJsId;
import io.meshkit.mesh.identity.HandshakeTranscript;
import io.meshkit.mesh.identity.HandshakeTranscript.Role;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.identity.IdentityKey;
import io.meshkit.mesh.identity.SafetyNumber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Contacts and chat of one client as a pure state machine (docs/PROTOCOL.md §13.1): the identity handshake on every
 * contact link, requests and their answers, the contact list matched against the network list, pings, and chat with an
 * outbox, acknowledgements and duplicate suppression. {@link #step} takes an event and the time and returns effects;
 * no I/O, clock or threads. Nonces and message IDs come from the injected {@link RandomGenerator} (the adapter passes a
 * {@code SecureRandom}); signatures are deterministic.
 *
 * <p>What the adapter stored (contacts, queued messages) comes in through the constructor; what changes goes out as
 * {@code Save…} effects, ordered before anything that depends on them (see {@link ContactEffect}).
 */
public final class ContactNode {
  private final Identity me;
  private final String name;
  private final String discoveryUuid;
  private final ContactsConfig config;
  private final RandomGenerator random;
  private final Map<String, Contact> contacts = new LinkedHashMap<>();
  private final Map<String, Conversation> conversations = new HashMap<>();
  private final Map<String, String> safetyNumbers = new HashMap<>();
  private final Map<Long, Link> links = new LinkedHashMap<>();
  private String transportId;
  private List<Member> network = List.of();
  private long nextLink = 1;
  private long now;
  private long wallOffset;
  private boolean started;
  private boolean stopped;
  private List<ContactEffect> out;
  private ContactLists told;

  /**
   * @param contacts the stored contacts
   * @param queued   stored outgoing messages not acknowledged yet (any order)
   */
  public ContactNode(Identity me, String name, String transportId, String discoveryUuid, ContactsConfig config,
                     RandomGenerator random, List<Contact> contacts, List<ChatMessage> queued) {
    this.me = me;
    this.name = FriendlyName.of(name).value();
    this.transportId = PeerJsId.require(transportId, "transportId");
    this.discoveryUuid = Member.requireUuid(discoveryUuid);
    this.config = config;
    this.random = random;
    for (Contact c : contacts) {
      this.contacts.put(c.fingerprint(), c);
      conversations.put(c.fingerprint(), new Conversation());
    }
    queued.stream().filter(m -> m.outgoing() && this.contacts.containsKey(m.contact()))
        .sorted((a, b) -> Long.compare(a.seq(), b.seq()))
        .forEach(m -> conversations.get(m.contact()).outbox.add(m));
  }

  /** Feeds one event observed at {@code nowMillis}; returns the effects to carry out, in order. */
  public List<ContactEffect> step(ContactEvent event, long nowMillis) {
    now = nowMillis;
    out = new ArrayList<>();
    if (stopped) {
      return out;
    }
    dispatch(event);
    if (!stopped && started) {
      pump();
      tellLists();
    }
    return out;
  }

  private long wall() {
    return now + wallOffset;
  }

  private void dispatch(ContactEvent event) {
    if (event instanceof ContactEvent.Start s) {
      if (!started) {
        started = true;
        wallOffset = s.wallClockMillis() - now;
        announce();
      }
    } else if (event instanceof ContactEvent.Stop) {
      for (Link l : links.values()) {
        out.add(new ContactEffect.Close(l.id));
      }
      links.clear();
      stopped = true;
    } else if (event instanceof ContactEvent.Opened e) {
      onOpened(e);
    } else if (event instanceof ContactEvent.ConnectFailed e) {
      Link l = links.get(e.link());
      if (l != null) {
        gone(l);
      }
    } else if (event instanceof ContactEvent.Closed e) {
      Link l = links.get(e.link());
      if (l != null) {
        gone(l);
      }
    } else if (event instanceof ContactEvent.Received e) {
      Link l = links.get(e.link());
      if (l != null && admit(l)) {
        onMessage(l, e.message());
      }
    } else if (event instanceof ContactEvent.Discarded e) {
      Link l = links.get(e.link());
      if (l != null) {
        admit(l);
      }
    } else if (event instanceof ContactEvent.Timer t) {
      onTimer(t.key());
    } else if (event instanceof ContactEvent.NetworkChanged n) {
      Map<String, String> before = new HashMap<>();
      contacts.values().forEach(c -> before.put(c.fingerprint(), target(c)));
      network = n.peers();
      for (Contact c : contacts.values()) {
        String after = target(c);
        if (after != null && !after.equals(before.get(c.fingerprint()))) {
          Conversation v = conversations.get(c.fingerprint());
          v.retryAt = now; // listed somewhere new: try there at once, whatever the back-off was
          v.retryDelay = 0;
        }
      }
    } else if (event instanceof ContactEvent.TransportIdChanged t) {
      transportId = PeerJsId.require(t.transportId(), "transportId");
      for (Link l : links.values()) {
        if (l.phase == Phase.CONTACT) {
          out.add(new ContactEffect.Send(l.id, presence()));
        }
      }
      announce();
    } else if (event instanceof ContactEvent.RequestContact r) {
      requestContact(r.discoveryId());
    } else if (event instanceof ContactEvent.Answer a) {
      answer(a.request(), a.accept());
    } else if (event instanceof ContactEvent.Ping p) {
      Contact c = contactOrFail("ping", p.contact());
      if (c != null) {
        Conversation v = conversations.get(c.fingerprint());
        wantPing(v);
        v.retryAt = now;
        if (target(c) == null) {
          failed("ping", "no Transport ID known for this contact");
        }
      }
    } else if (event instanceof ContactEvent.Hangup h) {
      Contact c = contactOrFail("hangup", h.contact());
      if (c != null) {
        for (Link l : new ArrayList<>(links.values())) {
          if (l.phase == Phase.CONTACT && l.peer.fingerprint().equals(c.fingerprint())) {
            close(l);
            gone(l);
          }
        }
      }
    } else if (event instanceof ContactEvent.SendText s) {
      sendText(s.contact(), s.text());
    } else if (event instanceof ContactEvent.SendSpecial sp) {
      Conversation v = conversations.get(sp.contact());
      if (v != null && v.current() != 0) {
        out.add(new ContactEffect.Send(v.current(), sp.message()));
      }
    } else if (event instanceof ContactEvent.Relocated r) {
      Contact c = contactOrFail("relocate", r.contact());
      if (c != null && PeerJsId.isValid(r.transportId())) {
        save(c.unblacklisting(r.transportId()).seenAt(c.name(), r.transportId(), c.discoveryUuid(), wall()));
        Conversation v = conversations.get(c.fingerprint());
        v.pingWanted = true;
        v.retryAt = now;
        v.retryDelay = 0;
      }
    } else if (event instanceof ContactEvent.SetVerified v) {
      Contact c = contactOrFail("verify", v.contact());
      if (c != null) {
        save(c.withVerified(v.verified()));
      }
    } else {
      throw new IllegalStateException("unknown event " + event.getClass().getName());
    }
  }

  // ------------------------------------------------------------------ links and the handshake

  private void onOpened(ContactEvent.Opened e) {
    Link l = links.get(e.link());
    if (e.inbound()) {
      if (l != null || e.link() >= 0) {
        throw new IllegalArgumentException("incoming links have fresh negative numbers");
      }
      if (links.size() >= config.maxLinks()) {
        out.add(new ContactEffect.Close(e.link()));
        return;
      }
      l = new Link(e.link(), e.localId(), e.remoteId(), true, Purpose.INBOUND, null, now);
      links.put(l.id, l);
    } else if (l == null || l.phase != Phase.CONNECTING) {
      return; // closed by us meanwhile
    }
    if (!e.reliable() || e.localFingerprint() == null || e.remoteFingerprint() == null
        || e.localFingerprint().length != HandshakeTranscript.FINGERPRINT_BYTES
        || e.remoteFingerprint().length != HandshakeTranscript.FINGERPRINT_BYTES) {
      String why = e.reliable() ? "no SHA-256 DTLS fingerprint in the SDP" : "the link is not reliable";
      out.add(new ContactEffect.Notify(new ContactNotification.HandshakeFailed(l.remoteId, why)));
      close(l);
      return;
    }
    byte[] nonce = new byte[HandshakeTranscript.NONCE_BYTES];
    random.nextBytes(nonce);
    l.handshake = new Handshake(me, l.inbound ? Role.RESPONDER : Role.INITIATOR, l.localId, l.remoteId,
        e.localFingerprint(), e.remoteFingerprint(), nonce);
    l.phase = Phase.HANDSHAKE;
    l.openedAt = now;
    out.add(new ContactEffect.Send(l.id, l.handshake.hello()));
    schedule(config.handshakeTimeoutMillis(), ContactTimer.Kind.HANDSHAKE, l.id, null);
  }

  /** Charges one message to the link's rate; a link that floods is closed. */
  private boolean admit(Link l) {
    if (l.rate.take(now)) {
      return true;
    }
    close(l);
    gone(l);
    return false;
  }

  private void onMessage(Link l, ContactMessage m) {
    switch (l.phase) {
      case CONNECTING -> { } // cannot happen: nothing arrives before open
      case HANDSHAKE -> onHandshake(l, m);
      case AWAIT_REQUEST -> {
        if (m instanceof ContactMessage.Request r) {
          onRequest(l, r);
        }
      }
      case AWAIT_CONFIRM -> {
        if (m instanceof ContactMessage.Confirm c) {
          Contact added = Contact.create(l.peer, c.friendlyName(), c.transportId(), c.discoveryUuid(), wall());
          addContact(l, added);
        }
      }
      case REQUEST_SENT -> {
        if (m instanceof ContactMessage.Accepted a) {
          Contact added = Contact.create(l.peer, a.friendlyName(), a.transportId(), a.discoveryUuid(), wall());
          out.add(new ContactEffect.Send(l.id, new ContactMessage.Confirm(name, transportId, discoveryUuid)));
          notify(new ContactNotification.RequestAnswered(l.remoteId, "accepted"));
          addContact(l, added);
        } else if (m instanceof ContactMessage.Rejected) {
          notify(new ContactNotification.RequestAnswered(l.remoteId, "rejected"));
          l.phase = Phase.CLOSING;
          close(l);
          gone(l);
        }
      }
      case PROMPT, CLOSING -> { } // nothing to say meanwhile
      case CONTACT -> onContactMessage(l, m);
      default -> throw new IllegalStateException();
    }
  }

  private void onHandshake(Link l, ContactMessage m) {
    Handshake.Outcome o = l.handshake.onMessage(m);
    if (o instanceof Handshake.Outcome.Continue c) {
      c.reply().ifPresent(r -> out.add(new ContactEffect.Send(l.id, r)));
    } else if (o instanceof Handshake.Outcome.Failed f) {
      if (l.purpose == Purpose.PING && f.peer() != null && !f.peer().fingerprint().equals(l.expected)) {
        imposter(l, "wrong key");
      } else {
        // The right key but a proof that does not verify over our transcript: a relay in the middle (or a broken
        // peer). Reported, never blacklisted: the Transport ID may well be the contact's, behind the relay.
        notify(new ContactNotification.HandshakeFailed(l.remoteId, f.reason()));
      }
      close(l);
      gone(l);
    } else if (o instanceof Handshake.Outcome.Authenticated a) {
      onAuthenticated(l, a.peer());
    }
  }

  private void onAuthenticated(Link l, IdentityKey peer) {
    l.peer = peer;
    String fp = peer.fingerprint();
    notify(new ContactNotification.Authenticated(fp, l.remoteId, !l.inbound, l.inbound ? 0 : l.openedAt - l.createdAt,
        now - l.openedAt));
    if (l.purpose == Purpose.PING && !fp.equals(l.expected)) {
      imposter(l, "wrong key");
      close(l);
      gone(l);
      return;
    }
    Contact known = contacts.get(fp);
    if (known != null) {
      if (known.blacklisted(l.remoteId)) {
        known = known.unblacklisting(l.remoteId); // it proved to be this contact after all (e.g. a relay went away)
      }
      out.add(new ContactEffect.Send(l.id, presence()));
      if (l.purpose == Purpose.REQUEST) {
        notify(new ContactNotification.RequestAnswered(l.remoteId, "already-contact"));
      }
      becomeContact(l, known.withLastSeen(wall()));
    } else if (l.purpose == Purpose.REQUEST) {
      out.add(new ContactEffect.Send(l.id, new ContactMessage.Request(name)));
      l.phase = Phase.REQUEST_SENT;
      schedule(config.requestTimeoutMillis() + config.handshakeTimeoutMillis(), ContactTimer.Kind.REQUEST, l.id, null);
    } else {
      l.phase = Phase.AWAIT_REQUEST;
      schedule(config.handshakeTimeoutMillis(), ContactTimer.Kind.HANDSHAKE, l.id, null);
    }
  }

  private void onRequest(Link l, ContactMessage.Request r) {
    long pending = links.values().stream().filter(x -> x.phase == Phase.PROMPT).count();
    if (pending >= config.maxPendingRequests() || contacts.size() >= config.maxContacts()) {
      reject(l);
      return;
    }
    l.requestName = r.friendlyName();
    l.phase = Phase.PROMPT;
    notify(new ContactNotification.RequestReceived(-l.id, r.friendlyName(), l.peer.fingerprint(), safety(l.peer)));
    schedule(config.requestTimeoutMillis(), ContactTimer.Kind.REQUEST, l.id, null);
  }

  private void answer(long request, boolean accept) {
    Link l = links.get(-request); // requests arrive on incoming links, numbered below 0; users see them above 0
    if (l == null || l.phase != Phase.PROMPT) {
      failed(accept ? "accept" : "reject", "no such request waiting");
      return;
    }
    notify(new ContactNotification.RequestClosed(-l.id, accept ? "accepted" : "rejected"));
    if (accept) {
      out.add(new ContactEffect.Send(l.id, new ContactMessage.Accepted(name, transportId, discoveryUuid)));
      l.phase = Phase.AWAIT_CONFIRM;
      schedule(config.handshakeTimeoutMillis(), ContactTimer.Kind.HANDSHAKE, l.id, null);
    } else {
      reject(l);
    }
  }

  private void reject(Link l) {
    out.add(new ContactEffect.Send(l.id, new ContactMessage.Rejected()));
    l.phase = Phase.CLOSING;
    schedule(config.handshakeTimeoutMillis(), ContactTimer.Kind.HANDSHAKE, l.id, null);
  }

  private void requestContact(String discoveryId) {
    if (!PeerJsId.isValid(discoveryId)) {
      failed("request", "not a valid PeerJS ID");
      return;
    }
    for (Link l : links.values()) {
      if (l.purpose == Purpose.REQUEST && l.remoteId.equals(discoveryId)) {
        failed("request", "a request to this peer is already under way");
        return;
      }
    }
    if (contacts.size() >= config.maxContacts()) {
      failed("request", "the contact list is full");
      return;
    }
    connect(Purpose.REQUEST, discoveryId, null);
  }

  private void addContact(Link l, Contact c) {
    if (!contacts.containsKey(c.fingerprint())) {
      conversations.put(c.fingerprint(), new Conversation());
    }
    becomeContact(l, c);
    Contact added = contacts.get(c.fingerprint());
    notify(new ContactNotification.ContactAdded(ContactListing.view(added, null, true, safety(added.key()))));
  }

  /** The link is now an authenticated link to contact {@code c} (stored here). */
  private void becomeContact(Link l, Contact c) {
    save(c);
    l.phase = Phase.CONTACT;
    Conversation v = conversations.get(c.fingerprint());
    if (v.connecting == l.id) {
      v.connecting = 0;
    }
    v.retryDelay = 0;
    v.pingWanted = false;
    v.links.add(l.id);
    if (v.links.size() == 1) {
      resend(c.fingerprint(), v);
    }
  }

  private void onContactMessage(Link l, ContactMessage m) {
    String fp = l.peer.fingerprint();
    Contact c = contacts.get(fp);
    if (m instanceof ContactMessage.Presence p) {
      save(c.seenAt(p.friendlyName(), p.transportId(), p.discoveryUuid(), wall()));
    } else if (m instanceof ContactMessage.Confirm p) {
      save(c.seenAt(p.friendlyName(), p.transportId(), p.discoveryUuid(), wall()));
    } else if (m instanceof ContactMessage.Request) {
      // It asks again: it lost us (a new install with the same key). Agree at once, and count its messages from 1.
      save(c.withLastReceivedSeq(0));
      out.add(new ContactEffect.Send(l.id, new ContactMessage.Accepted(name, transportId, discoveryUuid)));
    } else if (m instanceof ContactMessage.Chat chat) {
      ChatMessage msg = new ChatMessage(fp, false, chat.id(), chat.seq(), chat.sent(), chat.text());
      if (chat.seq() > c.lastReceivedSeq()) {
        Contact updated = c.withLastReceivedSeq(chat.seq()).withLastSeen(wall());
        contacts.put(fp, updated);
        out.add(new ContactEffect.SaveIncoming(msg, updated, wall()));
        out.add(new ContactEffect.Send(l.id, new ContactMessage.Ack(chat.id(), chat.seq())));
        notify(new ContactNotification.MessageReceived(msg, updated.name()));
      } else {
        out.add(new ContactEffect.Send(l.id, new ContactMessage.Ack(chat.id(), chat.seq()))); // a duplicate: not shown
      }
    } else if (m instanceof ContactMessage.Ack a) {
      onAck(fp, a);
    } else if (m instanceof ContactMessage.SpecialOffer || m instanceof ContactMessage.SpecialAccept
        || m instanceof ContactMessage.SpecialEnd || m instanceof ContactMessage.SpecialCheck) {
      notify(new ContactNotification.Special(fp, m)); // the rendezvous part decides (docs/PROTOCOL.md §13.2.6)
    }
  }

  // ------------------------------------------------------------------ chat

  private void sendText(String contact, String text) {
    Contact c = contactOrFail("send", contact);
    if (c == null) {
      return;
    }
    try {
      ChatText.require(text);
    } catch (IllegalArgumentException e) {
      failed("send", e.getMessage());
      return;
    }
    Conversation v = conversations.get(c.fingerprint());
    if (v.outbox.size() >= config.maxOutbox()) {
      failed("send", "the outbox for this contact is full (" + config.maxOutbox() + " messages)");
      return;
    }
    ChatMessage m = new ChatMessage(c.fingerprint(), true, newId(), c.nextSeq(), wall(), text);
    Contact updated = c.withNextSeq(c.nextSeq() + 1);
    contacts.put(c.fingerprint(), updated);
    out.add(new ContactEffect.SaveOutgoing(m, updated));
    notify(new ContactNotification.Queued(m));
    v.outbox.add(m);
    if (!v.links.isEmpty()) {
      sendMore(c.fingerprint(), v);
    }
  }

  /** A new current link: everything not acknowledged goes out again on it, in order. */
  private void resend(String fp, Conversation v) {
    v.sentUpTo = v.outbox.isEmpty() ? 0 : v.outbox.peekFirst().seq() - 1;
    v.progressAt = now;
    sendMore(fp, v);
  }

  private void sendMore(String fp, Conversation v) {
    long link = v.current();
    if (link == 0) {
      return;
    }
    int inFlight = v.inFlight();
    for (ChatMessage m : v.outbox) {
      if (inFlight >= config.window()) {
        break;
      }
      if (m.seq() > v.sentUpTo) {
        if (inFlight == 0) {
          v.progressAt = now;
        }
        out.add(new ContactEffect.Send(link, m.wire()));
        v.sentUpTo = m.seq();
        inFlight++;
      }
    }
    if (inFlight > 0 && !v.ackTimerSet) {
      v.ackTimerSet = true;
      schedule(config.ackTimeoutMillis(), ContactTimer.Kind.ACK, 0, fp);
    }
  }

  private void onAck(String fp, ContactMessage.Ack a) {
    Conversation v = conversations.get(fp);
    ChatMessage acked = null;
    for (ChatMessage m : v.outbox) {
      if (m.seq() == a.seq() && m.id().equals(a.id())) {
        acked = m;
        break;
      }
    }
    if (acked == null) {
      return; // a second ack of the same message (it was resent): already delivered
    }
    v.outbox.remove(acked);
    v.progressAt = now;
    out.add(new ContactEffect.MarkDelivered(fp, a.id(), wall()));
    notify(new ContactNotification.Delivered(fp, a.id(), a.seq(), Math.max(0, wall() - acked.sent())));
    sendMore(fp, v);
  }

  private String newId() {
    long hi = random.nextLong();
    long lo = random.nextLong();
    // A random (version 4) UUID from the injected generator.
    hi = (hi & ~0xF000L) | 0x4000L;
    lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new java.util.UUID(hi, lo).toString();
  }

  // ------------------------------------------------------------------ reaching contacts

  /** Pings every contact seen recently (at start, and when our Transport ID changed). */
  private void announce() {
    for (Contact c : contacts.values()) {
      if (c.lastSeen() >= wall() - config.announceWithinMillis()) {
        wantPing(conversations.get(c.fingerprint()));
      }
    }
  }

  private static void wantPing(Conversation v) {
    v.pingWanted = true;
    v.pingTriesLeft = Conversation.PING_TRIES;
  }

  /** Starts the connects that are due, at most {@code maxConnecting} at once; schedules the next retry. */
  private void pump() {
    int connecting = (int) links.values().stream().filter(l -> l.phase == Phase.CONNECTING
        || (l.purpose != Purpose.INBOUND && l.phase == Phase.HANDSHAKE)).count();
    for (Contact c : contacts.values()) {
      Conversation v = conversations.get(c.fingerprint());
      if (!v.links.isEmpty() || v.connecting != 0) {
        continue;
      }
      boolean wanted = v.pingWanted || !v.outbox.isEmpty() || listed(c) != null;
      String target = target(c);
      if (!wanted || target == null) {
        v.pingWanted = false;
        continue;
      }
      if (v.retryAt > now) {
        continue;
      }
      if (connecting >= config.maxConnecting()) {
        return;
      }
      if (v.pingWanted && --v.pingTriesLeft <= 0) {
        v.pingWanted = false; // this is the last try the ping asked for
      }
      v.connecting = connect(Purpose.PING, target, c.fingerprint());
      connecting++;
    }
  }

  private long connect(Purpose purpose, String remoteId, String expected) {
    long id = nextLink++;
    links.put(id, new Link(id, transportId, remoteId, false, purpose, expected, now));
    out.add(new ContactEffect.Connect(id, transportId, remoteId));
    schedule(config.connectTimeoutMillis(), ContactTimer.Kind.CONNECT, id, null);
    return id;
  }

  /** Where to reach {@code c}: its Transport ID listed on this network, else its last one; never a blacklisted one. */
  private String target(Contact c) {
    Member m = listed(c);
    if (m != null && m.transportId() != null) {
      return m.transportId();
    }
    return c.transportId() != null && !c.blacklisted(c.transportId()) ? c.transportId() : null;
  }

  /** The network entry with {@code c}'s discovery UUID, unless its Transport ID is blacklisted for {@code c}. */
  private Member listed(Contact c) {
    if (c.discoveryUuid() == null) {
      return null;
    }
    for (Member m : network) {
      if (m.uuid().equals(c.discoveryUuid()) && !c.blacklisted(m.transportId())) {
        return m;
      }
    }
    return null;
  }

  /** A link ended (closed, failed, refused): forget it and let its contact and request know. */
  private void gone(Link l) {
    if (links.remove(l.id) == null) {
      return;
    }
    switch (l.phase) {
      case PROMPT -> notify(new ContactNotification.RequestClosed(-l.id, "gone"));
      case REQUEST_SENT -> notify(new ContactNotification.RequestAnswered(l.remoteId, "failed"));
      case CONNECTING, HANDSHAKE -> {
        if (l.purpose == Purpose.REQUEST) {
          notify(new ContactNotification.RequestAnswered(l.remoteId, "failed"));
        }
      }
      default -> { }
    }
    if (l.purpose == Purpose.PING && !l.imposter && (l.phase == Phase.CONNECTING || l.phase == Phase.HANDSHAKE)) {
      notify(new ContactNotification.Unreachable(l.expected, l.remoteId));
    }
    if (l.purpose == Purpose.PING) {
      Conversation v = conversations.get(l.expected);
      if (v != null && v.connecting == l.id) {
        v.connecting = 0;
        backOff(l.expected, v);
      }
    }
    if (l.phase == Phase.CONTACT) {
      String fp = l.peer.fingerprint();
      Conversation v = conversations.get(fp);
      boolean wasCurrent = v.current() == l.id;
      v.links.remove(l.id);
      if (wasCurrent && !v.links.isEmpty()) {
        resend(fp, v);
      } else if (v.links.isEmpty()) {
        v.retryAt = now; // reconnect at once if there is something to deliver; back off after failures
      }
    }
  }

  private void backOff(String fp, Conversation v) {
    v.retryDelay = v.retryDelay == 0 ? config.retryMinMillis() : Math.min(config.retryMaxMillis(), v.retryDelay * 2);
    v.retryAt = now + v.retryDelay;
    schedule(v.retryDelay, ContactTimer.Kind.RETRY, 0, fp);
  }

  private void imposter(Link l, String reason) {
    l.imposter = true;
    Contact c = contacts.get(l.expected);
    if (c == null) {
      return;
    }
    save(c.blacklisting(l.remoteId));
    notify(new ContactNotification.Imposter(c.fingerprint(), l.remoteId, reason));
  }

  // ------------------------------------------------------------------ timers

  private void onTimer(ContactTimer t) {
    switch (t.kind()) {
      case CONNECT -> {
        Link l = links.get(t.link());
        if (l != null && l.phase == Phase.CONNECTING) {
          close(l);
          gone(l);
        }
      }
      case HANDSHAKE -> {
        Link l = links.get(t.link());
        if (l != null && l.phase == Phase.CLOSING) {
          close(l);
          gone(l);
        } else if (l != null && (l.phase == Phase.HANDSHAKE || l.phase == Phase.AWAIT_REQUEST
            || l.phase == Phase.AWAIT_CONFIRM)) {
          if (l.purpose != Purpose.PING) {
            notify(new ContactNotification.HandshakeFailed(l.remoteId, "timed out"));
          }
          close(l);
          gone(l);
        }
      }
      case REQUEST -> {
        Link l = links.get(t.link());
        if (l != null && l.phase == Phase.PROMPT) {
          notify(new ContactNotification.RequestClosed(-l.id, "timeout"));
          reject(l);
        } else if (l != null && l.phase == Phase.REQUEST_SENT) {
          close(l);
          gone(l);
        }
      }
      case RETRY -> { } // pump() runs after every step
      case ACK -> {
        Conversation v = conversations.get(t.contact());
        if (v == null) {
          return;
        }
        v.ackTimerSet = false;
        if (v.inFlight() == 0 || v.current() == 0) {
          return;
        }
        if (now - v.progressAt >= config.ackTimeoutMillis()) {
          Link stuck = links.get(v.current()); // acknowledgements stopped coming: the link is dead
          close(stuck);
          gone(stuck);
        } else {
          v.ackTimerSet = true;
          schedule(v.progressAt + config.ackTimeoutMillis() - now, ContactTimer.Kind.ACK, 0, t.contact());
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  // ------------------------------------------------------------------ helpers

  private void close(Link l) {
    out.add(new ContactEffect.Close(l.id));
  }

  private void save(Contact c) {
    contacts.put(c.fingerprint(), c);
    out.add(new ContactEffect.SaveContact(c));
  }

  private void notify(ContactNotification n) {
    out.add(new ContactEffect.Notify(n));
  }

  private void failed(String command, String reason) {
    notify(new ContactNotification.CommandFailed(command, reason));
  }

  private void schedule(long delay, ContactTimer.Kind kind, long link, String contact) {
    out.add(new ContactEffect.ScheduleAt(now + delay, new ContactTimer(kind, link, contact)));
  }

  private ContactMessage.Presence presence() {
    return new ContactMessage.Presence(name, transportId, discoveryUuid);
  }

  private Contact contactOrFail(String command, String fingerprint) {
    Contact c = fingerprint == null ? null : contacts.get(fingerprint);
    if (c == null) {
      failed(command, "no such contact");
    }
    return c;
  }

  private String safety(IdentityKey peer) {
    return safetyNumbers.computeIfAbsent(peer.fingerprint(), k -> SafetyNumber.of(me.publicKey(), peer));
  }

  private void tellLists() {
    ContactLists now = lists();
    if (!now.equals(told)) {
      told = now;
      notify(new ContactNotification.ListsChanged(now));
    }
  }

  // ------------------------------------------------------------------ what the application may ask

  /** The lists as they are now. */
  public ContactLists lists() {
    return ContactListing.lists(contacts.values(), network,
        fp -> !conversations.get(fp).links.isEmpty(), c -> safety(c.key()));
  }

  /** The stored contact with this fingerprint, if any. */
  public java.util.Optional<Contact> contact(String fingerprint) {
    return java.util.Optional.ofNullable(contacts.get(fingerprint));
  }

  /** Queued messages to {@code fingerprint}, lowest sequence number first. */
  public List<ChatMessage> outbox(String fingerprint) {
    Conversation v = conversations.get(fingerprint);
    return v == null ? List.of() : List.copyOf(v.outbox);
  }

  /** Our own identity key. */
  public IdentityKey identityKey() {
    return me.publicKey();
  }

  /** Our current Transport ID. */
  public String transportId() {
    return transportId;
  }

  /** Requests waiting for the user's answer: number → (name, fingerprint). */
  public Map<Long, String> pendingRequests() {
    Map<Long, String> m = new LinkedHashMap<>();
    for (Link l : links.values()) {
      if (l.phase == Phase.PROMPT) {
        m.put(-l.id, l.requestName + " " + l.peer.fingerprint());
      }
    }
    return m;
  }

  @Override
  public String toString() {
    return "ContactNode[" + Objects.toString(me) + ", " + contacts.size() + " contacts, " + links.size() + " links]";
  }
}
