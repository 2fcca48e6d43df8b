package io.meshkit.mesh.sim;

/**
 * The population and the world of a {@link RendezvousSim} run.
 *
 * @param seed              everything random in the run comes from it
 * @param clients           clients in the population
 * @param specials          special contacts per client (pairs drawn at random; a few clients may get one fewer)
 * @param budget            each client's rendezvous budget (namespaces held at once, docs/PROTOCOL.md §13.2.3)
 * @param durationMillis    simulated time
 * @param meanOnlineMillis  mean of the exponential online periods (each one a new process)
 * @param meanOfflineMillis mean of the exponential offline periods
 * @param newTransportId    probability that a restart registers a new Transport ID (the old one lost)
 * @param tidLossPerHour    rate at which a running client loses its Transport ID and registers a new one
 * @param squatTransportId  probability that a freed Transport ID is taken by a squatter (who answers with its own key)
 * @param squatSlot         probability that a squatter who watches the signaling server races a rendezvous
 *                          namespace it sees for slot 1 (or, when taken, connects to its holder)
 * @param maxSkewMillis     each client's clock is off by a uniform amount in ±this (pairs differ by up to twice it)
 */
public record RendezvousSimConfig(long seed, int clients, int specials, int budget, long durationMillis,
                                  long meanOnlineMillis, long meanOfflineMillis, double newTransportId,
                                  double tidLossPerHour, double squatTransportId, double squatSlot,
                                  long maxSkewMillis) {
  public RendezvousSimConfig {
    if (clients < 2 || specials < 1 || specials >= clients || budget < 1 || durationMillis < 1
        || meanOnlineMillis < 1 || meanOfflineMillis < 1 || !prob(newTransportId) || tidLossPerHour < 0
        || !prob(squatTransportId) || !prob(squatSlot) || maxSkewMillis < 0) {
      throw new IllegalArgumentException("bad rendezvous simulation configuration");
    }
  }

  private static boolean prob(double p) {
    return p >= 0 && p <= 1;
  }

  /**
   * The population: 200 clients with 5 special contacts each, the default budget (4), 12 hours, online and
   * offline periods of 2 hours on average, half the restarts with a new Transport ID, a Transport ID lost every 4 hours
   * of running on average, a squatter on a freed Transport ID one time in five, a squatter racing one rendezvous
   * namespace in ten, clocks within ±1 minute (so pairs within the tolerated 2 minutes).
   */
  public static RendezvousSimConfig defaults(long seed) {
    return new RendezvousSimConfig(seed, 200, 5, 4, 12 * 3_600_000L, 2 * 3_600_000L, 2 * 3_600_000L, 0.5, 0.25, 0.2,
        0.1, 60_000);
  }

  public RendezvousSimConfig withClients(int n) {
    return new RendezvousSimConfig(seed, n, specials, budget, durationMillis, meanOnlineMillis, meanOfflineMillis,
        newTransportId, tidLossPerHour, squatTransportId, squatSlot, maxSkewMillis);
  }

  public RendezvousSimConfig withBudget(int b) {
    return new RendezvousSimConfig(seed, clients, specials, b, durationMillis, meanOnlineMillis, meanOfflineMillis,
        newTransportId, tidLossPerHour, squatTransportId, squatSlot, maxSkewMillis);
  }

  public RendezvousSimConfig withDuration(long millis) {
    return new RendezvousSimConfig(seed, clients, specials, budget, millis, meanOnlineMillis, meanOfflineMillis,
        newTransportId, tidLossPerHour, squatTransportId, squatSlot, maxSkewMillis);
  }

  public RendezvousSimConfig withSeed(long s) {
    return new RendezvousSimConfig(s, clients, specials, budget, durationMillis, meanOnlineMillis, meanOfflineMillis,
        newTransportId, tidLossPerHour, squatTransportId, squatSlot, maxSkewMillis);
  }
}
