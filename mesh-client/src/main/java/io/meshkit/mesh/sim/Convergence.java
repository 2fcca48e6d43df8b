package io.meshkit.mesh.sim;

import io.meshkit.mesh.core.Notification;
import io.meshkit.mesh.core.Role;
import io.meshkit.mesh.core.wire.Member;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tracks "converged" per namespace incrementally, so a 1,000-peer run can check it after every event: each peer's list
 * of a namespace is kept as a count and a sum of random 64-bit tags, compared with that namespace's live set. A
 * namespace is converged when it has exactly one live router, every live member names that router, and every live
 * member lists exactly the other live members.
 */
final class Convergence {

  /** One namespace's live set and how many of its members are right. */
  private static final class Ns {
    int live;
    long liveHash;
    int good;
  }

  /** Discovery ID → tag (IDs are unique across namespaces). */
  private final Map<String, Long> tags = new HashMap<>();
  private final Map<String, Ns> byNs = new TreeMap<>();
  boolean dirty = true;

  static long tagOf(SimPeer p, String ns) {
    long z = p.tag ^ (ns.hashCode() * 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  void register(String discoveryId, long tag) {
    tags.put(discoveryId, tag);
  }

  private static boolean member(SimPeer p, String ns) {
    return p.alive && p.namespaces.contains(ns);
  }

  /** Recomputes namespace {@code ns} after its live set changed. */
  void liveChanged(String ns, List<SimPeer> peers) {
    Ns n = byNs.computeIfAbsent(ns, k -> new Ns());
    n.live = 0;
    n.liveHash = 0;
    for (SimPeer p : peers) {
      if (member(p, ns)) {
        n.live++;
        n.liveHash += tagOf(p, ns);
      }
    }
    n.good = 0;
    for (SimPeer p : peers) {
      SimPeer.NsView v = p.views.get(ns);
      if (v != null) {
        v.good = member(p, ns) && isGood(p, ns, v, n);
        if (v.good) {
          n.good++;
        }
      }
    }
    dirty = true;
  }

  void notified(SimPeer p, Notification note) {
    String ns;
    if (note instanceof Notification.RoleChanged r) {
      ns = r.namespace();
      SimPeer.NsView v = p.view(ns);
      v.role = r.role();
      v.routerId = r.routerId();
    } else if (note instanceof Notification.NetworkChanged nc) {
      ns = nc.namespace();
      SimPeer.NsView v = p.view(ns);
      v.listCount = nc.peers().size();
      long h = 0;
      for (Member m : nc.peers()) {
        Long t = tags.get(m.discoveryId());
        h += t == null ? 0x9E3779B97F4A7C15L : t;
      }
      v.listHash = h;
    } else if (note instanceof Notification.NamespaceStopped s) {
      ns = s.namespace();
      SimPeer.NsView v = p.view(ns);
      v.role = null;
      v.routerId = null;
      v.listCount = -1;
    } else if (note instanceof Notification.Stopped) {
      for (SimPeer.NsView v : p.views.values()) {
        v.role = null;
        v.routerId = null;
      }
      dirty = true;
      return;
    } else if (note instanceof Notification.Fault) {
      return;
    } else {
      throw new IllegalStateException("unknown notification " + note);
    }
    Ns n = byNs.computeIfAbsent(ns, k -> new Ns());
    SimPeer.NsView v = p.view(ns);
    boolean g = member(p, ns) && isGood(p, ns, v, n);
    if (g != v.good) {
      n.good += g ? 1 : -1;
      v.good = g;
    }
    dirty = true;
  }

  private static boolean isGood(SimPeer p, String ns, SimPeer.NsView v, Ns n) {
    return v.listCount == n.live - 1 && v.listHash == n.liveHash - tagOf(p, ns);
  }

  /** Every namespace with a live member is converged. */
  boolean converged(List<SimPeer> peers) {
    dirty = false;
    boolean any = false;
    for (Map.Entry<String, Ns> e : byNs.entrySet()) {
      if (e.getValue().live == 0) {
        continue;
      }
      any = true;
      if (!converged(e.getKey(), peers)) {
        return false;
      }
    }
    return any;
  }

  boolean converged(String ns, List<SimPeer> peers) {
    Ns n = byNs.get(ns);
    if (n == null || n.live == 0 || n.good != n.live) {
      return false;
    }
    String routerId = null;
    int routers = 0;
    for (SimPeer p : peers) {
      if (member(p, ns) && p.role(ns) == Role.ROUTER) {
        routers++;
        routerId = p.views.get(ns).routerId;
      }
    }
    if (routers != 1) {
      return false;
    }
    for (SimPeer p : peers) {
      if (member(p, ns)) {
        SimPeer.NsView v = p.views.get(ns);
        if (v.role == null || !routerId.equals(v.routerId)) {
          return false;
        }
      }
    }
    return true;
  }

  int routers(String ns, List<SimPeer> peers) {
    int routers = 0;
    for (SimPeer p : peers) {
      if (member(p, ns) && p.role(ns) == Role.ROUTER) {
        routers++;
      }
    }
    return routers;
  }

  Iterable<String> namespaces() {
    return byNs.keySet();
  }

  String describe(List<SimPeer> peers) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Ns> e : byNs.entrySet()) {
      String ns = e.getKey();
      Ns n = e.getValue();
      if (n.live == 0) {
        continue;
      }
      b.append(ns).append(": live=").append(n.live).append(" good=").append(n.good)
          .append(converged(ns, peers) ? " converged;" : " NOT converged;");
      int shown = 0;
      for (SimPeer p : peers) {
        SimPeer.NsView v = p.views.get(ns);
        if (member(p, ns) && v != null && (!v.good || v.role != Role.PEER) && shown++ < 12) {
          b.append(" [").append(p.index).append(' ').append(v.role).append(' ').append(v.routerId)
              .append(" list=").append(v.listCount).append(v.good ? " ok" : " BAD").append(']');
        }
      }
      b.append('\n');
    }
    return b.toString();
  }
}
