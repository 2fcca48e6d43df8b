package io.meshkit.mesh.core;

/**
 * Opaque timer handle. The adapter hands it back unchanged in {@link MeshEvent.Timer}; the node ignores keys it has
 * superseded, so timers are never cancelled.
 */
public record TimerKey(Kind kind, long generation, String ref) {

  /** What a timer is for. */
  public enum Kind {
    /** Jitter elapsed: start searching for a router. */
    ELECTION,
    /** Search: the claim of a slot, or the connect to / check-in at it, took too long. */
    SEARCH_TIMEOUT,
    /** Router: a split-brain probe (claim, or connect and check-in) of a lower slot took too long. */
    PROBE_TIMEOUT,
    /** Router heartbeat (ping, expiry, probe of lower slots). */
    HEARTBEAT,
    /** Member: has the router been silent for the TTL? */
    ROUTER_SILENCE,
    /** Router: push the batched membership changes. */
    PUSH,
    /** Router: drop imported members that did not re-check in. */
    RECHECK_GRACE,
    /** Router: release an old slot after moving ({@code ref} = the slot ID). */
    RELEASE_SLOT,
    /** Search: every slot was tried, or a claim went unanswered; try again. */
    RETRY,
    /** Our Discovery ID was taken (our own crashed process may still hold it): claim it again. */
    DISCOVERY_RETRY,
    /** Router above slot 1: a lower slot's hold should have expired; probe now rather than at the next heartbeat. */
    PROBE
  }
}
