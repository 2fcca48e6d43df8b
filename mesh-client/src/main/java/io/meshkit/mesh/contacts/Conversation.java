package io.meshkit.mesh.contacts;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the core holds per contact while it runs: its authenticated links, the outbox (queued messages not yet
 * acknowledged, in sequence order) and the retry schedule. Owned by {@link ContactNode}.
 */
final class Conversation {
  /** Authenticated links to the contact, oldest first; the first is the one messages go on. */
  final List<Long> links = new ArrayList<>();
  /** Queued messages, lowest sequence number first. */
  final Deque<ChatMessage> outbox = new ArrayDeque<>();
  /** An outgoing connect (ping) in progress, or 0. */
  long connecting;
  /** Not before this (step clock) is the contact tried again. */
  long retryAt;
  /** Current back-off delay; 0 until the first failure. */
  long retryDelay;
  /**
   * A ping was asked for (by the user, at start, or after our Transport ID changed) and has tries left: it is retried
   * with the back-off until it gets through or {@link #PING_TRIES} tries failed.
   */
  boolean pingWanted;
  int pingTriesLeft;
  static final int PING_TRIES = 3;
  /** The highest sequence number sent on the current link (messages above it go out next). */
  long sentUpTo;
  /** When the current link last made progress (a send into an empty window, or an acknowledgement). */
  long progressAt;
  /** An ACK timer is pending. */
  boolean ackTimerSet;

  long current() {
    return links.isEmpty() ? 0 : links.get(0);
  }

  /** Messages sent on the current link and not acknowledged yet. */
  int inFlight() {
    int n = 0;
    for (ChatMessage m : outbox) {
      if (m.seq() <= sentUpTo) {
        n++;
      }
    }
    return n;
  }
}
