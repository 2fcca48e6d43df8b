package io.meshkit.mesh.tui;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.rendezvous.RendezvousEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TuiCommandsTest {
  private static final String BOB = "b0b0".repeat(16);
  private final List<ContactEvent> sent = new ArrayList<>();
  private final List<RendezvousEvent> special = new ArrayList<>();
  private final TuiState state = new TuiState();
  private final TuiCommands commands = new TuiCommands(state, new TuiCommands.Actions() {
    @Override
    public void contact(ContactEvent command) {
      sent.add(command);
    }

    @Override
    public void rendezvous(RendezvousEvent command) {
      special.add(command);
    }

    @Override
    public Map<String, Object> rendezvousStatus() {
      return Map.of("event", "rendezvous", "budget", 4, "special", List.of(Map.of("contact", BOB, "state",
          "seeking")), "namespaces", List.of("rendezvous-00", "rendezvous-01"));
    }

    @Override
    public Map<String, Object> history(String fingerprint, int limit) {
      return Map.of("event", "history", "contact", fingerprint, "messages", List.of(
          Map.of("outgoing", true, "text", "earlier", "delivered", true),
          Map.of("outgoing", false, "text", "two\nlines"),
          Map.of("outgoing", true, "text", "pending", "delivered", false)));
    }

    @Override
    public Map<String, Object> status() {
      return Map.of("event", "status", "role", "peer", "namespace", "n1", "transportId", "mesh-1");
    }

    @Override
    public void quit() {}
  });

  private static Map<String, Object> contact(String fp, String name, boolean connected) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("fingerprint", fp);
    c.put("name", name);
    c.put("connected", connected);
    c.put("verified", false);
    c.put("safetyNumber", "1".repeat(60));
    return c;
  }

  private void lists() {
    state.onEvent(Map.of("event", "contacts", "here", List.of(contact(BOB, "bob", true)),
        "strangers", List.of(Map.of("discoveryId", "mesh-n1-carol-uuid-0001", "name", "carol")),
        "saved", List.of(contact("d0d0".repeat(16), "dave", false))));
  }

  @Test
  void shouldDrawTheTwoListsAsTheDesignDoes() {
    lists();
    assertThat(state.lists()).containsExactly("On this network:", "  bob  [open chat]",
        "  carol  [connect: /request carol]", "Saved contacts:", "  dave  [ping: /ping dave]");
  }

  @Test
  void shouldTurnTypedLinesIntoCommands() {
    lists();
    commands.handle("/request Carol");
    assertThat(sent).containsExactly(new ContactEvent.RequestContact("mesh-n1-carol-uuid-0001"));
    assertThat(commands.handle("hello")).containsExactly("! no open chat: /chat NAME first (or /help)");
    List<String> shown = commands.handle("/chat bob");
    assertThat(shown).contains("me> earlier", "bob> two\n     lines", "me> pending (queued)");
    assertThat(commands.handle("hello")).containsExactly("me> hello");
    assertThat(sent).contains(new ContactEvent.SendText(BOB, "hello"));
    commands.handle("/ping dave");
    assertThat(sent).contains(new ContactEvent.Ping("d0d0".repeat(16)));
    assertThat(commands.handle("/ping nobody")).containsExactly("! no contact called 'nobody' (/list)");
  }

  @Test
  void shouldPromptForRequestsAndAnswerThem() {
    List<String> prompt = state.onEvent(Map.of("event", "request", "request", 7L, "name", "erin",
        "fingerprint", "e1".repeat(32), "safetyNumber", "12345".repeat(12)));
    assertThat(prompt.get(0)).startsWith("* erin (e1e1e1e1e1e1e1e1) asks to become your contact")
        .endsWith("12345 12345 12345 12345 12345 12345 12345 12345 12345 12345 12345 12345");
    assertThat(prompt.get(1)).isEqualTo("  answer with /accept 7 or /reject 7");
    commands.handle("/accept");
    assertThat(sent).containsExactly(new ContactEvent.Answer(7, true));
    state.onEvent(Map.of("event", "request-closed", "request", 7L, "outcome", "accepted"));
    assertThat(commands.handle("/reject 7").get(0)).startsWith("! which request?");
  }

  @Test
  void shouldMakeContactsSpecialPauseThemAndShowTheRendezvous() {
    lists();
    commands.handle("/special bob");
    commands.handle("/pause dave");
    commands.handle("/resume dave");
    commands.handle("/unspecial bob");
    assertThat(special).containsExactly(new RendezvousEvent.MakeSpecial(BOB),
        new RendezvousEvent.Pause("d0d0".repeat(16), true), new RendezvousEvent.Pause("d0d0".repeat(16), false),
        new RendezvousEvent.EndSpecial(BOB));
    assertThat(commands.handle("/rendezvous")).containsExactly("special contacts:", "  bob  seeking",
        "rendezvous namespaces held: 2 of 4");
    assertThat(state.onEvent(Map.of("event", "special-request", "contact", BOB, "name", "bob")))
        .containsExactly("* bob asks to become special contacts (found again through rendezvous when an address is"
            + " lost)", "  answer with /special bob or /decline bob");
    assertThat(state.onEvent(Map.of("event", "rendezvous-pause-suggested", "contact", BOB, "name", "bob",
        "lastSeen", 0))).hasSize(1).first().asString().contains("/pause bob");
  }
}
