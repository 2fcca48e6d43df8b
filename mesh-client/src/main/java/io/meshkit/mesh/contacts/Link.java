package io.meshkit.mesh.contacts;

import io.meshkit.mesh.core.TokenBucket;
import io.meshkit.mesh.identity.IdentityKey;

/** One contact link and where it is in its life. Owned by {@link ContactNode}. */
final class Link {
  /** What the link is for and how far it got. */
  enum Phase {
    /** Outgoing, not open yet. */
    CONNECTING,
    /** Open; hello and proof under way. */
    HANDSHAKE,
    /** Incoming from a stranger, authenticated: its {@code request} must come next. */
    AWAIT_REQUEST,
    /** A stranger's request waits for the user. */
    PROMPT,
    /** We accepted; the stranger's {@code confirm} must come next. */
    AWAIT_CONFIRM,
    /** We asked a stranger; its {@code accepted} or {@code rejected} must come next. */
    REQUEST_SENT,
    /** Authenticated link to a contact: presence and chat. */
    CONTACT,
    /**
     * We sent {@code rejected}: the requester closes when it reads it, and we close after a handshake timeout if it
     * does not (closing at once could drop the message in the channel's send buffer).
     */
    CLOSING
  }

  /** Why we opened it (outgoing links only). */
  enum Purpose { INBOUND, REQUEST, PING }

  /** Per-link message rate: 100 at once, then 20 per second (as the mesh router's admission, PROTOCOL.md §8.2). */
  static final int RATE_BURST = 100;
  static final long RATE_INTERVAL_MILLIS = 50;

  final long id;
  final String localId;
  final String remoteId;
  final boolean inbound;
  final Purpose purpose;
  /** For {@link Purpose#PING}: the contact we expect at the other end. */
  final String expected;
  final TokenBucket rate;
  Phase phase;
  Handshake handshake;
  IdentityKey peer;
  /** When we asked for it (outgoing) or heard of it (incoming), and when it opened (step clock). */
  final long createdAt;
  long openedAt;
  /** The name a stranger gave in its request. */
  String requestName;
  /** It answered for the contact with another key: reported as an impostor, not as unreachable. */
  boolean imposter;

  Link(long id, String localId, String remoteId, boolean inbound, Purpose purpose, String expected, long now) {
    this.id = id;
    this.localId = localId;
    this.remoteId = remoteId;
    this.inbound = inbound;
    this.purpose = purpose;
    this.expected = expected;
    this.rate = new TokenBucket(RATE_BURST, RATE_INTERVAL_MILLIS, now);
    this.createdAt = now;
    this.phase = inbound ? Phase.HANDSHAKE : Phase.CONNECTING;
  }
}
