package io.meshkit.mesh.tui;

import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.rendezvous.RendezvousEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a typed line does in the terminal UI. Pure but for the {@link Actions} it calls. */
public final class TuiCommands {
  /** Every command, for completion and help. */
  static final List<String> COMMANDS = List.of("/list", "/request", "/accept", "/reject", "/chat", "/ping",
      "/verify", "/safety", "/special", "/unspecial", "/decline", "/pause", "/resume", "/rendezvous", "/status",
      "/help", "/quit");

  /** What the terminal UI asks of the client. */
  public interface Actions {
    void contact(ContactEvent command);

    /** A special-contacts command ({@code special}, {@code pause} …). */
    void rendezvous(RendezvousEvent command);

    /** The special contacts and the rendezvous namespaces held. */
    Map<String, Object> rendezvousStatus();

    Map<String, Object> history(String fingerprint, int limit);

    Map<String, Object> status();

    void quit();
  }

  private final TuiState state;
  private final Actions actions;

  TuiCommands(TuiState state, Actions actions) {
    this.state = state;
    this.actions = actions;
  }

  /** Carries out one typed line; returns what to show. */
  List<String> handle(String line) {
    String s = line.strip();
    List<String> out = new ArrayList<>();
    if (s.isEmpty()) {
      return out;
    }
    if (!s.startsWith("/")) {
      Optional<String> chat = state.chat();
      if (chat.isEmpty()) {
        out.add("! no open chat: /chat NAME first (or /help)");
      } else {
        actions.contact(new ContactEvent.SendText(chat.get(), line));
        out.add(TuiState.format("me", line));
      }
      return out;
    }
    String[] w = s.split("\\s+", 2);
    String arg = w.length > 1 ? w[1].strip() : "";
    switch (w[0]) {
      case "/list" -> out.addAll(state.lists());
      case "/request" -> state.stranger(arg).ifPresentOrElse(
          st -> {
            actions.contact(new ContactEvent.RequestContact(st.discoveryId()));
            out.add("asking " + st.name() + "…");
          },
          () -> out.add("! no stranger called '" + arg + "' on this network (/list)"));
      case "/accept", "/reject" -> {
        Long n = request(arg);
        if (n == null) {
          out.add("! which request? " + state.requests());
        } else {
          actions.contact(new ContactEvent.Answer(n, w[0].equals("/accept")));
        }
      }
      case "/chat" -> withContact(arg, out, c -> {
        state.chat(c.fingerprint());
        out.add("chat with " + c.name() + (c.verified() ? " (verified)" : " (not verified: /safety " + c.name()
            + ")"));
        out.addAll(state.onEvent(actions.history(c.fingerprint(), 20)));
        if (!c.connected()) {
          actions.contact(new ContactEvent.Ping(c.fingerprint()));
        }
      });
      case "/ping" -> withContact(arg, out, c -> {
        actions.contact(new ContactEvent.Ping(c.fingerprint()));
        out.add("pinging " + c.name() + "…");
      });
      case "/safety" -> withContact(arg, out, c -> out.add("safety number with " + c.name() + ": "
          + TuiState.grouped(c.safetyNumber()) + " — compare it with " + c.name() + ", then /verify " + c.name()));
      case "/verify" -> withContact(arg, out, c -> {
        actions.contact(new ContactEvent.SetVerified(c.fingerprint(), true));
        out.add(c.name() + " marked verified");
      });
      case "/special" -> withContact(arg, out, c -> {
        actions.rendezvous(new RendezvousEvent.MakeSpecial(c.fingerprint()));
      });
      case "/decline" -> withContact(arg, out, c -> actions.rendezvous(
          new RendezvousEvent.DeclineSpecial(c.fingerprint())));
      case "/unspecial" -> withContact(arg, out, c -> actions.rendezvous(
          new RendezvousEvent.EndSpecial(c.fingerprint())));
      case "/pause" -> withContact(arg, out, c -> {
        actions.rendezvous(new RendezvousEvent.Pause(c.fingerprint(), true));
        out.add("no longer looking for " + c.name() + " (/resume " + c.name() + " to look again)");
      });
      case "/resume" -> withContact(arg, out, c -> {
        actions.rendezvous(new RendezvousEvent.Pause(c.fingerprint(), false));
        out.add("looking for " + c.name() + " again");
      });
      case "/rendezvous" -> out.addAll(state.onEvent(actions.rendezvousStatus()));
      case "/status" -> out.addAll(state.onEvent(actions.status()));
      case "/quit" -> actions.quit();
      case "/help" -> {
        out.add("/list                      the lists: on this network, saved contacts");
        out.add("/request NAME              ask a stranger on this network to become a contact");
        out.add("/accept N, /reject N       answer request N");
        out.add("/chat NAME                 open the chat with a contact; then type to send");
        out.add("/ping NAME                 reach a saved contact at its last Transport ID");
        out.add("/safety NAME, /verify NAME show the safety number; mark the contact verified");
        out.add("/special NAME              ask a contact to be special (found again through rendezvous when its");
        out.add("                           address is lost), or agree when it asked; /decline NAME to say no");
        out.add("/unspecial NAME            stop being special contacts (both sides forget the secret)");
        out.add("/pause NAME, /resume NAME  stop or start looking for a special contact");
        out.add("/rendezvous                special contacts and what is being looked for");
        out.add("/status, /quit");
      }
      default -> out.add("! unknown command " + w[0] + " (/help)");
    }
    return out;
  }

  private Long request(String arg) {
    if (arg.isEmpty()) {
      return state.requests().size() == 1 ? state.requests().keySet().iterator().next() : null;
    }
    try {
      long n = Long.parseLong(arg);
      return state.requests().containsKey(n) ? n : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void withContact(String arg, List<String> out, java.util.function.Consumer<TuiState.ContactLine> then) {
    Optional<TuiState.ContactLine> c = state.contact(arg);
    if (c.isEmpty()) {
      out.add("! no contact called '" + arg + "' (/list)");
    } else {
      then.accept(c.get());
    }
  }
}
