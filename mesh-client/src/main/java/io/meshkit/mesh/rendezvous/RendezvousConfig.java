package io.meshkit.mesh.rendezvous;

import io.meshkit.mesh.core.MeshConfig;

/**
 * Timings and bounds of rendezvous (docs/PROTOCOL.md §13.2.8).
 *
 * @param budget            most rendezvous namespaces held at once (each one signaling connection while waiting)
 * @param skewMillis        tolerated difference between two contacts' clocks (the neighbouring slot is also held
 *                          within half of it of a boundary)
 * @param meetingTimeoutMillis a rendezvous link must have authenticated and exchanged notes within this
 * @param closeGraceMillis  after a meeting, how long a namespace is kept so that our note leaves before its links close
 * @param offerTimeoutMillis an offer to become special contacts waits this long for the other user
 * @param directTimeoutMillis a direct attempt (ping) that neither succeeded nor failed by then counts as failed
 * @param directRetryMillis while seeking, the contact's Transport ID is tried directly again this often
 * @param pauseAfterMillis  a contact looked for and unseen this long: ask the user whether to pause it
 * @param maxSpecial        most special contacts
 * @param maxMeetings       most rendezvous links proving themselves at once (all namespaces)
 * @param mesh              the election's timings inside rendezvous namespaces
 */
public record RendezvousConfig(int budget, long skewMillis, long meetingTimeoutMillis, long closeGraceMillis,
                               long offerTimeoutMillis, long directTimeoutMillis, long directRetryMillis,
                               long pauseAfterMillis, int maxSpecial, int maxMeetings, MeshConfig mesh) {
  public RendezvousConfig {
    if (budget < 1 || skewMillis < 0 || skewMillis >= TimeSlot.MILLIS || meetingTimeoutMillis < 1
        || closeGraceMillis < 0 || offerTimeoutMillis < 1 || directTimeoutMillis < 1 || directRetryMillis < 1
        || pauseAfterMillis < 1 || maxSpecial < 1 || maxMeetings < 1 || mesh == null) {
      throw new IllegalArgumentException("bad rendezvous configuration");
    }
  }

  /** The defaults (§13.2.8): budget 4, skew 2 min, meetings 10 s, offers 10 min, direct retry 5 min, pause 30 days. */
  public static RendezvousConfig defaults() {
    return new RendezvousConfig(4, RendezvousSchedule.DEFAULT_SKEW_MILLIS, 10_000, 2_000, 600_000, 40_000, 300_000,
        30L * 24 * 3600 * 1000, 256, 16, MeshConfig.defaults());
  }

  public RendezvousConfig withBudget(int b) {
    return new RendezvousConfig(b, skewMillis, meetingTimeoutMillis, closeGraceMillis, offerTimeoutMillis,
        directTimeoutMillis, directRetryMillis, pauseAfterMillis, maxSpecial, maxMeetings, mesh);
  }
}
