package io.meshkit.mesh.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Who may use a router's links, and how much (docs/PROTOCOL.md §8.2). Every link accepted on a router slot gets a gate,
 * decided by its remote ID: a Discovery ID of the namespace must check in, a higher slot ID of the namespace must merge,
 * both within {@code admissionMillis}; anything else is refused at once. Each gate rate-limits the link's messages and
 * the snapshots it may cause.
 */
final class Admission {

  /** What a link is for, by its remote ID. */
  enum Kind { MEMBER, MERGER }

  /** The gate of one link. */
  static final class Gate {
    final Kind kind;
    final long deadline;
    boolean admitted;
    private final TokenBucket messages;
    private final TokenBucket snapshots;

    Gate(Kind kind, long now, long deadline) {
      this.kind = kind;
      this.deadline = deadline;
      this.messages = new TokenBucket(RouterSession.LINK_BURST, RouterSession.LINK_REFILL_MILLIS, now);
      this.snapshots = new TokenBucket(RouterSession.SNAPSHOT_BURST, RouterSession.SNAPSHOT_REFILL_MILLIS, now);
    }
  }

  /** Most gates at once: the reference signaling server allows 256 connections per ID; a router holds two slots at most. */
  static final int MAX_GATES = 1_024;

  private final UnitContext ctx;
  private final Map<Registry.Link, Gate> gates = new LinkedHashMap<>();

  Admission(UnitContext ctx) {
    this.ctx = ctx;
  }

  /** The kind of a link whose remote ID is {@code remote}, for a router on {@code mySlot}; null: refuse it. */
  Kind classify(String remote, int mySlot) {
    if (ctx.ids.isDiscoveryId(remote) && !remote.equals(ctx.discoveryId())) {
      return Kind.MEMBER;
    }
    int slot = ctx.ids.slotOf(remote);
    return slot > mySlot ? Kind.MERGER : null;
  }

  /** Opens a gate for a new link; null when it must be refused (foreign remote ID, or too many links). */
  Gate open(String local, String remote, int mySlot) {
    Kind kind = classify(remote, mySlot);
    if (kind == null || gates.size() >= MAX_GATES) {
      return null;
    }
    long deadline = ctx.now() + ctx.cfg.admissionMillis();
    Gate g = new Gate(kind, ctx.now(), deadline);
    gates.put(new Registry.Link(local, remote), g);
    if (!ctx.pending(TimerKey.Kind.ADMISSION)) {
      ctx.schedule(TimerKey.Kind.ADMISSION, deadline, null);
    }
    return g;
  }

  Gate gate(String local, String remote) {
    return gates.get(new Registry.Link(local, remote));
  }

  void close(String local, String remote) {
    gates.remove(new Registry.Link(local, remote));
  }

  /** Forgets every gate of links on {@code local} (a slot we released: the adapter closed its links). */
  void closeAllOn(String local) {
    gates.keySet().removeIf(l -> l.via().equals(local));
  }

  /** Charges one received message; false when the link overdrew its rate. */
  static boolean charge(Gate g, long now) {
    return g.messages.take(now);
  }

  /** Charges one snapshot; false when over budget. */
  static boolean snapshot(Gate g, long now) {
    return g.snapshots.take(now);
  }

  /** Links whose admission time passed without their first message: removed from here, for the router to close. */
  List<Registry.Link> expired() {
    List<Registry.Link> late = new ArrayList<>();
    long next = Long.MAX_VALUE;
    for (Iterator<Map.Entry<Registry.Link, Gate>> it = gates.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Registry.Link, Gate> e = it.next();
      Gate g = e.getValue();
      if (g.admitted) {
        continue;
      }
      if (g.deadline <= ctx.now()) {
        late.add(e.getKey());
        it.remove();
      } else {
        next = Math.min(next, g.deadline);
      }
    }
    if (next != Long.MAX_VALUE) {
      ctx.schedule(TimerKey.Kind.ADMISSION, next, null);
    }
    return late;
  }
}
