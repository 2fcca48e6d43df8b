package io.meshkit.mesh.sim;

import io.meshkit.mesh.core.MeshConfig;

/**
 * The simulated world: latencies, loss and the PeerJS server's timings (FACTS.md).
 *
 * @param mesh                the nodes' configuration
 * @param seed                seeds every random choice of the run (network and nodes)
 * @param latencyMinMillis    one-way data-channel latency, lower bound
 * @param latencyMaxMillis    one-way data-channel latency, upper bound
 * @param signalingMillis     one-way latency to the signaling server
 * @param loss                probability that a data message is lost (0 for a reliable SCTP channel)
 * @param aliveTimeoutMillis  how long the server keeps a silently dead client's ID (peerjs-server {@code alive_timeout})
 * @param expireTimeoutMillis delay of EXPIRE for an offer to an unknown ID (peerjs-server {@code expire_timeout})
 * @param iceDisconnectMillis delay until ICE reports {@code disconnected} after the remote vanished (measured ~5 s)
 */
public record SimConfig(
    MeshConfig mesh,
    long seed,
    long latencyMinMillis,
    long latencyMaxMillis,
    long signalingMillis,
    double loss,
    long aliveTimeoutMillis,
    long expireTimeoutMillis,
    long iceDisconnectMillis) {

  public SimConfig {
    if (latencyMinMillis < 0 || latencyMaxMillis < latencyMinMillis || signalingMillis < 0) {
      throw new IllegalArgumentException("bad latencies");
    }
    if (loss < 0 || loss >= 1) {
      throw new IllegalArgumentException("loss must be in [0,1)");
    }
  }

  /** Default world: 5–30 ms links, 20 ms to the server, no loss, alive_timeout 90 s, EXPIRE 5 s, ICE 5 s. */
  public static SimConfig defaults(long seed) {
    return new SimConfig(MeshConfig.defaults("app"), seed, 5, 30, 20, 0.0, 90_000, 5_000, 5_000);
  }

  public SimConfig withLoss(double l) {
    return new SimConfig(mesh, seed, latencyMinMillis, latencyMaxMillis, signalingMillis, l, aliveTimeoutMillis,
        expireTimeoutMillis, iceDisconnectMillis);
  }

  public SimConfig withMesh(MeshConfig m) {
    return new SimConfig(m, seed, latencyMinMillis, latencyMaxMillis, signalingMillis, loss, aliveTimeoutMillis,
        expireTimeoutMillis, iceDisconnectMillis);
  }
}
