package io.meshkit.mesh.sim;

import io.meshkit.mesh.contacts.Handshake;

/** One end of a data link in {@link RendezvousSim}: whose (a client's process, or a squatter), and who owns it now. */
final class LinkEnd {
  /** A client's index, or a squatter's (negative). */
  final int who;
  /** The client's process (incarnation) the end belongs to. */
  final int inc;
  final String local;
  final String remote;
  LinkEnd other;
  boolean closed;
  /** The rendezvous link number once handed off (clients), -1 while the mesh core owns it. */
  long rdvLink = -1;
  /** A squatter's side of the handshake. */
  Handshake squat;
  final byte[] fingerprint;
  /** FIFO: when the last message towards this end arrives. */
  long lastArrival;

  LinkEnd(int who, int inc, String local, String remote, byte[] fingerprint) {
    this.who = who;
    this.inc = inc;
    this.local = local;
    this.remote = remote;
    this.fingerprint = fingerprint;
  }

  static void join(LinkEnd a, LinkEnd b) {
    a.other = b;
    b.other = a;
  }
}
