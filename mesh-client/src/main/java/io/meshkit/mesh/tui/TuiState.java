package io.meshkit.mesh.tui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the terminal UI knows, built from the client's control events only (so it shows exactly what a {@code --json}
 * program would see): the lists, the waiting requests, the open conversation. It also turns what the user typed into
 * names of contacts and strangers. Pure, so the rendering is tested without a terminal; thread-safe (events come from
 * the client's loop, commands from the reading thread).
 */
final class TuiState {
  /** A contact as the lists show it. */
  record ContactLine(String fingerprint, String name, boolean here, boolean connected, boolean verified,
                     String safetyNumber) {}

  /** A stranger on this network. */
  record StrangerLine(String discoveryId, String name) {}

  private List<ContactLine> contacts = List.of();
  private List<StrangerLine> strangers = List.of();
  private final Map<Long, String> requests = new LinkedHashMap<>();
  private String chat;
  private String fingerprint;

  /** Takes one control event; returns the lines to show for it (possibly none). */
  synchronized List<String> onEvent(Map<String, Object> e) {
    String name = String.valueOf(e.get("event"));
    List<String> out = new ArrayList<>();
    switch (name) {
      case "identity" -> {
        fingerprint = String.valueOf(e.get("fingerprint"));
        out.add("you are " + shortFp(fingerprint) + " (type /help)");
      }
      case "ready" -> out.add("on network " + e.get("namespace") + " (public address " + e.get("publicIp") + ")");
      case "discovery-off" -> out.add("no network list: " + e.get("reason"));
      case "contacts" -> {
        List<ContactLine> c = new ArrayList<>();
        for (Map<?, ?> v : maps(e.get("here"))) {
          c.add(line(v, true));
        }
        for (Map<?, ?> v : maps(e.get("saved"))) {
          c.add(line(v, false));
        }
        List<StrangerLine> s = new ArrayList<>();
        for (Map<?, ?> v : maps(e.get("strangers"))) {
          s.add(new StrangerLine(String.valueOf(v.get("discoveryId")), String.valueOf(v.get("name"))));
        }
        boolean changed = !c.equals(contacts) || !s.equals(strangers);
        contacts = c;
        strangers = s;
        if (changed) {
          out.addAll(lists());
        }
      }
      case "request" -> {
        long n = ((Number) e.get("request")).longValue();
        requests.put(n, String.valueOf(e.get("name")));
        out.add("* " + e.get("name") + " (" + shortFp(String.valueOf(e.get("fingerprint")))
            + ") asks to become your contact. Safety number: " + grouped(String.valueOf(e.get("safetyNumber"))));
        out.add("  answer with /accept " + n + " or /reject " + n);
      }
      case "request-closed" -> {
        requests.remove(((Number) e.get("request")).longValue());
        out.add("request " + e.get("request") + ": " + e.get("outcome"));
      }
      case "request-answered" -> out.add("your request: " + e.get("outcome"));
      case "contact-added" -> {
        Map<?, ?> c = (Map<?, ?>) e.get("contact");
        out.add("* " + c.get("name") + " is now a contact. Compare the safety number: "
            + grouped(String.valueOf(c.get("safetyNumber"))) + "; then /verify " + c.get("name"));
      }
      case "received" -> out.add(format(nameOf(String.valueOf(e.get("contact"))), String.valueOf(e.get("text"))));
      case "queued" -> { } // the line was shown as typed
      case "delivered" -> { }
      case "imposter" -> out.add("! " + nameOf(String.valueOf(e.get("contact"))) + " was impersonated at "
          + e.get("transportId") + " (" + e.get("reason") + "): that ID is blacklisted for it");
      case "handshake-failed" -> out.add("! identity check with " + e.get("peer") + " failed: " + e.get("reason"));
      case "history" -> {
        String who = nameOf(String.valueOf(e.get("contact")));
        for (Map<?, ?> m : maps(e.get("messages"))) {
          boolean mine = Boolean.TRUE.equals(m.get("outgoing"));
          String mark = mine && !Boolean.TRUE.equals(m.get("delivered")) ? " (queued)" : "";
          out.add(format(mine ? "me" : who, m.get("text") + mark));
        }
      }
      case "status" -> out.add("role " + e.get("role") + ", network " + e.get("namespace") + ", transport ID "
          + e.get("transportId"));
      case "error" -> out.add("! " + (e.containsKey("command") ? e.get("command") + ": " : "") + e.get("reason"));
      case "fault" -> out.add("! " + e.get("reason") + (e.containsKey("detail") ? ": " + e.get("detail") : ""));
      case "recovered" -> out.add("signaling reachable again");
      case "special-request" -> {
        String who = nameOf(String.valueOf(e.get("contact")));
        out.add("* " + who + " asks to become special contacts (found again through rendezvous when an address is"
            + " lost)");
        out.add("  answer with /special " + who + " or /decline " + who);
      }
      case "special-asked" -> out.add("asked " + nameOf(String.valueOf(e.get("contact")))
          + " to become special contacts…");
      case "special" -> out.add(Boolean.TRUE.equals(e.get("special"))
          ? "* " + nameOf(String.valueOf(e.get("contact"))) + " and you are special contacts now"
          : nameOf(String.valueOf(e.get("contact"))) + " is not a special contact (" + e.get("reason") + ")");
      case "rendezvous-met" -> out.add("found " + nameOf(String.valueOf(e.get("contact")))
          + " again through rendezvous");
      case "rendezvous-imposter" -> out.add("! someone in " + nameOf(String.valueOf(e.get("contact")))
          + "'s rendezvous is not " + nameOf(String.valueOf(e.get("contact"))) + " (" + e.get("reason")
          + "): ignored");
      case "rendezvous-pause-suggested" -> {
        String who = nameOf(String.valueOf(e.get("contact")));
        out.add("* " + who + " has not been seen for over 30 days. Keep looking? /pause " + who + " to stop, /resume "
            + who + " to keep looking (asked again in 30 days)");
      }
      case "rendezvous" -> {
        List<Map<?, ?>> special = maps(e.get("special"));
        out.add(special.isEmpty() ? "special contacts: none" : "special contacts:");
        for (Map<?, ?> c : special) {
          out.add("  " + nameOf(String.valueOf(c.get("contact"))) + "  " + c.get("state"));
        }
        int held = e.get("namespaces") instanceof List<?> l ? l.size() : 0;
        out.add("rendezvous namespaces held: " + held + " of " + e.get("budget"));
      }
      default -> { } // role, network, authenticated, stopped: not for people
    }
    return out;
  }

  /** "On this network" and "Saved contacts", as the design draws them. */
  synchronized List<String> lists() {
    List<String> out = new ArrayList<>();
    out.add("On this network:");
    int n = 0;
    for (ContactLine c : contacts) {
      if (c.here()) {
        out.add("  " + c.name() + (c.connected() ? "  [open chat]" : "  (checking identity)")
            + (c.verified() ? "  verified" : ""));
        n++;
      }
    }
    for (StrangerLine s : strangers) {
      out.add("  " + s.name() + "  [connect: /request " + s.name() + "]");
      n++;
    }
    if (n == 0) {
      out.add("  (nobody)");
    }
    out.add("Saved contacts:");
    n = 0;
    for (ContactLine c : contacts) {
      if (!c.here()) {
        out.add("  " + c.name() + (c.connected() ? "  [open chat]" : "  [ping: /ping " + c.name() + "]")
            + (c.verified() ? "  verified" : ""));
        n++;
      }
    }
    if (n == 0) {
      out.add("  (none)");
    }
    return out;
  }

  /** The contact the user means by {@code word}: a name (case-insensitive) or a fingerprint prefix of 8+ digits. */
  synchronized Optional<ContactLine> contact(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    List<ContactLine> byName = contacts.stream().filter(c -> c.name().toLowerCase(Locale.ROOT).equals(w)).toList();
    if (byName.size() == 1) {
      return Optional.of(byName.get(0));
    }
    if (w.length() >= 8) {
      List<ContactLine> byFp = contacts.stream().filter(c -> c.fingerprint().startsWith(w)).toList();
      if (byFp.size() == 1) {
        return Optional.of(byFp.get(0));
      }
    }
    return Optional.empty();
  }

  /** The stranger the user means: a name (case-insensitive) or its Discovery ID. */
  synchronized Optional<StrangerLine> stranger(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    List<StrangerLine> m = strangers.stream().filter(s -> s.name().toLowerCase(Locale.ROOT).equals(w)
        || s.discoveryId().equals(word)).toList();
    return m.size() == 1 ? Optional.of(m.get(0)) : Optional.empty();
  }

  /** Names for completion. */
  synchronized List<String> names() {
    List<String> n = new ArrayList<>();
    contacts.forEach(c -> n.add(c.name()));
    strangers.forEach(s -> n.add(s.name()));
    return n;
  }

  synchronized Map<Long, String> requests() {
    return new LinkedHashMap<>(requests);
  }

  synchronized Optional<String> chat() {
    return Optional.ofNullable(chat);
  }

  synchronized void chat(String fingerprint) {
    this.chat = fingerprint;
  }

  synchronized String nameOf(String fp) {
    return contacts.stream().filter(c -> c.fingerprint().equals(fp)).map(ContactLine::name).findFirst()
        .orElse(shortFp(fp));
  }

  private static ContactLine line(Map<?, ?> v, boolean here) {
    return new ContactLine(String.valueOf(v.get("fingerprint")), String.valueOf(v.get("name")), here,
        Boolean.TRUE.equals(v.get("connected")), Boolean.TRUE.equals(v.get("verified")),
        String.valueOf(v.get("safetyNumber")));
  }

  /** One chat line; continuation lines of a multi-line text are indented. */
  static String format(String who, String text) {
    return who + "> " + text.replace("\n", "\n" + " ".repeat(who.length() + 2));
  }

  static String shortFp(String fp) {
    return fp.length() > 16 ? fp.substring(0, 16) : fp;
  }

  static String grouped(String digits) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < digits.length(); i += 5) {
      if (i > 0) {
        s.append(' ');
      }
      s.append(digits, i, Math.min(digits.length(), i + 5));
    }
    return s.toString();
  }

  private static List<Map<?, ?>> maps(Object o) {
    List<Map<?, ?>> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      for (Object x : l) {
        if (x instanceof Map<?, ?> m) {
          out.add(m);
        }
      }
    }
    return out;
  }
}
