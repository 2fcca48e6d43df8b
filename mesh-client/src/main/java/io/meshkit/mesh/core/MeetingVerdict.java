package io.meshkit.mesh.core;

/** How a meeting on a handed-off link ended (docs/PROTOCOL.md §13.2.4), as the application tells it. */
public enum MeetingVerdict {
  /** The peer proved to be the one looked for, and the meeting is over. */
  MET,
  /**
   * The peer proved to be someone else (another key, a proof or note that does not verify, a message out of the rules):
   * its slot is shunned for the namespace's life.
   */
  REFUSED,
  /**
   * No verdict: the link closed, or did not prove itself within the meeting timeout, or the application could not take
   * it. Says nothing about who holds the slot, so it is only marked like an unanswered connect (§6.2).
   */
  UNPROVEN
}
