package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.contacts.ContactLists;
import io.meshkit.mesh.contacts.ContactMessage;
import io.meshkit.mesh.contacts.ContactNotification;
import io.meshkit.mesh.contacts.ContactView;
import io.meshkit.mesh.core.MeetingVerdict;
import io.meshkit.mesh.core.MeshEvent;
import io.meshkit.mesh.core.wire.PeerJsId;
import io.meshkit.mesh.identity.HandshakeTranscript;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.identity.IdentityKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Special contacts and rendezvous of one client as a pure state machine (docs/PROTOCOL.md §13.2): which contacts are
 * special (with {@link Agreement}), the state of each (§13.2.7), which rendezvous namespaces to hold now
 * ({@link Holdings}: slots, skew, budget, back-off), and the meetings on the links the mesh core hands off
 * ({@link Meeting}). It sits beside the mesh core and the contacts core: it hears the contacts core's notifications and
 * drives both through {@link RendezvousEffect.ToMesh} and {@link RendezvousEffect.ToContacts}; no I/O, clock or
 * threads. Nonces, contributions and UUIDs come from the injected {@link RandomGenerator} (a {@code SecureRandom} in
 * the adapter).
 */
public final class RendezvousNode {
  private final Identity me;
  private String prefix;
  private final RendezvousConfig cfg;
  private final RandomGenerator random;
  private final Step s = new Step();
  private final Map<String, Special> specials = new LinkedHashMap<>();
  /** Every contact as the contacts core last listed it, by fingerprint. */
  private final Map<String, ContactView> contacts = new HashMap<>();
  private final Map<Long, Meeting> meetings = new HashMap<>();
  private final Agreement agreement;
  private final Holdings holdings;
  private String transportId;
  private boolean started;
  private boolean stopped;
  private long windowTimerAt = -1;

  /** One special contact while the client runs. */
  private static final class Special {
    SpecialContact stored;
    SpecialState state = SpecialState.DIRECT;
    final int phase;
    /** A direct attempt is under way since (step clock), or -1. */
    long directSince = -1;

    Special(SpecialContact stored) {
      this.stored = stored;
      this.phase = RendezvousSchedule.phase(stored.secret());
    }
  }

  /**
   * @param prefix the application's fixed ID prefix (at most {@link RendezvousNamespace#MAX_PREFIX_LENGTH} characters
   *               for rendezvous to work)
   * @param stored the special contacts as stored
   */
  public RendezvousNode(Identity me, String prefix, RendezvousConfig cfg, RandomGenerator random,
                        List<SpecialContact> stored) {
    this.me = me;
    this.prefix = PeerJsId.require(prefix, "prefix");
    this.cfg = cfg;
    this.random = random;
    for (SpecialContact c : stored) {
      specials.put(c.fingerprint(), new Special(c));
    }
    this.agreement = new Agreement(me.publicKey(), random, cfg, new Agreement.Listener() {
      @Override
      public void agreed(IdentityKey contact, byte[] secret) {
        onAgreed(contact, secret);
      }

      @Override
      public void ended(String contact, String reason) {
        onEnded(contact, reason);
      }

      @Override
      public boolean special(String contact) {
        return specials.containsKey(contact);
      }

      @Override
      public byte[] secret(String contact) {
        return specials.get(contact).stored.secret();
      }

      @Override
      public boolean connected(String contact) {
        ContactView v = contacts.get(contact);
        return v != null && v.connected();
      }

      @Override
      public IdentityKey key(String contact) {
        ContactView v = contacts.get(contact);
        return v == null ? null : IdentityKey.parseHex(v.key()).orElse(null);
      }

      @Override
      public String name(String contact) {
        ContactView v = contacts.get(contact);
        return v == null ? "" : v.name();
      }
    });
    this.holdings = new Holdings(prefix, cfg, s, this::freshUuid);
  }

  /** Feeds one event observed at {@code nowMillis}; returns the effects to carry out, in order. */
  public List<RendezvousEffect> step(RendezvousEvent event, long nowMillis) {
    s.now = nowMillis;
    s.out = new ArrayList<>();
    if (stopped) {
      return s.out;
    }
    dispatch(event);
    if (started && !stopped) {
      reconcile();
    }
    return s.out;
  }

