package io.meshkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshkit.testkit.ManagedProcess;
import io.meshkit.testkit.MeshClientProcess;
import io.meshkit.testkit.lab.Await;
import io.meshkit.testkit.lab.Host;
import io.meshkit.testkit.lab.NatLab;
import io.meshkit.testkit.lab.NatLabExtension;
import io.meshkit.testkit.lab.Wan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Contacts and chat end to end in the NAT lab, our servers on the WAN: alice and bob on LAN A find each other, become
 * contacts and chat both ways; bob stops, alice queues, bob restarts and gets them in order, once, with his history
 * kept; alice moves to LAN B and they go on chatting across the two NATs through her ping of bob's Transport ID; the
 * handshake's share of the setup time (20 connections) and the chat round trip across the NATs are measured; then
 * {@code kill -9} of the receiver and of the sender in the middle of a burst loses nothing acknowledged or queued.
 */
class ContactsNatLabIT {
  @RegisterExtension
  static final NatLabExtension LAB = NatLabExtension.of(b -> b.lan("a", 2).lan("b", 1));

  /** JVMs start slowly on a busy 2-core machine. */
  private static final Duration STEP = Duration.ofSeconds(120);

  private static Path data;

  private static MeshClientProcess start(Host host, String name) {
    ManagedProcess p = host.startJava("contacts-" + name, MeshClientProcess.MAIN_CLASS, "--json", "--name", name,
        "--data-dir", data.resolve(name).toString(),
        "--signaling", "http://" + Wan.ADDRESS + ":" + WanServers.SIGNALING_PORT + "/",
        "--stun", "stun:" + Wan.ADDRESS + ":" + WanServers.STUN_PORT);
    return MeshClientProcess.of(name, p);
  }

