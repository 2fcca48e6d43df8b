package io.meshkit.mesh.runtime;

import io.meshkit.mesh.core.wire.MeshMessage;

/**
 * What the runtime needs from PeerJS (docs/PROTOCOL.md §3): one claim per ID (a signaling connection), and data links
 * opened from or accepted on a claim. Every listener call happens on the {@link EventLoop}. The real implementation is
 * {@link PeerJsSignaling}; tests use an in-memory one.
 */
public interface SignalingPort {

  /** Claims {@code id}: opens a signaling connection for it. Answers come to {@code listener}. */
  Claim claim(String id, ClaimListener listener);

  /** One claimed (or being claimed) ID. */
  interface Claim {
    /** True while the server holds the ID for us. */
    boolean isOpen();

    /** Opens a data link from this ID to {@code remoteId}. */
    Link connect(String remoteId, LinkListener listener);

    /** Releases the ID and closes its links; no more listener calls for it or them. */
    void close();
  }

  /** Answers about a claim. */
  interface ClaimListener {
    /** The server holds the ID for us (PeerJS {@code open}). */
    void onClaimed();

    /** The ID is held by someone else ({@code ID-TAKEN}). */
    void onTaken();

    /** The claim ended for good for another reason (server error, reconnect gave up). */
    void onLost(String reason);

    /**
     * Someone opened a link to this ID; the returned listener hears its events (set before any of them is delivered).
     */
    LinkListener onInbound(String remoteId, Link link);
  }

  /** One data link. */
  interface Link {
    /** Sends one message in the link's serialization (PeerJS {@code json} text or a BinaryPack value). */
    void send(MeshMessage message);

    /**
     * Sends one message of another protocol on the link (a contact-link message, docs/PROTOCOL.md §13.1) given as a
     * JSON tree, in the link's serialization.
     */
    default void sendTree(java.util.Map<String, Object> tree) {
      throw new UnsupportedOperationException("this link carries mesh messages only");
    }

    /**
     * The SHA-256 DTLS certificate fingerprints of this connection as our local and the remote SDP give them
     * ({@code [local, remote]}, 32 bytes each; an entry is null if its SDP has none). Read once the link is open.
     */
    default byte[][] dtlsFingerprints() {
      return new byte[][] {null, null};
    }

    /** Whether the link is reliable and ordered (PeerJS {@code reliable}). */
    default boolean reliable() {
      return true;
    }

    /** Closes the link; no more listener calls. */
    void close();
  }

  /** Events of one link. */
  interface LinkListener {
    void onOpen();

    /** A decoded value arrived (a JSON tree: maps, lists, strings, numbers), within the adapter's size limits. */
    void onMessage(Object value);

    /** The link closed, or ICE reported it lost. */
    void onClosed();
  }
}