  private void dispatch(RendezvousEvent event) {
    if (event instanceof RendezvousEvent.Start st) {
      if (!started) {
        started = true;
        s.wallOffset = st.wallClockMillis() - s.now;
        transportId = PeerJsId.require(st.transportId(), "transportId");
        if (!specials.isEmpty() && !RendezvousNamespace.fits(prefix)) {
          s.notify(new RendezvousNotification.CommandFailed("rendezvous", "the prefix is longer than "
              + RendezvousNamespace.MAX_PREFIX_LENGTH + " characters: rendezvous IDs would not fit"));
        }
        // Our Transport ID is new since the last run: every special contact not reachable directly needs a note.
        for (Special c : specials.values()) {
          if (c.stored.paused()) {
            setState(c, SpecialState.PAUSED);
          } else {
            tryDirect(c);
          }
        }
      }
    } else if (event instanceof RendezvousEvent.Stop) {
      for (Meeting m : meetings.values()) {
        s.emit(new RendezvousEffect.CloseMeeting(m.link));
      }
      meetings.clear();
      stopped = true;
    } else if (event instanceof RendezvousEvent.Timer t) {
      onTimer(t.key());
    } else if (event instanceof RendezvousEvent.FromContacts f) {
      fromContacts(f.notification());
    } else if (event instanceof RendezvousEvent.TransportIdChanged t) {
      transportId = PeerJsId.require(t.transportId(), "transportId");
      for (Special c : specials.values()) {
        if (c.state == SpecialState.PAUSED) {
          continue;
        }
        // A connected contact learns it from presence (§13.1.4); the others get a note.
        setState(c, connected(c) ? SpecialState.DIRECT : SpecialState.NOTE);
      }
    } else if (event instanceof RendezvousEvent.PrefixChanged p) {
      if (!p.prefix().equals(prefix)) {
        prefix = PeerJsId.require(p.prefix(), "prefix");
        holdings.prefixChanged(prefix);
      }
    } else if (event instanceof RendezvousEvent.PrefixDropped p) {
      holdings.prefixDropped(p.prefix());
    } else if (event instanceof RendezvousEvent.MeetingOpened o) {
      onMeetingOpened(o);
    } else if (event instanceof RendezvousEvent.MeetingReceived r) {
      Meeting m = meetings.get(r.link());
      if (m != null) {
        onMeetingOutcome(m, m.onMessage(r.message(), s.now, () -> note(m)));
      }
    } else if (event instanceof RendezvousEvent.MeetingDiscarded d) {
      Meeting m = meetings.get(d.link());
      if (m != null) {
        onMeetingOutcome(m, m.onInvalid(s.now));
      }
    } else if (event instanceof RendezvousEvent.MeetingClosed c) {
      Meeting m = meetings.remove(c.link());
      if (m != null) {
        holdings.meetingEnded(m.label);
        if (!m.done()) {
          s.mesh(new MeshEvent.MeetingEnded(m.localId, m.remoteId, MeetingVerdict.UNPROVEN));
        }
      }
    } else if (event instanceof RendezvousEvent.MakeSpecial m) {
      if (specials.size() >= cfg.maxSpecial() && !specials.containsKey(m.contact())) {
        s.notify(new RendezvousNotification.CommandFailed("special", "at most " + cfg.maxSpecial()
            + " special contacts"));
      } else {
        agreement.make(m.contact(), s);
      }
    } else if (event instanceof RendezvousEvent.DeclineSpecial d) {
      agreement.decline(d.contact(), s);
    } else if (event instanceof RendezvousEvent.EndSpecial e) {
      agreement.end(e.contact(), s);
    } else if (event instanceof RendezvousEvent.Pause p) {
      pause(p.contact(), p.paused());
    } else {
      throw new IllegalStateException("unknown event " + event.getClass().getName());
    }
  }

  // ------------------------------------------------------------------ what the contacts core tells

  private void fromContacts(ContactNotification n) {
    if (n instanceof ContactNotification.ListsChanged l) {
      onLists(l.lists());
    } else if (n instanceof ContactNotification.Unreachable u) {
      Special c = specials.get(u.contact());
      if (c != null) {
        directFailed(c);
      }
    } else if (n instanceof ContactNotification.Imposter i) {
      Special c = specials.get(i.contact());
      if (c != null) {
        directFailed(c); // the contacts core blacklisted that Transport ID: only a meeting tells the new one
      }
    } else if (n instanceof ContactNotification.Special sp) {
      if (started) {
        agreement.onMessage(sp.contact(), sp.message(), s);
      }
    }
  }

