package io.meshkit.mesh.sim;

import io.meshkit.mesh.core.MeshConfig;

/**
 * The simulated world: latencies, loss and the PeerJS server's timings (docs/PROTOCOL.md §3.1).
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
 * @param signalingJitterMillis extra random delay, 0 to this, of each signaling exchange (claim, release, offer): a
 *                            loaded server or client answers late, so a leaving router's ID may be freed after the
 *                            successor's claim arrives
 * @param connectSetupMaxMillis extra random time, 0 to this, for ICE + DTLS + SCTP before a data connection opens: on
 *                            a loaded machine a WebRTC connect can take longer than the core's connect timeout, and
 *                            open after the core gave up (which the adapter then closes)
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
    long iceDisconnectMillis,
    long signalingJitterMillis,
    long connectSetupMaxMillis) {

  public SimConfig {
    if (latencyMinMillis < 0 || latencyMaxMillis < latencyMinMillis || signalingMillis < 0) {
      throw new IllegalArgumentException("bad latencies");
    }
    if (loss < 0 || loss >= 1) {
      throw new IllegalArgumentException("loss must be in [0,1)");
    }
    if (signalingJitterMillis < 0 || connectSetupMaxMillis < 0) {
      throw new IllegalArgumentException("bad delays");
    }
  }

  /** Default world: 5–30 ms links, 20 ms to the server, no loss, alive_timeout 90 s, EXPIRE 5 s, ICE 5 s. */
  public static SimConfig defaults(long seed) {
    return new SimConfig(MeshConfig.defaults(), seed, 5, 30, 20, 0.0, 90_000, 5_000, 5_000, 0, 0);
  }

  /**
   * A loaded machine (the NAT-lab end-to-end test at load 25 on 2 cores): signaling exchanges up to 1.5 s late and data
   * connections taking up to 8 s to open, often more than the default 3 s connect timeout.
   */
  public static SimConfig loaded(long seed) {
    return new SimConfig(MeshConfig.defaults(), seed, 5, 30, 20, 0.0, 90_000, 5_000, 5_000, 1_500, 8_000);
  }

  public SimConfig withLoss(double l) {
    return new SimConfig(mesh, seed, latencyMinMillis, latencyMaxMillis, signalingMillis, l, aliveTimeoutMillis,
        expireTimeoutMillis, iceDisconnectMillis, signalingJitterMillis, connectSetupMaxMillis);
  }

  public SimConfig withMesh(MeshConfig m) {
    return new SimConfig(m, seed, latencyMinMillis, latencyMaxMillis, signalingMillis, loss, aliveTimeoutMillis,
        expireTimeoutMillis, iceDisconnectMillis, signalingJitterMillis, connectSetupMaxMillis);
  }
}
