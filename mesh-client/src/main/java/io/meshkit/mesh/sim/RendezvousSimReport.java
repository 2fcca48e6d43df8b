package io.meshkit.mesh.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a {@link RendezvousSim} run saw. An <b>encounter</b> is a period in which two special contacts are both online;
 * it <b>meets</b> when an authenticated link between them comes up (directly at a Transport ID still valid, or after a
 * rendezvous meeting told the new one). Times are virtual milliseconds.
 */
public final class RendezvousSimReport {
  /** Time from the start of each encounter to its meeting, for every encounter that met. */
  public final List<Long> timeToMeet = new ArrayList<>();
  /** The same for the encounters that met through a rendezvous meeting (the Transport IDs they held were stale). */
  public final List<Long> timeToMeetRendezvous = new ArrayList<>();
  /** Encounters that covered a whole 10-minute slot (true time) from its start to its end. */
  public long fullSlotEncounters;
  /** Of those, the ones that met before the end of the first whole slot. */
  public long metWithinFullSlot;
  /** Encounters that covered a whole slot and did not meet by its end: descriptions (bounded). */
  public final List<String> missed = new ArrayList<>();
  /** Encounters that did not meet at all before one side went offline. */
  public long neverMet;
  /** Encounters in all. */
  public long encounters;
  /** Meetings (a valid note received) and whom they named: always the right contact, or the run failed. */
  public long meetings;
  /** Rendezvous links on which the peer did not prove to be the contact (squatters caught). */
  public long impostersCaught;
  /** Rendezvous links to the right contact that failed anyway (a proof or note refused): expected 0. */
  public long contactRefused;
  /** Times a client started looking for a special contact whose authenticated link was up: expected 0. */
  public long seekingWhileConnected;
  /** A namespace added twice or removed while not held: expected 0. */
  public long namespaceErrors;
  /** Direct tries that met a squatter on a contact's Transport ID (blacklisted). */
  public long transportIdImposters;
  /** Times a client believed a peer that was not the contact: must stay 0. */
  public long impostersAccepted;
  /** Descriptions of those (bounded). */
  public final List<String> violations = new ArrayList<>();
  /** Steps after which a client held more rendezvous namespaces than its budget: must stay 0. */
  public long overBudget;
  /** The most rendezvous signaling connections (held or being claimed) any client had at once. */
  public int maxConnections;
  /** The most rendezvous namespaces any client held at once. */
  public int maxNamespaces;
  /** Time-weighted mean of rendezvous signaling connections per online client. */
  public double meanConnections;
  /** Rendezvous signaling connections opened per online client-hour (claims of Discovery IDs and slots). */
  public double claimsPerClientHour;
  /** Virtual time simulated and events processed. */
  public long simulatedMillis;
  public long events;

  void violation(String what) {
    impostersAccepted++;
    if (violations.size() < 20) {
      violations.add(what);
    }
  }

  void miss(String what) {
    if (missed.size() < 20) {
      missed.add(what);
    }
  }

  /** The {@code q}-quantile (0..1, nearest rank) of {@code values}, or -1 when empty. */
  public static long quantile(List<Long> values, double q) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** Share of whole-slot encounters that met within that slot (1 when there were none). */
  public double withinSlotRate() {
    return fullSlotEncounters == 0 ? 1 : (double) metWithinFullSlot / fullSlotEncounters;
  }
}