  private void onLists(ContactLists lists) {
    Map<String, ContactView> now = new HashMap<>();
    lists.here().forEach(v -> now.put(v.fingerprint(), v));
    lists.saved().forEach(v -> now.put(v.fingerprint(), v));
    for (ContactView v : now.values()) {
      ContactView before = contacts.get(v.fingerprint());
      boolean was = before != null && before.connected();
      contacts.put(v.fingerprint(), v);
      if (!started) {
        continue;
      }
      if (v.connected() && !was) {
        onContactUp(v.fingerprint());
      } else if (!v.connected() && was) {
        Special c = specials.get(v.fingerprint());
        if (c != null && c.state == SpecialState.DIRECT) {
          tryDirect(c); // gone offline, or lost its Transport ID: one direct try tells which way to go
        }
      }
    }
    contacts.keySet().retainAll(now.keySet());
  }

  private void onContactUp(String fp) {
    agreement.onConnected(fp, s);
    Special c = specials.get(fp);
    if (c == null) {
      return;
    }
    c.directSince = -1;
    c.stored = c.stored.seen(s.wall());
    s.emit(new RendezvousEffect.SaveSpecial(c.stored));
    if (c.state != SpecialState.PAUSED) {
      setState(c, SpecialState.DIRECT);
    }
  }

  private boolean connected(Special c) {
    ContactView v = contacts.get(c.stored.fingerprint());
    return v != null && v.connected();
  }

  /** Asks the contacts core to reach {@code c} at its Transport ID; the answer is an up link or a failure. */
  private void tryDirect(Special c) {
    if (connected(c)) {
      setState(c, SpecialState.DIRECT);
      return;
    }
    c.directSince = s.now;
    s.contacts(new ContactEvent.Ping(c.stored.fingerprint()));
    s.schedule(s.now + cfg.directTimeoutMillis(), RendezvousTimer.Kind.DIRECT, 0, c.stored.fingerprint());
  }

  private void directFailed(Special c) {
    c.directSince = -1;
    if (connected(c)) {
      return; // a try begun before the link that is up now (an older Transport ID): the contact is here
    }
    if (c.state == SpecialState.DIRECT) {
      setState(c, SpecialState.SEEKING);
    }
    if (c.state.looking()) {
      s.schedule(s.now + cfg.directRetryMillis(), RendezvousTimer.Kind.RETRY, 0, c.stored.fingerprint());
    }
  }

  private void setState(Special c, SpecialState state) {
    if (c.state != state) {
      c.state = state;
      s.notify(new RendezvousNotification.StateChanged(c.stored.fingerprint(), state));
    }
  }

  // ------------------------------------------------------------------ special or not

  private void onAgreed(IdentityKey key, byte[] secret) {
    String fp = key.fingerprint();
    SpecialContact stored = new SpecialContact(key, secret, s.wall(), s.wall(), false, 0);
    Special c = new Special(stored);
    Special old = specials.put(fp, c);
    if (old != null) {
      holdings.removeContact(fp); // a new secret: the old namespaces are of no use
    }
    s.emit(new RendezvousEffect.SaveSpecial(stored));
    if (!connected(c)) {
      tryDirect(c);
    }
  }

  private void onEnded(String fp, String reason) {
    if (specials.remove(fp) != null) {
      holdings.removeContact(fp);
      s.emit(new RendezvousEffect.DeleteSpecial(fp));
    }
    s.notify(new RendezvousNotification.SpecialChanged(fp, false, reason));
  }

  private void pause(String fp, boolean paused) {
    Special c = specials.get(fp);
    if (c == null) {
      s.notify(new RendezvousNotification.CommandFailed(paused ? "pause" : "resume", "not a special contact"));
      return;
    }
    // Asked or not, the user decided: do not ask again for another pause period.
    c.stored = c.stored.paused(paused, s.wall());
    s.emit(new RendezvousEffect.SaveSpecial(c.stored));
    if (paused) {
      setState(c, SpecialState.PAUSED);
      holdings.removeContact(fp);
    } else if (c.state == SpecialState.PAUSED) {
      c.state = SpecialState.DIRECT;
      s.notify(new RendezvousNotification.StateChanged(fp, SpecialState.DIRECT));
      tryDirect(c);
    }
  }

