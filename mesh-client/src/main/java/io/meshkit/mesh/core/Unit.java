package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Member;
import io.meshkit.mesh.core.wire.MeshMessage;
import java.util.List;

/**
 * The protocol of one namespace inside a {@link MeshNode}: a network namespace ({@link NamespaceUnit}: election,
 * registry, failover) or a meeting namespace ({@link MeetingUnit}: the same election, links handed to the application).
 * {@link MeshNode} routes each event to the unit that owns the ID, link or timer it concerns.
 */
sealed interface Unit permits NamespaceUnit, MeetingUnit {

  String label();

  long id();

  /** {@code prefix-ns-}: every ID of this namespace starts with it. */
  String base();

  /** True when {@code id} is one of this namespace's IDs (its Discovery ID or a slot). */
  boolean owns(String id);

  String discoveryId();

  /** Our role as last told, or null while searching. */
  Role role();

  String routerId();

  List<Member> network();

  void start();

  /** Leaves cleanly and releases every ID. */
  void stop();

  void transportChanged();

  /** Tells the application role and list if they changed. */
  void tell();

  void onIdClaimed(String id);

  void onIdTaken(String id);

  void onIdLost(String id);

  void onConnected(String local, String remote, boolean inbound);

  void onLinkGone(String local, String remote);

  void onReceived(String local, String remote, MeshMessage msg);

  void onDiscarded(String local, String remote);

  void onTimer(TimerKey key);

  /** The application is done with a link this unit handed off, with {@code verdict}. */
  void onMeetingEnded(String local, String remote, MeetingVerdict verdict);
}
