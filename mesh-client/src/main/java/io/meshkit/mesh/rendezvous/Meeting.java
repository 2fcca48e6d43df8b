package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.contacts.ContactMessage;
import io.meshkit.mesh.contacts.Handshake;
import io.meshkit.mesh.core.TokenBucket;
import io.meshkit.mesh.identity.HandshakeTranscript.Role;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.identity.IdentityKey;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One rendezvous link (docs/PROTOCOL.md §13.2.5) as a pure state machine: the identity handshake of §13.1.3 over the
 * link's own IDs and DTLS fingerprints, then one {@code note} each way. It meets only the contact whose namespace the
 * link belongs to: any other key, a proof that does not verify, a note that is not the contact's for us, or any other
 * message is a failure, and nothing from such a link is believed.
 */
final class Meeting {
  /** What a received message did. */
  sealed interface Outcome {
    /** Send {@code reply} if present, go on. */
    record Continue(Optional<ContactMessage> reply) implements Outcome {}

    /** The peer proved to be the contact and told its Transport ID in a valid note. */
    record Met(String transportId) implements Outcome {}

    /** Not the contact (or not in time, or not by the rules): close the link. {@code imposter}: it showed another key. */
    record Failed(String reason, boolean imposter) implements Outcome {}
  }

  private enum Stage { HANDSHAKE, NOTES, DONE }

  /** Per-link message rate, as on contact links. */
  private static final int RATE_BURST = 16;
  private static final long RATE_INTERVAL_MILLIS = 50;

  final long link;
  final String label;
  final String contact;
  final String localId;
  final String remoteId;
  final boolean inbound;
  final long deadline;
  private final IdentityKey expected;
  private final Identity me;
  private final Handshake handshake;
  private final TokenBucket rate;
  private Stage stage = Stage.HANDSHAKE;

  Meeting(long link, String label, String contact, IdentityKey expected, Identity me, boolean inbound, String localId,
          String remoteId, byte[] localFingerprint, byte[] remoteFingerprint, byte[] nonce, long now, long deadline) {
    this.link = link;
    this.label = label;
    this.contact = contact;
    this.expected = expected;
    this.me = me;
    this.inbound = inbound;
    this.localId = localId;
    this.remoteId = remoteId;
    this.deadline = deadline;
    this.rate = new TokenBucket(RATE_BURST, RATE_INTERVAL_MILLIS, now);
    this.handshake = new Handshake(me, inbound ? Role.RESPONDER : Role.INITIATOR, localId, remoteId, localFingerprint,
        remoteFingerprint, nonce);
  }

  /** Our first message. */
  ContactMessage hello() {
    return handshake.hello();
  }

  boolean done() {
    return stage == Stage.DONE;
  }

  /**
   * Feeds one received message; {@code ourNote} writes our note when the peer has proved to be the contact (it is the
   * reply then).
   */
  Outcome onMessage(ContactMessage m, long now, Supplier<ContactMessage.Note> ourNote) {
    if (stage == Stage.DONE) {
      return new Outcome.Continue(Optional.empty());
    }
    if (!rate.take(now)) {
      return fail("too many messages", false);
    }
    if (stage == Stage.HANDSHAKE) {
      Handshake.Outcome o = handshake.onMessage(m);
      if (o instanceof Handshake.Outcome.Continue c) {
        return new Outcome.Continue(c.reply());
      }
      if (o instanceof Handshake.Outcome.Failed f) {
        boolean otherKey = f.peer() != null && !f.peer().equals(expected);
        return fail(otherKey ? "another key" : f.reason(), otherKey);
      }
      IdentityKey peer = ((Handshake.Outcome.Authenticated) o).peer();
      if (!peer.equals(expected)) {
        return fail("another key", true);
      }
      stage = Stage.NOTES;
      return new Outcome.Continue(Optional.of(ourNote.get()));
    }
    if (!(m instanceof ContactMessage.Note n)) {
      return fail("expected a note", false);
    }
    if (!Notes.verify(n, expected, me.publicKey())) {
      return fail("the note is not the contact's for us", false);
    }
    stage = Stage.DONE;
    return new Outcome.Met(n.transportId());
  }

  /** The peer sent something that was not a valid message. */
  Outcome onInvalid(long now) {
    if (stage == Stage.DONE) {
      return new Outcome.Continue(Optional.empty());
    }
    if (!rate.take(now)) {
      return fail("too many messages", false);
    }
    return stage == Stage.HANDSHAKE ? fail("invalid message in the handshake", false)
        : new Outcome.Continue(Optional.empty());
  }

  private Outcome fail(String reason, boolean imposter) {
    stage = Stage.DONE;
    return new Outcome.Failed(reason, imposter);
  }
}