  private static List<JsonNode> all(List<MeshClientProcess> runs, String event, Predicate<JsonNode> test) {
    List<JsonNode> out = new ArrayList<>();
    for (MeshClientProcess r : runs) {
      for (JsonNode e : r.events()) {
        if (event.equals(e.path("event").asText()) && test.test(e)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  private static String send(MeshClientProcess from, String to, String text) {
    return "{\"cmd\":\"send\",\"contact\":\"" + to + "\",\"text\":\"" + text + "\"}";
  }

  private static List<String> texts(JsonNode history) {
    List<String> t = new ArrayList<>();
    history.path("messages").forEach(m -> t.add(m.path("text").asText()));
    return t;
  }

  private static JsonNode history(MeshClientProcess c, String contact) {
    int n = c.events().size();
    c.command("{\"cmd\":\"history\",\"contact\":\"" + contact + "\",\"limit\":1000}");
    return c.await("history", n, e -> true, STEP);
  }

  /** Polls {@code c}'s history until it holds at least {@code n} texts starting with {@code prefix}; returns them. */
  private static List<String> awaitHistory(MeshClientProcess c, String contact, String prefix, int n) {
    List<String> found = new ArrayList<>();
    Await.until(() -> {
      found.clear();
      texts(history(c, contact)).stream().filter(t -> t.startsWith(prefix)).forEach(found::add);
      return found.size() >= n;
    }, STEP, c::tail);
    return found;
  }

  /** The events {@code c} printed after its first {@code skip} (one read of its output). */
  private static List<JsonNode> since(MeshClientProcess c, int skip) {
    List<JsonNode> all = c.events();
    return all.subList(Math.min(skip, all.size()), all.size());
  }

  private static long median(List<Long> values) {
    List<Long> s = new ArrayList<>(values);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  @Test
  void shouldFindRequestChatMoveAndSurviveRestartsAndKills() throws Exception {
    NatLab lab = LAB.lab();
    WanServers.stun(lab.wan());
    WanServers.signaling(lab.wan());
    data = Files.createTempDirectory("meshkit-contacts-e2e");
    List<MeshClientProcess> alices = new ArrayList<>();
    List<MeshClientProcess> bobs = new ArrayList<>();
    MeshClientProcess alice = start(lab.host("a", 0), "alice");
    MeshClientProcess bob = start(lab.host("a", 1), "bob");
    alices.add(alice);
    bobs.add(bob);
    String aliceFp = alice.await("identity", STEP).path("fingerprint").asText();
    String bobFp = bob.await("identity", STEP).path("fingerprint").asText();

    // 1. On LAN A: bob is a stranger on alice's network; request, accept, chat both ways.
    JsonNode lists = alice.await("contacts", 0, e -> e.path("strangers").size() == 1, STEP);
    String bobDiscovery = lists.path("strangers").get(0).path("discoveryId").asText();
    alice.command("{\"cmd\":\"request\",\"discoveryId\":\"" + bobDiscovery + "\"}");
    JsonNode request = bob.await("request", STEP);
    assertThat(request.path("fingerprint").asText()).isEqualTo(aliceFp);
    bob.command("{\"cmd\":\"accept\",\"request\":" + request.path("request").asLong() + "}");
    assertThat(alice.await("contact-added", STEP).path("contact").path("fingerprint").asText()).isEqualTo(bobFp);
    bob.await("contact-added", STEP);
    alice.command(send(alice, bobFp, "hi bob"));
    assertThat(bob.await("received", STEP).path("text").asText()).isEqualTo("hi bob");
    bob.command(send(bob, aliceFp, "hi alice"));
    assertThat(alice.await("received", STEP).path("text").asText()).isEqualTo("hi alice");
    JsonNode here = alice.await("contacts", 0, e -> e.path("here").size() == 1
        && e.path("here").get(0).path("connected").asBoolean(), STEP);
    assertThat(here.path("here").get(0).path("fingerprint").asText()).isEqualTo(bobFp);

    // 2. bob stops; alice queues three; bob restarts: in order, once, and his history is still there.
    bob.command("{\"cmd\":\"quit\"}");
    assertThat(bob.awaitExit(STEP)).isZero();
    int mark = alice.events().size();
    for (int i = 1; i <= 3; i++) {
      alice.command(send(alice, bobFp, "while you were away " + i));
    }
    alice.await("queued", mark, e -> e.path("text").asText().endsWith("3"), STEP);
    bob = start(lab.host("a", 1), "bob");
    bobs.add(bob);
    MeshClientProcess bob2 = bob;
    Await.until(() -> all(List.of(bob2), "received", e -> true).size() >= 3, STEP, bob2::tail);
    assertThat(all(List.of(bob2), "received", e -> true)).extracting(e -> e.path("text").asText())
        .containsExactly("while you were away 1", "while you were away 2", "while you were away 3");
    assertThat(texts(history(bob, aliceFp))).containsExactly("hi bob", "hi alice", "while you were away 1",
        "while you were away 2", "while you were away 3");

    // 3. alice moves to LAN B (same data directory, so the same identity; a new Transport ID): she pings bob's
    // Transport ID across the two NATs, and they chat on.
    alice.command("{\"cmd\":\"quit\"}");
    assertThat(alice.awaitExit(STEP)).isZero();
    alice = start(lab.host("b", 0), "alice");
    alices.add(alice);
    assertThat(alice.await("ready", STEP).path("publicIp").asText()).isEqualTo(lab.nat("b").wanAddress());
    JsonNode auth = alice.await("authenticated", 0, e -> e.path("fingerprint").asText().equals(bobFp), STEP);
    assertThat(auth.path("initiator").asBoolean()).isTrue();
    alice.command(send(alice, bobFp, "from LAN B"));
    MeshClientProcess bobNow = bob;
    bobNow.await("received", 0, e -> e.path("text").asText().equals("from LAN B"), STEP);
    bob.command(send(bob, aliceFp, "to LAN B"));
    alice.await("received", 0, e -> e.path("text").asText().equals("to LAN B"), STEP);
    assertThat(alice.last("contacts").path("saved").get(0).path("fingerprint").asText()).isEqualTo(bobFp);

    // 4. Figures across the NATs: 20 fresh connections (hang up, ping), and 20 messages one at a time.
    List<Long> handshake = new ArrayList<>();
    List<Long> connect = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int n = alice.events().size();
      alice.command("{\"cmd\":\"hangup\",\"contact\":\"" + bobFp + "\"}");
      alice.await("contacts", n, e -> e.path("saved").size() == 1
          && !e.path("saved").get(0).path("connected").asBoolean(), STEP);
      int m = alice.events().size();
      alice.command("{\"cmd\":\"ping\",\"contact\":\"" + bobFp + "\"}");
      JsonNode a = alice.await("authenticated", m, e -> e.path("initiator").asBoolean(), STEP);
      handshake.add(a.path("handshakeMillis").asLong());
      connect.add(a.path("connectMillis").asLong());
    }
    List<Long> rtt = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int n = alice.events().size();
      alice.command(send(alice, bobFp, "rtt " + i));
      rtt.add(alice.await("delivered", n, e -> true, STEP).path("latencyMillis").asLong());
    }
    System.out.printf("contacts e2e across two NATs: connect (offer to open) median %d ms, handshake added median %d"
        + " ms (min %d, max %d) over 20 connections; chat round trip (send to acknowledgement, both fsync) median %d ms"
        + " (min %d, max %d) over 20 messages%n", median(connect), median(handshake),
        handshake.stream().min(Long::compare).orElseThrow(), handshake.stream().max(Long::compare).orElseThrow(),
        median(rtt), rtt.stream().min(Long::compare).orElseThrow(), rtt.stream().max(Long::compare).orElseThrow());

    // 5. kill -9 of the receiver in the middle of a burst: everything bob saw delivered is in alice's history, and
    // after her restart every message arrives, in order, once.
    int burst = 60;
    int base = bob.events().size();
    for (int i = 1; i <= burst; i++) {
      bob.command(send(bob, aliceFp, "burst " + i));
    }
    MeshClientProcess bobSending = bob;
    Await.until(() -> since(bobSending, base).stream()
        .filter(e -> e.path("event").asText().equals("delivered")).count() >= 10, STEP, bobSending::tail);
    alice.process().process().descendants().forEach(ProcessHandle::destroyForcibly);
    alice.process().process().destroyForcibly();
    alice.awaitExit(STEP);
    Set<String> deliveredBeforeKill = new HashSet<>();
    since(bob, base).stream().filter(e -> e.path("event").asText().equals("delivered"))
        .forEach(e -> deliveredBeforeKill.add(e.path("id").asText()));
    alice = start(lab.host("b", 0), "alice");
    alices.add(alice);
    MeshClientProcess alice3 = alice;
    Map<String, String> burstIds = new LinkedHashMap<>();
    MeshClientProcess bobForIds = bob;
    Await.until(() -> {
      burstIds.clear();
      bobForIds.events().stream().filter(e -> e.path("event").asText().equals("queued")
          && e.path("text").asText().startsWith("burst ")).forEach(e -> burstIds.put(e.path("id").asText(),
          e.path("text").asText()));
      return burstIds.size() == burst;
    }, STEP, bobForIds::tail);
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= burst; i++) {
      expected.add("burst " + i);
    }
    List<String> stored = awaitHistory(alice3, bobFp, "burst ", burst);
    assertThat(stored).as("in order, each stored once across the kill").containsExactlyElementsOf(expected);
    assertThat(deliveredBeforeKill).hasSizeGreaterThanOrEqualTo(10);
    List<String> shown = new ArrayList<>();
    all(alices, "received", e -> e.path("text").asText().startsWith("burst "))
        .forEach(e -> shown.add(e.path("text").asText()));
    assertThat(new HashSet<>(shown)).as("never shown twice").hasSize(shown.size());
    for (String id : deliveredBeforeKill) {
      assertThat(stored).as("acknowledged before the kill").contains(burstIds.get(id));
    }
    System.out.printf("contacts e2e: receiver killed with %d of %d burst messages acknowledged; all %d arrived once,"
        + " in order, after its restart%n", deliveredBeforeKill.size(), burst, burst);

    // 6. kill -9 of the sender in the middle of a burst: every message it said was queued arrives after its restart.
    int base2 = bob.events().size();
    for (int i = 1; i <= 40; i++) {
      bob.command(send(bob, aliceFp, "second burst " + i));
    }
    MeshClientProcess bobBurst = bob;
    Await.until(() -> since(bobBurst, base2).stream()
        .filter(e -> e.path("event").asText().equals("queued")).count() >= 5, STEP, bobBurst::tail);
    bob.process().process().destroyForcibly();
    bob.awaitExit(STEP);
    List<String> queued = new ArrayList<>();
    since(bob, base2).stream().filter(e -> e.path("event").asText().equals("queued"))
        .forEach(e -> queued.add(e.path("text").asText()));
    bob = start(lab.host("a", 1), "bob");
    bobs.add(bob);
    List<String> second = awaitHistory(alice3, bobFp, "second burst ", queued.size());
    assertThat(second).as("every queued message, in order, once").startsWith(queued.toArray(String[]::new));
    assertThat(new HashSet<>(second)).hasSize(second.size());
    System.out.printf("contacts e2e: sender killed after %d messages were queued; all arrived after its restart%n",
        queued.size());
    for (MeshClientProcess c : List.of(alice, bob)) {
      c.command("{\"cmd\":\"quit\"}");
      c.awaitExit(STEP);
    }
  }
}
