package io.meshkit.mesh.sim;

import io.meshkit.mesh.core.Member;
import io.meshkit.mesh.core.Notification;
import io.meshkit.mesh.core.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tracks "converged" incrementally so a 1,000-peer run can check it after every event: each peer's list is kept as a
 * count and a sum of random 64-bit tags, compared with the live set's.
 */
final class Convergence {
  private final Map<String, Long> tags = new HashMap<>();
  private int live;
  private long liveHash;
  private int good;
  boolean dirty = true;

  void register(SimPeer p) {
    tags.put(p.node.discoveryId(), p.tag);
  }

  void liveChanged(List<SimPeer> peers) {
    live = 0;
    liveHash = 0;
    for (SimPeer p : peers) {
      if (p.alive) {
        live++;
        liveHash += p.tag;
      }
    }
    good = 0;
    for (SimPeer p : peers) {
      p.good = p.alive && isGood(p);
      if (p.good) {
        good++;
      }
    }
    dirty = true;
  }

  void notified(SimPeer p, Notification n, List<SimPeer> peers) {
    if (n instanceof Notification.RoleChanged r) {
      p.role = r.role();
      p.routerId = r.routerId();
    } else if (n instanceof Notification.NetworkChanged nc) {
      p.listCount = nc.peers().size();
      long h = 0;
      for (Member m : nc.peers()) {
        h += Simulator.tagOf(m, tags);
      }
      p.listHash = h;
    } else if (n instanceof Notification.Stopped) {
      p.role = null;
      p.routerId = null;
    }
    boolean g = p.alive && isGood(p);
    if (g != p.good) {
      good += g ? 1 : -1;
      p.good = g;
    }
    dirty = true;
  }

  private boolean isGood(SimPeer p) {
    return p.listCount == live - 1 && p.listHash == liveHash - p.tag;
  }

  boolean converged(List<SimPeer> peers) {
    dirty = false;
    if (live == 0 || good != live) {
      return false;
    }
    String routerId = null;
    int routers = 0;
    for (SimPeer p : peers) {
      if (p.alive && p.role == Role.ROUTER) {
        routers++;
        routerId = p.routerId;
      }
    }
    if (routers != 1) {
      return false;
    }
    for (SimPeer p : peers) {
      if (p.alive && p.role == Role.PEER && !routerId.equals(p.routerId)) {
        return false;
      }
      if (p.alive && p.role == null) {
        return false;
      }
    }
    return true;
  }

  String describe(List<SimPeer> peers) {
    StringBuilder b = new StringBuilder("live=" + live + " good=" + good + ";");
    int shown = 0;
    for (SimPeer p : peers) {
      if (p.alive && (!p.good || p.role != Role.PEER) && shown++ < 12) {
        b.append(" [").append(p.index).append(' ').append(p.role).append(' ').append(p.routerId)
            .append(" list=").append(p.listCount).append(p.good ? " ok" : " BAD").append(']');
      }
    }
    return b.toString();
  }
}