  // ------------------------------------------------------------------ meetings

  private void onMeetingOpened(RendezvousEvent.MeetingOpened o) {
    String contact = holdings.contactOf(o.namespace());
    Special c = contact == null ? null : specials.get(contact);
    boolean usable = o.reliable() && o.localFingerprint() != null && o.remoteFingerprint() != null
        && o.localFingerprint().length == HandshakeTranscript.FINGERPRINT_BYTES
        && o.remoteFingerprint().length == HandshakeTranscript.FINGERPRINT_BYTES;
    if (c == null || !usable || meetings.size() >= cfg.maxMeetings()) {
      s.emit(new RendezvousEffect.CloseMeeting(o.link()));
      // A link our contact's client would never open (unreliable, no DTLS fingerprints) is refused; having no room
      // (or no longer holding the namespace) says nothing about the peer.
      s.mesh(new MeshEvent.MeetingEnded(o.localId(), o.remoteId(),
          c != null && !usable ? MeetingVerdict.REFUSED : MeetingVerdict.UNPROVEN));
      return;
    }
    byte[] nonce = new byte[HandshakeTranscript.NONCE_BYTES];
    random.nextBytes(nonce);
    Meeting m = new Meeting(o.link(), o.namespace(), contact, c.stored.key(), me, o.inbound(), o.localId(),
        o.remoteId(), o.localFingerprint(), o.remoteFingerprint(), nonce, s.now, s.now + cfg.meetingTimeoutMillis());
    meetings.put(m.link, m);
    holdings.meetingStarted(o.namespace());
    s.emit(new RendezvousEffect.SendMeeting(m.link, m.hello()));
    s.schedule(m.deadline, RendezvousTimer.Kind.MEETING, m.link, null);
  }

  private ContactMessage.Note note(Meeting m) {
    return Notes.write(me, specials.get(m.contact).stored.key(), transportId, s.wall());
  }

  private void onMeetingOutcome(Meeting m, Meeting.Outcome o) {
    if (o instanceof Meeting.Outcome.Continue c) {
      c.reply().ifPresent(r -> s.emit(new RendezvousEffect.SendMeeting(m.link, r)));
    } else if (o instanceof Meeting.Outcome.Failed f) {
      s.notify(new RendezvousNotification.Imposter(m.contact, m.remoteId, f.reason()));
      endMeeting(m);
      s.mesh(new MeshEvent.MeetingEnded(m.localId, m.remoteId, MeetingVerdict.REFUSED));
    } else if (o instanceof Meeting.Outcome.Met met) {
      onMet(m, met.transportId());
    }
  }

  private void onMet(Meeting m, String theirTransportId) {
    // The mesh core is done with this link (it searches again only if we keep the namespace, §13.2.4).
    s.mesh(new MeshEvent.MeetingEnded(m.localId, m.remoteId, MeetingVerdict.MET));
    Special c = specials.get(m.contact);
    if (c == null) {
      return;
    }
    c.stored = c.stored.seen(s.wall());
    s.emit(new RendezvousEffect.SaveSpecial(c.stored));
    s.contacts(new ContactEvent.Relocated(m.contact, theirTransportId));
    s.notify(new RendezvousNotification.Met(m.contact, theirTransportId, !m.inbound));
    if (c.state != SpecialState.PAUSED) {
      setState(c, SpecialState.DIRECT);
    }
    // Every namespace of the pair goes; the one of this link after a grace (which closes the link), so that our note,
    // sent just before theirs came in, is not cut off in the channel's send buffer.
    holdings.met(m.contact, m.label);
  }

  private void endMeeting(Meeting m) {
    if (meetings.remove(m.link) != null) {
      s.emit(new RendezvousEffect.CloseMeeting(m.link));
      holdings.meetingEnded(m.label);
    }
  }

  // ------------------------------------------------------------------ timers

