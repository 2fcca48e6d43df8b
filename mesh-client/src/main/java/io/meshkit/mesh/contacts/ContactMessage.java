package io.meshkit.mesh.contacts;

import io.meshkit.mesh.core.wire.FriendlyName;
import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.PeerJsId;
import io.meshkit.mesh.identity.HandshakeTranscript;
import io.meshkit.mesh.identity.IdentityKey;

/**
 * The messages of a contact link (docs/PROTOCOL.md §13.1), one record each, decoded once at the edge by
 * {@link ContactWire#fromTree}. Compact constructors validate, so an invalid message never exists.
 */
public sealed interface ContactMessage {

  /** First message of each side: its identity key and a fresh nonce. */
  record Hello(IdentityKey key, byte[] nonce) implements ContactMessage {
    public Hello {
      if (key == null || nonce == null || nonce.length != HandshakeTranscript.NONCE_BYTES) {
        throw new IllegalArgumentException("hello needs a key and a 32-byte nonce");
      }
      nonce = nonce.clone();
    }
  }

  /** Second message of each side: its signature of the transcript (64 bytes, P1363). */
  record Proof(byte[] signature) implements ContactMessage {
    public Proof {
      if (signature == null || signature.length != IdentityKey.SIGNATURE_BYTES) {
        throw new IllegalArgumentException("signature must be 64 bytes");
      }
      signature = signature.clone();
    }
  }

  /** A stranger asks to become a contact. */
  record Request(String friendlyName) implements ContactMessage {
    public Request {
      FriendlyName.of(friendlyName);
    }
  }

  /** The answer yes, with where the accepting side can be reached. */
  record Accepted(String friendlyName, String transportId, String discoveryUuid) implements ContactMessage {
    public Accepted {
      requireAddress(friendlyName, transportId, discoveryUuid);
    }
  }

  /** The answer no (or no answer in time); the link closes after it. */
  record Rejected() implements ContactMessage {}

  /** The requester's side of the agreement, with where it can be reached. */
  record Confirm(String friendlyName, String transportId, String discoveryUuid) implements ContactMessage {
    public Confirm {
      requireAddress(friendlyName, transportId, discoveryUuid);
    }
  }

  /** Between contacts, after the handshake and whenever it changes: my name and where I am now. */
  record Presence(String friendlyName, String transportId, String discoveryUuid) implements ContactMessage {
    public Presence {
      requireAddress(friendlyName, transportId, discoveryUuid);
    }
  }

  /**
   * A chat message.
   *
   * @param id   the sender's ID of the message ({@link ChatText#requireId})
   * @param seq  1, 2, 3 … per sender and receiver: the receiver stores a message only if {@code seq} is above the
   *             highest it stored from this sender, so a resent message is shown once
   * @param sent the sender's wall clock when the user sent it (Unix ms)
   * @param text {@link ChatText} rules
   */
  record Chat(String id, long seq, long sent, String text) implements ContactMessage {
    public Chat {
      ChatText.requireId(id);
      ChatText.requireSeq(seq);
      ChatText.requireTime(sent);
      ChatText.require(text);
    }
  }

  /** The receiver stored chat message {@code id}/{@code seq} durably (or had it already). */
  record Ack(String id, long seq) implements ContactMessage {
    public Ack {
      ChatText.requireId(id);
      ChatText.requireSeq(seq);
    }
  }

  /**
   * Special contacts (docs/PROTOCOL.md §13.2.6): "let us be special contacts", with 32 fresh random bytes that go into
   * the shared secret.
   */
  record SpecialOffer(byte[] contribution) implements ContactMessage {
    public SpecialOffer {
      contribution = bytes(contribution, SPECIAL_CONTRIBUTION_BYTES, "contribution");
    }

    @Override
    public byte[] contribution() {
      return contribution.clone();
    }
  }

  /** The answer yes to a {@link SpecialOffer}, with the answering side's 32 random bytes. */
  record SpecialAccept(byte[] contribution) implements ContactMessage {
    public SpecialAccept {
      contribution = bytes(contribution, SPECIAL_CONTRIBUTION_BYTES, "contribution");
    }

    @Override
    public byte[] contribution() {
      return contribution.clone();
    }
  }

  /** The answer no to a {@link SpecialOffer}, or the end of being special contacts (either side, any time). */
  record SpecialEnd() implements ContactMessage {}

  /** "I hold a secret for you whose check is this" (16 bytes): lets the other side find out whether it holds the same. */
  record SpecialCheck(byte[] check) implements ContactMessage {
    public SpecialCheck {
      check = bytes(check, SPECIAL_CHECK_BYTES, "check");
    }

    @Override
    public byte[] check() {
      return check.clone();
    }
  }

  /**
   * On a rendezvous link (docs/PROTOCOL.md §13.2.5): the sender's current Transport ID, signed by its identity key for
   * the recipient at time {@code issued}.
   */
  record Note(String transportId, long issued, byte[] signature) implements ContactMessage {
    public Note {
      PeerJsId.require(transportId, "transportID");
      if (issued < 0) {
        throw new IllegalArgumentException("issued must be >= 0");
      }
      signature = bytes(signature, IdentityKey.SIGNATURE_BYTES, "signature");
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }
  }

  /** Bytes of a {@link SpecialOffer} or {@link SpecialAccept} contribution. */
  int SPECIAL_CONTRIBUTION_BYTES = 32;
  /** Bytes of a {@link SpecialCheck}. */
  int SPECIAL_CHECK_BYTES = 16;

  private static byte[] bytes(byte[] b, int n, String what) {
    if (b == null || b.length != n) {
      throw new IllegalArgumentException(what + " must be " + n + " bytes");
    }
    return b.clone();
  }

  private static void requireAddress(String friendlyName, String transportId, String discoveryUuid) {
    FriendlyName.of(friendlyName);
    PeerJsId.require(transportId, "transportID");
    Member.requireUuid(discoveryUuid);
  }
}
