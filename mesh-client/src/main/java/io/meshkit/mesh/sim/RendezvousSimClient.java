package io.meshkit.mesh.sim;

import io.meshkit.mesh.core.MeshNode;
import io.meshkit.mesh.identity.Identity;
import io.meshkit.mesh.rendezvous.RendezvousNode;
import io.meshkit.mesh.rendezvous.SpecialContact;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client of a {@link RendezvousSim}: what it keeps across restarts (identity, special contacts as stored, the
 * Transport IDs it holds for its contacts) and its current process (the two cores, its links and signaling state).
 */
final class RendezvousSimClient {
  /** An event for one of the two cores, and the rendezvous link it came from (null if none). */
  record Work(boolean mesh, Object event, LinkEnd cause) {}

  final int index;
  final Identity id;
  final String fp;
  /** How far its clock is off the true time. */
  final long skew;
  final List<Integer> specials = new ArrayList<>();
  /** What the rendezvous core stored (survives restarts). */
  final Map<String, SpecialContact> saved = new LinkedHashMap<>();
  /** The Transport ID it holds for each contact (survives restarts), and the ones it blacklisted. */
  final Map<Integer, String> storedTid = new HashMap<>();
  final Set<String> blacklist = new HashSet<>();
  /** Contacts with an authenticated direct link up. */
  final Set<Integer> up = new HashSet<>();
  /** Every Transport ID it ever registered. */
  final Set<String> tids = new HashSet<>();
  boolean online;
  int inc;
  long onlineSince;
  String tid;
  int tidSeq;
  MeshNode mesh;
  RendezvousNode rdv;
  byte[] dtls;
  final Map<String, LinkEnd> meshEnds = new HashMap<>();
  final Map<Long, LinkEnd> rdvEnds = new HashMap<>();
  long nextLink = 1;
  final Map<String, Long> claiming = new HashMap<>();
  final Map<String, Long> connecting = new HashMap<>();
  /** Rendezvous IDs held or being claimed: its rendezvous signaling connections. */
  final Set<String> connections = new HashSet<>();
  /** The namespaces the rendezvous core asked the mesh core to hold. */
  final Set<String> labels = new HashSet<>();
  long connSince;
  final ArrayDeque<Work> work = new ArrayDeque<>();
  boolean draining;
  /** The rendezvous link whose event is being stepped. */
  LinkEnd current;

  RendezvousSimClient(int index, Identity id, long skew) {
    this.index = index;
    this.id = id;
    this.fp = id.publicKey().fingerprint();
    this.skew = skew;
  }

  /** Its wall clock at virtual time {@code now}. */
  long wall(long now) {
    return RendezvousSim.BASE + now + skew;
  }
}
