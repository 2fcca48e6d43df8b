package io.meshkit.mesh.contacts;

/**
 * Timings and bounds of the contacts core (docs/PROTOCOL.md §13.1.7). Every bound exists because a peer could
 * otherwise make us hold more.
 *
 * @param connectTimeoutMillis   a contact link must open within this (WebRTC through two NATs: seconds on a busy host)
 * @param handshakeTimeoutMillis after opening, hello and proof must be done within this; so must a stranger's
 *                               {@code request} after it, and the {@code confirm} after our {@code accepted}
 * @param requestTimeoutMillis   how long a request waits for the user's answer (the requester waits this plus a
 *                               handshake timeout)
 * @param retryMinMillis         first delay before trying an unreachable contact again; doubles on each failure
 * @param retryMaxMillis         the longest such delay
 * @param ackTimeoutMillis       a link whose oldest message in flight is not acknowledged within this is closed
 * @param window                 most chat messages in flight on a link
 * @param maxLinks               most contact links open at once (further incoming links are closed at once)
 * @param maxPendingRequests     most requests waiting for the user at once (further ones are rejected)
 * @param maxContacts            most contacts stored
 * @param maxOutbox              most queued (unacknowledged) messages per contact
 * @param maxConnecting          most outgoing connects in progress at once
 * @param announceWithinMillis   at start and when our Transport ID changes, contacts seen within this are pinged
 */
public record ContactsConfig(long connectTimeoutMillis, long handshakeTimeoutMillis, long requestTimeoutMillis,
                             long retryMinMillis, long retryMaxMillis, long ackTimeoutMillis, int window,
                             int maxLinks, int maxPendingRequests, int maxContacts, int maxOutbox,
                             int maxConnecting, long announceWithinMillis) {
  public ContactsConfig {
    if (connectTimeoutMillis < 1 || handshakeTimeoutMillis < 1 || requestTimeoutMillis < 1 || retryMinMillis < 1
        || retryMaxMillis < retryMinMillis || ackTimeoutMillis < 1 || window < 1 || maxLinks < 1
        || maxPendingRequests < 1 || maxContacts < 1 || maxOutbox < 1 || maxConnecting < 1
        || announceWithinMillis < 0) {
      throw new IllegalArgumentException("bad contacts configuration");
    }
  }

  /** The defaults (§13.1.7). */
  public static ContactsConfig defaults() {
    return new ContactsConfig(20_000, 10_000, 120_000, 2_000, 60_000, 20_000, 32, 64, 16, 1_000, 1_000, 4,
        30L * 24 * 3600 * 1000);
  }
}
