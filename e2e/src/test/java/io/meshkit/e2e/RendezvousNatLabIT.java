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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Special contacts end to end in the NAT lab, our servers on the WAN, driven through {@code --json}
 * (docs/PROTOCOL.md §13.2). Alice and bob meet on LAN A and become contacts, then special contacts; bob goes home to
 * LAN B. Both restart with new Transport IDs and discovery off, each behind its own NAT: they find each other through
 * rendezvous and chat both ways. Carol, on LAN B, registers bob's last Transport ID while he is away: alice finds an
 * impostor there, blacklists it (a ping no longer tries that ID) and keeps seeking. Alice takes a new Transport ID
 * while bob is offline; bob, started later, learns it from alice's note and they chat again.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RendezvousNatLabIT {
  @RegisterExtension
  static final NatLabExtension LAB = NatLabExtension.of(b -> b.lan("a", 2).lan("b", 2));

  /** JVMs start slowly on a busy 2-core machine. */
  private static final Duration STEP = Duration.ofSeconds(120);

  private static Path data;

  private static MeshClientProcess start(Host host, String name, String... extra) {
    List<String> args = new ArrayList<>(List.of("--json", "--name", name, "--data-dir", data.resolve(name).toString(),
        "--signaling", "http://" + Wan.ADDRESS + ":" + WanServers.SIGNALING_PORT + "/",
        "--stun", "stun:" + Wan.ADDRESS + ":" + WanServers.STUN_PORT));
    args.addAll(List.of(extra));
    ManagedProcess p = host.startJava("rendezvous-" + name, MeshClientProcess.MAIN_CLASS, args.toArray(String[]::new));
    return MeshClientProcess.of(name, p);
  }

  private static String transportId(MeshClientProcess c) {
    int before = c.events().size();
    c.command("{\"cmd\":\"status\"}");
    return c.await("status", before, e -> true, STEP).path("transportId").asText();
  }

  private static void quit(MeshClientProcess c) {
    c.command("{\"cmd\":\"quit\"}");
    assertThat(c.awaitExit(STEP)).isZero();
  }

  private static void chat(MeshClientProcess from, String to, MeshClientProcess receiver, String text) {
    int before = receiver.events().size();
    from.command("{\"cmd\":\"send\",\"contact\":\"" + to + "\",\"text\":\"" + text + "\"}");
    assertThat(receiver.await("received", before, e -> e.path("text").asText().equals(text), STEP)
        .path("text").asText()).isEqualTo(text);
  }

  @Test
  void shouldFindSpecialContactsAcrossTheNatsThroughRendezvous() throws Exception {
    NatLab lab = LAB.lab();
    WanServers.stun(lab.wan());
    WanServers.signaling(lab.wan());
    data = Files.createTempDirectory("meshkit-rendezvous-e2e");
    List<MeshClientProcess> running = new ArrayList<>();
    try {
      // 1. On LAN A: contacts, then special contacts (the shared secret set up on their authenticated link).
      MeshClientProcess alice = start(lab.host("a", 0), "alice");
      MeshClientProcess bob = start(lab.host("a", 1), "bob");
      running.add(alice);
      running.add(bob);
      String aliceFp = alice.await("identity", STEP).path("fingerprint").asText();
      String bobFp = bob.await("identity", STEP).path("fingerprint").asText();
      JsonNode seen = alice.await("contacts", 0, e -> e.path("strangers").size() > 0, STEP);
      alice.command("{\"cmd\":\"request\",\"discoveryId\":\"" + seen.path("strangers").get(0)
          .path("discoveryId").asText() + "\"}");
      JsonNode request = bob.await("request", STEP);
      bob.command("{\"cmd\":\"accept\",\"request\":" + request.path("request").asLong() + "}");
      alice.await("contact-added", STEP);
      bob.await("contact-added", STEP);
      alice.command("{\"cmd\":\"special\",\"contact\":\"" + bobFp + "\"}");
      assertThat(bob.await("special-request", STEP).path("contact").asText()).isEqualTo(aliceFp);
      bob.command("{\"cmd\":\"special\",\"contact\":\"" + aliceFp + "\"}");
      assertThat(alice.await("special", STEP).path("special").asBoolean()).isTrue();
      assertThat(bob.await("special", STEP).path("reason").asText()).isEqualTo("agreed");
      assertThat(Files.getPosixFilePermissions(data.resolve("alice").resolve("rendezvous.db")))
          .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
      String alicesFirstId = transportId(alice);
      String bobsFirstId = transportId(bob);
      quit(alice);
      quit(bob);
      running.clear();

      // 2. Bob home on LAN B; both restart with new Transport IDs and discovery off, each behind its own NAT: only
      // rendezvous can bring them together. They meet, learn each other's new IDs and chat both ways.
      long restarted = System.nanoTime();
      bob = start(lab.host("b", 0), "bob", "--metered");
      alice = start(lab.host("a", 0), "alice", "--metered");
      running.add(alice);
      running.add(bob);
      JsonNode met = alice.await("rendezvous-met", STEP);
      long metMillis = (System.nanoTime() - restarted) / 1_000_000;
      assertThat(met.path("contact").asText()).isEqualTo(bobFp);
      String bobsId = transportId(bob);
      String alicesId = transportId(alice);
      assertThat(bobsId).isNotEqualTo(bobsFirstId);
      assertThat(alicesId).isNotEqualTo(alicesFirstId);
      assertThat(met.path("transportId").asText()).isEqualTo(bobsId);
      JsonNode bobMet = bob.await("rendezvous-met", STEP);
      assertThat(bobMet.path("contact").asText()).isEqualTo(aliceFp);
      assertThat(bobMet.path("transportId").asText()).isEqualTo(alicesId);
      chat(alice, bobFp, bob, "found you across two NATs");
      chat(bob, aliceFp, alice, "and I you");

      // 3. Bob goes; carol, on LAN B, takes bob's Transport ID: alice finds an impostor there and blacklists it.
      quit(bob);
      running.remove(bob);
      int before = alice.events().size();
      MeshClientProcess carol = start(lab.host("b", 1), "carol", "--metered", "--transport-id", bobsId);
      running.add(carol);
      carol.await("discovery-off", STEP);
      assertThat(transportId(carol)).isEqualTo(bobsId);
      // Alice reaches for bob at his last Transport ID (as her user would, with ping) until carol answers there.
      MeshClientProcess pinger = alice;
      int from = before;
      long[] lastPing = {0};
      Await.until(() -> {
        if (System.nanoTime() - lastPing[0] > 3_000_000_000L) {
          lastPing[0] = System.nanoTime();
          pinger.command("{\"cmd\":\"ping\",\"contact\":\"" + bobFp + "\"}");
        }
        return pinger.events().stream().skip(from).anyMatch(e -> e.path("event").asText().equals("imposter"));
      }, STEP, pinger::tail);
      JsonNode imposter = alice.await("imposter", before, e -> e.path("contact").asText().equals(bobFp), STEP);
      assertThat(imposter.path("transportId").asText()).isEqualTo(bobsId);
      // Seeking bob: since his link closed (his Transport ID did not answer then), or since the impostor.
      Await.until(() -> pinger.last("rendezvous-state") != null
          && pinger.last("rendezvous-state").path("contact").asText().equals(bobFp)
          && pinger.last("rendezvous-state").path("state").asText().equals("seeking"), STEP, pinger::tail);
      // Blacklisted: bob's last Transport ID is not tried again while carol holds it.
      int blacklisted = alice.events().size();
      alice.command("{\"cmd\":\"ping\",\"contact\":\"" + bobFp + "\"}");
      assertThat(alice.await("error", blacklisted, e -> e.path("command").asText().equals("ping"), STEP)
          .path("reason").asText()).contains("no Transport ID");
      assertThat(carol.events()).noneMatch(e -> e.path("event").asText().equals("received"));
      quit(carol);
      running.remove(carol);

      // 4. Alice takes a new Transport ID while bob is offline; bob, started later, learns it from her note.
      before = alice.events().size();
      alice.command("{\"cmd\":\"new-transport-id\"}");
      String alicesNewId = alice.await("transport", before, e -> true, STEP).path("transportId").asText();
      assertThat(alicesNewId).isNotEqualTo(alicesId);
      alice.await("rendezvous-state", before, e -> e.path("contact").asText().equals(bobFp)
          && e.path("state").asText().equals("note"), STEP);
      long bobBack = System.nanoTime();
      bob = start(lab.host("b", 0), "bob", "--metered");
      running.add(bob);
      JsonNode noteMet;
      try {
        noteMet = bob.await("rendezvous-met", STEP);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n--- alice (waiting with her note):\n" + alice.tail(), e);
      }
      assertThat(noteMet.path("transportId").asText()).isEqualTo(alicesNewId);
      long noteMillis = (System.nanoTime() - bobBack) / 1_000_000;
      chat(bob, aliceFp, alice, "got your note");
      chat(alice, bobFp, bob, "good");
      System.out.printf("rendezvous in the NAT lab: both restarted, met %d ms after the two processes were started; "
          + "bob, started while alice waited with her note, met her %d ms after his start (JVM start included)%n",
          metMillis, noteMillis);
    } finally {
      running.forEach(MeshClientProcess::close);
    }
  }
}
