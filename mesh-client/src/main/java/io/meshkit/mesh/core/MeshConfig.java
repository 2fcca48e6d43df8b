package io.meshkit.mesh.core;

/**
 * Timings and limits of the mesh protocol. Every value is configuration (CLI flags such as
 * {@code --heartbeat}, {@code --ttl}, {@code --jitter}); {@link #defaults(String)} gives the design documents' values.
 *
 * @param prefix               ID prefix of the application ({@code {prefix}-{uuid}}, {@code {prefix}-{ns}-1});
 *                             a valid PeerJS ID part
 * @param heartbeatMillis      router heartbeat period (seed design: 60 s); also the period of the split-brain probe
 *                             of lower router slots, so two routers merge within one heartbeat
 * @param ttlMillis            a member that has heard nothing from its router for this long treats it as lost; the router
 *                             drops a member it has not heard from for this long (seed design: 90 s)
 * @param jitterMillis         upper bound of the random delay before a re-election after an unplanned router loss
 *                             (seed design: 0–3 s); the designated successor waits 0
 * @param cleanJitterMillis    upper bound of the random delay of non-successors after the router announced a clean exit
 * @param handoverDelayMillis  delay before the designated successor claims after a clean exit, so that the leaving
 *                             router's signaling socket has closed (the reference server frees the ID at socket close;
 *                             measured 88 ms)
 * @param connectTimeoutMillis how long to wait for a data connection to a router slot to open and answer the check-in;
 *                             a held ID of a silently dead router never answers, so this bounds each probe
 * @param maxSlots             number of router slots {@code {prefix}-{ns}-1 .. -maxSlots}; a silently dead router's slot
 *                             stays held up to {@code alive_timeout}, the next slot is used meanwhile
 * @param heldIdMillis         how long a slot whose router vanished is presumed still held on the signaling server
 *                             (peerjs-server {@code alive_timeout}: 60 s CLI default, 90 s library default)
 * @param recheckGraceMillis   how long a new router keeps imported (cached) members that have not re-checked in
 * @param pushDelayMillis      the router batches membership changes for this long into one delta
 * @param releaseGraceMillis   after moving to another slot, how long the old slot ID is kept so that the
 *                             {@code Moved} notice reaches members before their link closes
 * @param maxMembers           limit of registry entries a router accepts and a member accepts in a snapshot
 */
public record MeshConfig(
    String prefix,
    long heartbeatMillis,
    long ttlMillis,
    long jitterMillis,
    long cleanJitterMillis,
    long handoverDelayMillis,
    long connectTimeoutMillis,
    int maxSlots,
    long heldIdMillis,
    long recheckGraceMillis,
    long pushDelayMillis,
    long releaseGraceMillis,
    int maxMembers) {

  /** Largest registry a router serves; a snapshot of this many members stays under about 1 MB of JSON. */
  public static final int MAX_MEMBERS_LIMIT = 10_000;
  /** Largest number of router slots. */
  public static final int MAX_SLOTS_LIMIT = 64;

  public MeshConfig {
    MeshIds.requireIdPart(prefix, "prefix");
    positive(heartbeatMillis, "heartbeatMillis");
    positive(ttlMillis, "ttlMillis");
    nonNegative(jitterMillis, "jitterMillis");
    nonNegative(cleanJitterMillis, "cleanJitterMillis");
    nonNegative(handoverDelayMillis, "handoverDelayMillis");
    positive(connectTimeoutMillis, "connectTimeoutMillis");
    if (maxSlots < 2 || maxSlots > MAX_SLOTS_LIMIT) {
      throw new IllegalArgumentException("maxSlots must be in 2.." + MAX_SLOTS_LIMIT + ": " + maxSlots);
    }
    positive(heldIdMillis, "heldIdMillis");
    positive(recheckGraceMillis, "recheckGraceMillis");
    nonNegative(pushDelayMillis, "pushDelayMillis");
    nonNegative(releaseGraceMillis, "releaseGraceMillis");
    if (maxMembers < 1 || maxMembers > MAX_MEMBERS_LIMIT) {
      throw new IllegalArgumentException("maxMembers must be in 1.." + MAX_MEMBERS_LIMIT + ": " + maxMembers);
    }
  }

  /** The design documents' timings: heartbeat 60 s, TTL 90 s, jitter 0–3 s, alive_timeout presumed 90 s. */
  public static MeshConfig defaults(String prefix) {
    return new MeshConfig(prefix, 60_000, 90_000, 3_000, 1_000, 250, 3_000, 16, 90_000, 15_000, 100, 2_000, 5_000);
  }

  public MeshConfig withHeartbeatMillis(long v) {
    return new MeshConfig(prefix, v, ttlMillis, jitterMillis, cleanJitterMillis, handoverDelayMillis,
        connectTimeoutMillis, maxSlots, heldIdMillis, recheckGraceMillis, pushDelayMillis, releaseGraceMillis, maxMembers);
  }

  public MeshConfig withTtlMillis(long v) {
    return new MeshConfig(prefix, heartbeatMillis, v, jitterMillis, cleanJitterMillis, handoverDelayMillis,
        connectTimeoutMillis, maxSlots, heldIdMillis, recheckGraceMillis, pushDelayMillis, releaseGraceMillis, maxMembers);
  }

  public MeshConfig withJitterMillis(long v) {
    return new MeshConfig(prefix, heartbeatMillis, ttlMillis, v, cleanJitterMillis, handoverDelayMillis,
        connectTimeoutMillis, maxSlots, heldIdMillis, recheckGraceMillis, pushDelayMillis, releaseGraceMillis, maxMembers);
  }

  public MeshConfig withConnectTimeoutMillis(long v) {
    return new MeshConfig(prefix, heartbeatMillis, ttlMillis, jitterMillis, cleanJitterMillis, handoverDelayMillis,
        v, maxSlots, heldIdMillis, recheckGraceMillis, pushDelayMillis, releaseGraceMillis, maxMembers);
  }

  public MeshConfig withHeldIdMillis(long v) {
    return new MeshConfig(prefix, heartbeatMillis, ttlMillis, jitterMillis, cleanJitterMillis, handoverDelayMillis,
        connectTimeoutMillis, maxSlots, v, recheckGraceMillis, pushDelayMillis, releaseGraceMillis, maxMembers);
  }

  public MeshConfig withMaxSlots(int v) {
    return new MeshConfig(prefix, heartbeatMillis, ttlMillis, jitterMillis, cleanJitterMillis, handoverDelayMillis,
        connectTimeoutMillis, v, heldIdMillis, recheckGraceMillis, pushDelayMillis, releaseGraceMillis, maxMembers);
  }

  private static void positive(long v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0: " + v);
    }
  }

  private static void nonNegative(long v, String name) {
    if (v < 0) {
      throw new IllegalArgumentException(name + " must be >= 0: " + v);
    }
  }
}
