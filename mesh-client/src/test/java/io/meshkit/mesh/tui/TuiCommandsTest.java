package io.meshkit.mesh.tui;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.contacts.ContactEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TuiCommandsTest {
  private static final String BOB = "b0b0".repeat(16);
  private final List<ContactEvent> sent = new ArrayList<>();
  private final TuiState state = new TuiState();
  private final TuiCommands commands = new TuiCommands(state, new TuiCommands.Actions() {
    @Override
    public void contact(ContactEvent command) {
      sent.add(command);
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
}
