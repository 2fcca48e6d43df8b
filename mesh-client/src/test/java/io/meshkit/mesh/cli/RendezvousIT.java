package io.meshkit.mesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshkit.testkit.MeshClientProcess;
import io.meshkit.testkit.PeerServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Special contacts as processes on one host against our signaling server, driven through {@code --json}
 * (docs/PROTOCOL.md §13.2). Alice and bob become contacts, then special contacts. Restarted with discovery off (so no
 * network list can bring them together) and new Transport IDs, they find each other through rendezvous and chat.
 * Carol, started on bob's last Transport ID while bob is away, is caught as an impostor by alice. Alice takes a new
 * Transport ID while bob is offline; bob, started later, learns it from alice's note.
 */
class RendezvousIT {
  private static final Duration STEP = Duration.ofSeconds(90);

  private static MeshClientProcess client(String name, Path data, int port, String... extra) {
    List<String> args = new ArrayList<>(List.of("--json", "--name", name, "--data-dir",
        data.resolve(name).toString(), "--signaling", "http://127.0.0.1:" + port + "/", "--no-stun"));
    args.addAll(List.of(extra));
    return MeshClientProcess.start(name, args);
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

  @Test
  void shouldFindSpecialContactsAgainThroughRendezvous() throws Exception {
    Path data = Files.createTempDirectory("meshkit-rendezvous");
    try (PeerServers.Running server = PeerServers.start(PeerServers.Kind.MESHKIT, List.of())) {
      int port = server.port();
      List<MeshClientProcess> running = new ArrayList<>();
      try {
        // 1. contacts on one network, then special contacts.
        MeshClientProcess alice = client("alice", data, port);
        MeshClientProcess bob = client("bob", data, port);
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
        quit(alice);
        quit(bob);
        running.clear();

        // 2. both restart with new Transport IDs and no network list: they meet through rendezvous and chat.
        bob = client("bob", data, port, "--metered");
        alice = client("alice", data, port, "--metered");
        running.add(alice);
        running.add(bob);
        JsonNode met = alice.await("rendezvous-met", STEP);
        assertThat(met.path("contact").asText()).isEqualTo(bobFp);
        assertThat(met.path("transportId").asText()).isEqualTo(transportId(bob));
        assertThat(bob.await("rendezvous-met", STEP).path("transportId").asText()).isEqualTo(transportId(alice));
        alice.command("{\"cmd\":\"send\",\"contact\":\"" + bobFp + "\",\"text\":\"found you\"}");
        assertThat(bob.await("received", STEP).path("text").asText()).isEqualTo("found you");
        String bobsOldId = transportId(bob);

        // 3. bob goes; carol takes bob's Transport ID: alice finds an impostor there and blacklists it.
        quit(bob);
        running.remove(bob);
        int before = alice.events().size();
        MeshClientProcess carol = client("carol", data, port, "--metered", "--transport-id", bobsOldId);
        running.add(carol);
        carol.await("discovery-off", STEP);
        // Alice reaches for bob at his last Transport ID (as her user would, with ping) until carol answers there.
        int from = before;
        MeshClientProcess pinger = alice;
        long[] lastPing = {0};
        io.meshkit.testkit.lab.Await.until(() -> {
          if (System.nanoTime() - lastPing[0] > 3_000_000_000L) {
            lastPing[0] = System.nanoTime();
            pinger.command("{\"cmd\":\"ping\",\"contact\":\"" + bobFp + "\"}");
          }
          return pinger.events().stream().skip(from).anyMatch(e -> e.path("event").asText().equals("imposter"));
        }, STEP, pinger::tail);
        JsonNode imposter = alice.await("imposter", before, e -> e.path("contact").asText().equals(bobFp), STEP);
        assertThat(imposter.path("transportId").asText()).isEqualTo(bobsOldId);
        alice.await("rendezvous-state", before, e -> e.path("state").asText().equals("seeking"), STEP);
        quit(carol);
        running.remove(carol);

        // 4. alice takes a new Transport ID while bob is offline; bob, started later, learns it from her note.
        before = alice.events().size();
        alice.command("{\"cmd\":\"new-transport-id\"}");
        String alicesNewId = alice.await("transport", before, e -> true, STEP).path("transportId").asText();
        alice.await("rendezvous-state", before, e -> e.path("state").asText().equals("note"), STEP);
        bob = client("bob", data, port, "--metered");
        running.add(bob);
        assertThat(bob.await("rendezvous-met", STEP).path("transportId").asText()).isEqualTo(alicesNewId);
        bob.command("{\"cmd\":\"send\",\"contact\":\"" + aliceFp + "\",\"text\":\"got your note\"}");
        assertThat(alice.await("received", before, e -> true, STEP).path("text").asText()).isEqualTo("got your note");
      } finally {
        running.forEach(MeshClientProcess::close);
      }
    }
  }
}
