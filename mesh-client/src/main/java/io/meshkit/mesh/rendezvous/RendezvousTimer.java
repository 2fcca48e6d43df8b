package io.meshkit.mesh.rendezvous;

/**
 * A timer of the rendezvous core; timers are never cancelled: a stale one finds nothing to do.
 *
 * @param kind    what is due
 * @param link    the rendezvous link it concerns (0 if none)
 * @param ref     the contact's fingerprint or the namespace label it concerns (null if none)
 */
public record RendezvousTimer(Kind kind, long link, String ref) {
  /** What a timer checks. */
  public enum Kind {
    /** The set of slots to hold changes (a slot boundary is within half the skew). */
    WINDOW,
    /** A rendezvous link must have met by now. */
    MEETING,
    /** A met namespace may be left now ({@code ref} = its label). */
    LEAVE,
    /** A direct attempt to a contact must have succeeded by now ({@code ref} = the contact). */
    DIRECT,
    /** Time to try a sought contact's Transport ID directly again ({@code ref} = the contact). */
    RETRY,
    /** An offer to become special contacts has waited long enough ({@code ref} = the contact). */
    OFFER
  }
}
