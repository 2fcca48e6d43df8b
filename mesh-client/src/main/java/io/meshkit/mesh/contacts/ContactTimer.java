package io.meshkit.mesh.contacts;

/**
 * A timer of the contacts core: {@link ContactEffect.ScheduleAt} asks for it, {@link ContactEvent.Timer} delivers it.
 * Timers are never cancelled: a stale one finds nothing to do.
 *
 * @param kind    what is due
 * @param link    the link it concerns (0 if none)
 * @param contact the contact's fingerprint it concerns (null if none)
 */
public record ContactTimer(Kind kind, long link, String contact) {
  /** What a timer checks. */
  public enum Kind {
    /** The link must be open by now. */
    CONNECT,
    /** The handshake (or the step after it: a request, a confirm) must be done by now. */
    HANDSHAKE,
    /** A request must be answered by now. */
    REQUEST,
    /** Time to try reaching a contact again. */
    RETRY,
    /** The oldest message in flight must be acknowledged by now. */
    ACK
  }
}
