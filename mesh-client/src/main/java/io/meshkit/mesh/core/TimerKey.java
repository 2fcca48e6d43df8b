package io.meshkit.mesh.core;

/**
 * Opaque timer handle. The adapter hands it back unchanged in {@link MeshEvent.Timer}; the node ignores keys it has
 * superseded, and keys of a namespace it no longer hosts, so timers are never cancelled.
 *
 * @param unit       which namespace instance scheduled it (a replaced namespace's timers never reach its successor)
 * @param kind       what it is for
 * @param generation supersedes older timers of the same kind
 * @param ref        an ID it concerns, or null
 */
public record TimerKey(long unit, Kind kind, long generation, String ref) {

  /** What a timer is for. */
  public enum Kind {
    /** Our Discovery ID was taken (our own crashed process may still hold it): claim it again. */
    DISCOVERY_RETRY,
    /** Jitter elapsed: start searching for a router. */
    ELECTION,
    /** A slot attempt (claim, or connect and check-in/merge) took too long ({@code ref} = the slot ID). */
    ATTEMPT,
    /** Search: every slot was skipped, or a claim went unanswered; search again. */
    RETRY,
    /** Member: send the periodic ping to the router. */
    MEMBER_PING,
    /** Member: has the router been silent for the TTL? */
    ROUTER_SILENCE,
    /** Router: push the batched changes. */
    PUSH,
    /** Router: heartbeat (eviction, pings). */
    HEARTBEAT,
    /** Router: drop provisional entries that did not check in. */
    RECHECK_GRACE,
    /** Router: close links that did not check in within the admission time. */
    ADMISSION,
    /** Router above slot 1: start a split-brain probe round. */
    PROBE,
    /** Release a slot kept after a move or merge ({@code ref} = the slot ID). */
    RELEASE_SLOT,
    /** Meeting namespace: a handed-off link must have proved itself by now ({@code ref} = the remote ID). */
    MEETING
  }
}
