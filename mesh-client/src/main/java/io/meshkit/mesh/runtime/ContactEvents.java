package io.meshkit.mesh.runtime;

import io.meshkit.mesh.contacts.ChatMessage;
import io.meshkit.mesh.contacts.ContactLists;
import io.meshkit.mesh.contacts.ContactNotification;
import io.meshkit.mesh.contacts.ContactView;
import io.meshkit.mesh.core.wire.Member;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The control events (the {@code --json} protocol, module README) of the contacts part. */
final class ContactEvents {
  private ContactEvents() {}

  static Map<String, Object> of(ContactNotification n) {
    if (n instanceof ContactNotification.RequestReceived r) {
      Map<String, Object> e = event("request");
      e.put("request", r.request());
      e.put("name", r.name());
      e.put("fingerprint", r.fingerprint());
      e.put("safetyNumber", r.safetyNumber());
      return e;
    } else if (n instanceof ContactNotification.RequestClosed r) {
      Map<String, Object> e = event("request-closed");
      e.put("request", r.request());
      e.put("outcome", r.outcome());
      return e;
    } else if (n instanceof ContactNotification.RequestAnswered r) {
      Map<String, Object> e = event("request-answered");
      e.put("discoveryId", r.discoveryId());
      e.put("outcome", r.outcome());
      return e;
    } else if (n instanceof ContactNotification.Authenticated a) {
      Map<String, Object> e = event("authenticated");
      e.put("fingerprint", a.fingerprint());
      e.put("peer", a.remoteId());
      e.put("initiator", a.initiator());
      e.put("connectMillis", a.connectMillis());
      e.put("handshakeMillis", a.handshakeMillis());
      return e;
    } else if (n instanceof ContactNotification.ContactAdded a) {
      Map<String, Object> e = event("contact-added");
      e.put("contact", view(a.contact()));
      return e;
    } else if (n instanceof ContactNotification.ListsChanged l) {
      return lists(l.lists());
    } else if (n instanceof ContactNotification.Queued q) {
      Map<String, Object> e = message("queued", q.message());
      e.put("text", q.message().text());
      return e;
    } else if (n instanceof ContactNotification.Delivered d) {
      Map<String, Object> e = event("delivered");
      e.put("contact", d.contact());
      e.put("id", d.id());
      e.put("seq", d.seq());
      e.put("latencyMillis", d.latencyMillis());
      return e;
    } else if (n instanceof ContactNotification.MessageReceived r) {
      Map<String, Object> e = message("received", r.message());
      e.put("name", r.name());
      e.put("text", r.message().text());
      return e;
    } else if (n instanceof ContactNotification.Imposter i) {
      Map<String, Object> e = event("imposter");
      e.put("contact", i.contact());
      e.put("transportId", i.transportId());
      e.put("reason", i.reason());
      return e;
    } else if (n instanceof ContactNotification.Unreachable u) {
      Map<String, Object> e = event("unreachable");
      e.put("contact", u.contact());
      e.put("transportId", u.transportId());
      return e;
    } else if (n instanceof ContactNotification.HandshakeFailed f) {
      Map<String, Object> e = event("handshake-failed");
      e.put("peer", f.remoteId());
      e.put("reason", f.reason());
      return e;
    } else if (n instanceof ContactNotification.CommandFailed f) {
      Map<String, Object> e = event("error");
      e.put("command", f.command());
      e.put("reason", f.reason());
      return e;
    }
    throw new IllegalStateException("unknown notification " + n);
  }

  static Map<String, Object> lists(ContactLists l) {
    Map<String, Object> e = event("contacts");
    e.put("here", l.here().stream().map(ContactEvents::view).toList());
    List<Map<String, Object>> strangers = new ArrayList<>();
    for (Member m : l.strangers()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("discoveryId", m.discoveryId());
      s.put("name", m.name());
      s.put("uuid", m.uuid());
      s.put("transportId", m.transportId());
      strangers.add(s);
    }
    e.put("strangers", strangers);
    e.put("saved", l.saved().stream().map(ContactEvents::view).toList());
    return e;
  }

  static Map<String, Object> view(ContactView v) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("fingerprint", v.fingerprint());
    c.put("name", v.name());
    c.put("transportId", v.transportId());
    c.put("discoveryId", v.discoveryId());
    c.put("lastSeen", v.lastSeen());
    c.put("verified", v.verified());
    c.put("connected", v.connected());
    c.put("safetyNumber", v.safetyNumber());
    c.put("key", v.key());
    return c;
  }

  static Map<String, Object> history(String contact, List<ChatMessage> messages, java.util.Set<String> delivered) {
    Map<String, Object> e = event("history");
    e.put("contact", contact);
    List<Map<String, Object>> list = new ArrayList<>();
    for (ChatMessage m : messages) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("id", m.id());
      x.put("seq", m.seq());
      x.put("outgoing", m.outgoing());
      x.put("sent", m.sent());
      x.put("text", m.text());
      if (m.outgoing()) {
        x.put("delivered", delivered.contains(m.id()));
      }
      list.add(x);
    }
    e.put("messages", list);
    return e;
  }

  private static Map<String, Object> message(String name, ChatMessage m) {
    Map<String, Object> e = event(name);
    e.put("contact", m.contact());
    e.put("id", m.id());
    e.put("seq", m.seq());
    e.put("sent", m.sent());
    return e;
  }

  static Map<String, Object> event(String name) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", name);
    return e;
  }
}