  private void onTimer(RendezvousTimer t) {
    switch (t.kind()) {
      case WINDOW -> windowTimerAt = -1; // reconcile() runs after every step
      case MEETING -> {
        Meeting m = meetings.get(t.link());
        if (m != null && s.now >= m.deadline) {
          if (!m.done()) {
            s.mesh(new MeshEvent.MeetingEnded(m.localId, m.remoteId, MeetingVerdict.UNPROVEN));
          }
          endMeeting(m);
        }
      }
      case LEAVE -> holdings.leaveDue(t.ref());
      case DIRECT -> {
        Special c = specials.get(t.ref());
        if (c != null && c.directSince >= 0 && s.now - c.directSince >= cfg.directTimeoutMillis()) {
          directFailed(c);
        }
      }
      case RETRY -> {
        Special c = specials.get(t.ref());
        if (c != null && c.state.looking() && c.directSince < 0) {
          c.directSince = s.now;
          s.contacts(new ContactEvent.Ping(c.stored.fingerprint()));
          s.schedule(s.now + cfg.directTimeoutMillis(), RendezvousTimer.Kind.DIRECT, 0, c.stored.fingerprint());
        }
      }
      case OFFER -> agreement.onTimer(t.ref(), s);
      default -> throw new IllegalStateException("unknown timer " + t.kind());
    }
  }

  // ------------------------------------------------------------------ which namespaces to hold

  /** After every step: the 30-day prompt, then the namespaces to hold now, then the next window timer. */
  private void reconcile() {
    long wall = s.wall();
    List<Holdings.Want> wants = new ArrayList<>();
    for (Special c : specials.values()) {
      if (!c.state.looking() || !RendezvousNamespace.fits(prefix)) {
        continue;
      }
      long unseen = Math.max(0, wall - c.stored.lastSeen());
      askToPause(c, unseen);
      int level = RendezvousSchedule.level(unseen);
      for (TimeSlot slot : RendezvousSchedule.window(wall, cfg.skewMillis())) {
        if (RendezvousSchedule.eligible(c.phase, slot, level)) {
          wants.add(new Holdings.Want(c.stored.fingerprint(), slot, c.stored.secret(),
              RendezvousNamespace.priority(c.stored.secret(), slot)));
        }
      }
    }
    holdings.hold(wants);
    long next = s.now + (RendezvousSchedule.nextWindowChange(wall, cfg.skewMillis()) - wall);
    if (windowTimerAt != next) {
      windowTimerAt = next;
      s.schedule(next, RendezvousTimer.Kind.WINDOW, 0, null);
    }
  }

  private void askToPause(Special c, long unseen) {
    long asked = c.stored.pauseAskedAt();
    if (unseen > cfg.pauseAfterMillis() && (asked == 0 || s.wall() - asked > cfg.pauseAfterMillis())) {
      c.stored = c.stored.paused(false, s.wall());
      s.emit(new RendezvousEffect.SaveSpecial(c.stored));
      ContactView v = contacts.get(c.stored.fingerprint());
      s.notify(new RendezvousNotification.PauseSuggested(c.stored.fingerprint(), v == null ? "" : v.name(),
          c.stored.lastSeen()));
    }
  }

  private String freshUuid() {
    long hi = random.nextLong();
    long lo = random.nextLong();
    hi = (hi & ~0xF000L) | 0x4000L; // a random (version 4) UUID from the injected generator
    lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  // ------------------------------------------------------------------ what the application may ask

  /** The special contacts as stored now. */
  public List<SpecialContact> specials() {
    return specials.values().stream().map(c -> c.stored).toList();
  }

  /** The rendezvous state of {@code contact}, if it is special. */
  public Optional<SpecialState> state(String contact) {
    return Optional.ofNullable(specials.get(contact)).map(c -> c.state);
  }

  /** The rendezvous namespaces held now: label → namespace ID. */
  public Map<String, String> held() {
    return holdings.held();
  }

  /** True while an offer to {@code contact} waits for its answer. */
  public boolean asking(String contact) {
    return agreement.asking(contact);
  }

  /** True while {@code contact}'s offer waits for our user's answer. */
  public boolean asked(String contact) {
    return agreement.asked(contact);
  }

  /** Rendezvous links proving themselves now. */
  public int meetingsInProgress() {
    return meetings.size();
  }

  /** Nothing here names the secret. */
  @Override
  public String toString() {
    return "RendezvousNode[" + specials.size() + " special, " + holdings.held().size() + " namespaces]";
  }
}
