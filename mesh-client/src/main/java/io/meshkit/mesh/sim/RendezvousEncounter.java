package io.meshkit.mesh.sim;

/**
 * Two special contacts of a {@link RendezvousSim} both online since {@code since}; {@code met} when an authenticated
 * link between them came up, {@code viaRendezvous} when a meeting told the Transport ID first.
 */
final class RendezvousEncounter {
  final int a;
  final int b;
  final long since;
  long met = -1;
  boolean viaRendezvous;

  RendezvousEncounter(int a, int b, long since) {
    this.a = a;
    this.b = b;
    this.since = since;
  }

  /** One side went offline (or the run ended) at {@code now}: counts it, and checks its first whole slot. */
  void finish(long now, long slotMillis, RendezvousSimReport report) {
    report.encounters++;
    long firstFull = (since + slotMillis - 1) / slotMillis * slotMillis;
    long end = firstFull + slotMillis;
    if (now >= end) {
      report.fullSlotEncounters++;
      if (met >= 0 && met <= end) {
        report.metWithinFullSlot++;
      } else {
        report.miss("clients " + a + " and " + b + ": both online from " + since + ", "
            + (met < 0 ? "never met" : "met at " + met) + ", whole slot " + firstFull + ".." + end);
      }
    }
    if (met < 0) {
      report.neverMet++;
    }
  }
}
