package io.meshkit.mesh.core;

/**
 * Timings and limits of the mesh protocol in one namespace (docs/PROTOCOL.md §11). Every value is configuration (CLI
 * flags such as {@code --heartbeat}, {@code --ttl}, {@code --jitter}); {@link #defaults()} gives the design documents'
 * values. A rendezvous namespace may use other timings than the local network's (a shorter jitter), so each
 * {@link NamespaceSpec} carries its own.
 *
 * @param heartbeatMillis      member ping period; router eviction check (design documents: 60 s)
 * @param ttlMillis            a member that has heard nothing from its router for this long treats it as lost; the router
 *                             drops a member it has not heard from for this long (design documents: 90 s)
 * @param jitterMillis         upper bound of the random delay before a re-election after an unplanned router loss
 *                             (design documents: 0–3 s); the designated successor waits 0
 * @param cleanJitterMillis    upper bound of the random delay of non-successors after the router announced a clean exit
 * @param handoverDelayMillis  delay before searching after a clean exit, so the leaving router's signaling socket has
 *                             closed (the reference server frees the ID at socket close; measured 88 ms)
 * @param connectTimeoutMillis first timeout of a claim, or of a connect plus check-in (doubles after each miss)
 * @param maxSlots             router slots {@code {prefix}-{ns}-1 .. -maxSlots}
 * @param heldIdMillis         how long a slot whose router vanished is presumed still held on the signaling server
 *                             (peerjs-server {@code alive_timeout}: 60 s CLI default, 90 s library default)
 * @param recheckGraceMillis   how long a router keeps provisional entries (cache, merge) that have not checked in
 * @param pushDelayMillis      the router batches membership changes for this long into one delta
 * @param releaseGraceMillis   after moving to another slot or merging, how long the old slot ID is kept so that the
 *                             {@code moved} notice reaches members before their links close
 * @param maxMembers           registry entries a router accepts and a member accepts in a snapshot
 * @param probeMillis          split-brain probe period of a router above slot 1 (two routers coexist at most about
 *                             this plus a probe)
 * @param admissionMillis      a link accepted on a router slot must check in (or merge) within this, or is closed
 */
public record MeshConfig(
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
    int maxMembers,
    long probeMillis,
    long admissionMillis) {

  /** Largest registry a router serves. */
  public static final int MAX_MEMBERS_LIMIT = 10_000;
  /** Largest number of router slots (slot numbers on the wire go up to 64). */
  public static final int MAX_SLOTS_LIMIT = 64;

  public MeshConfig {
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
    positive(probeMillis, "probeMillis");
    positive(admissionMillis, "admissionMillis");
  }

  /** docs/PROTOCOL.md §11: heartbeat 60 s, TTL 90 s, jitter 0–3 s, alive_timeout presumed 90 s, probe every 5 s. */
  public static MeshConfig defaults() {
    return new MeshConfig(60_000, 90_000, 3_000, 1_000, 250, 3_000, 16, 90_000, 15_000, 100, 2_000, 5_000, 5_000,
        5_000);
  }

  public MeshConfig withHeartbeatMillis(long v) {
    return new MeshConfig(v, ttlMillis, jitterMillis, cleanJitterMillis, handoverDelayMillis, connectTimeoutMillis,
        maxSlots, heldIdMillis, recheckGraceMillis, pushDelayMillis, releaseGraceMillis, maxMembers, probeMillis,
        admissionMillis);
  }

  public MeshConfig withTtlMillis(long v) {
    return new MeshConfig(heartbeatMillis, v, jitterMillis, cleanJitterMillis, handoverDelayMillis,
        connectTimeoutMillis, maxSlots, heldIdMillis, recheckGraceMillis, pushDelayMillis, releaseGraceMillis,
        maxMembers, probeMillis, admissionMillis);
  }

  public MeshConfig withJitterMillis(long v) {
    return new MeshConfig(heartbeatMillis, ttlMillis, v, cleanJitterMillis, handoverDelayMillis, connectTimeoutMillis,
        maxSlots, heldIdMillis, recheckGraceMillis, pushDelayMillis, releaseGraceMillis, maxMembers, probeMillis,
        admissionMillis);
  }

  public MeshConfig withConnectTimeoutMillis(long v) {
    return new MeshConfig(heartbeatMillis, ttlMillis, jitterMillis, cleanJitterMillis, handoverDelayMillis, v,
        maxSlots, heldIdMillis, recheckGraceMillis, pushDelayMillis, releaseGraceMillis, maxMembers, probeMillis,
        admissionMillis);
  }

  public MeshConfig withHeldIdMillis(long v) {
    return new MeshConfig(heartbeatMillis, ttlMillis, jitterMillis, cleanJitterMillis, handoverDelayMillis,
        connectTimeoutMillis, maxSlots, v, recheckGraceMillis, pushDelayMillis, releaseGraceMillis, maxMembers,
        probeMillis, admissionMillis);
  }

  public MeshConfig withMaxSlots(int v) {
    return new MeshConfig(heartbeatMillis, ttlMillis, jitterMillis, cleanJitterMillis, handoverDelayMillis,
        connectTimeoutMillis, v, heldIdMillis, recheckGraceMillis, pushDelayMillis, releaseGraceMillis, maxMembers,
        probeMillis, admissionMillis);
  }

  public MeshConfig withMaxMembers(int v) {
    return new MeshConfig(heartbeatMillis, ttlMillis, jitterMillis, cleanJitterMillis, handoverDelayMillis,
        connectTimeoutMillis, maxSlots, heldIdMillis, recheckGraceMillis, pushDelayMillis, releaseGraceMillis, v,
        probeMillis, admissionMillis);
  }

  public MeshConfig withProbeMillis(long v) {
    return new MeshConfig(heartbeatMillis, ttlMillis, jitterMillis, cleanJitterMillis, handoverDelayMillis,
        connectTimeoutMillis, maxSlots, heldIdMillis, recheckGraceMillis, pushDelayMillis, releaseGraceMillis,
        maxMembers, v, admissionMillis);
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
