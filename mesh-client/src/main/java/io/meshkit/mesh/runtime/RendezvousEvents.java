package io.meshkit.mesh.runtime;

import io.meshkit.mesh.rendezvous.RendezvousConfig;
import io.meshkit.mesh.rendezvous.RendezvousNode;
import io.meshkit.mesh.rendezvous.RendezvousNotification;
import io.meshkit.mesh.rendezvous.SpecialContact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The control events (the {@code --json} protocol, module README) of special contacts and rendezvous. */
final class RendezvousEvents {
  private RendezvousEvents() {}

  static Map<String, Object> of(RendezvousNotification n) {
    if (n instanceof RendezvousNotification.SpecialRequested r) {
      Map<String, Object> e = event("special-request", r.contact());
      e.put("name", r.name());
      return e;
    } else if (n instanceof RendezvousNotification.SpecialAsked a) {
      return event("special-asked", a.contact());
    } else if (n instanceof RendezvousNotification.SpecialChanged c) {
      Map<String, Object> e = event("special", c.contact());
      e.put("special", c.special());
      e.put("reason", c.reason());
      return e;
    } else if (n instanceof RendezvousNotification.StateChanged s) {
      Map<String, Object> e = event("rendezvous-state", s.contact());
      e.put("state", s.state().wireName());
      return e;
    } else if (n instanceof RendezvousNotification.Met m) {
      Map<String, Object> e = event("rendezvous-met", m.contact());
      e.put("transportId", m.transportId());
      e.put("initiator", m.initiator());
      return e;
    } else if (n instanceof RendezvousNotification.Imposter i) {
      Map<String, Object> e = event("rendezvous-imposter", i.contact());
      e.put("peer", i.peer());
      e.put("reason", i.reason());
      return e;
    } else if (n instanceof RendezvousNotification.PauseSuggested p) {
      Map<String, Object> e = event("rendezvous-pause-suggested", p.contact());
      e.put("name", p.name());
      e.put("lastSeen", p.lastSeen());
      return e;
    } else if (n instanceof RendezvousNotification.CommandFailed f) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("event", "error");
      e.put("command", f.command());
      e.put("reason", f.reason());
      return e;
    }
    throw new IllegalStateException("unknown notification " + n);
  }

  /** The answer to {@code {"cmd":"rendezvous"}}. */
  static Map<String, Object> status(RendezvousNode node, RendezvousConfig cfg) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", "rendezvous");
    e.put("budget", cfg.budget());
    List<Map<String, Object>> special = new ArrayList<>();
    for (SpecialContact c : node.specials()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("contact", c.fingerprint());
      s.put("state", node.state(c.fingerprint()).map(x -> x.wireName()).orElse(null));
      s.put("paused", c.paused());
      s.put("since", c.since());
      s.put("lastSeen", c.lastSeen());
      special.add(s);
    }
    e.put("special", special);
    e.put("namespaces", List.copyOf(node.held().values()));
    e.put("meetings", node.meetingsInProgress());
    return e;
  }

  private static Map<String, Object> event(String name, String contact) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", name);
    e.put("contact", contact);
    return e;
  }
}
