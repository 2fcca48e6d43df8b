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
 * Two clients as processes on one host (one namespace) against our signaling server, driven through {@code --json}:
 * they list each other as strangers, one requests, the other accepts, they chat both ways; then one stops, the other
 * queues messages for it, and after its restart (same data directory, a new Transport ID) they arrive in order and
 * once, and the history is still there.
 */
class ContactsChatIT {
  private static final Duration STEP = Duration.ofSeconds(60);

  private static MeshClientProcess client(String name, Path data, int port) {
    return MeshClientProcess.start(name, List.of("--json", "--name", name, "--data-dir",
        data.resolve(name).toString(), "--signaling", "http://127.0.0.1:" + port + "/", "--no-stun"));
  }

  private static JsonNode stranger(MeshClientProcess c, String name) {
    return c.await("contacts", 0, e -> {
      for (JsonNode s : e.path("strangers")) {
        if (name.equals(s.path("name").asText())) {
          return true;
        }
      }
      return false;
    }, STEP);
  }

  @Test
  void shouldBecomeContactsChatAndDeliverWhatWasQueuedAfterARestart() throws Exception {
    Path data = Files.createTempDirectory("meshkit-contacts");
    try (PeerServers.Running server = PeerServers.start(PeerServers.Kind.MESHKIT, List.of())) {
      MeshClientProcess alice = client("alice", data, server.port());
      MeshClientProcess bob = client("bob", data, server.port());
      try {
        String aliceFp = alice.await("identity", STEP).path("fingerprint").asText();
        String bobFp = bob.await("identity", STEP).path("fingerprint").asText();
        JsonNode seen = stranger(alice, "bob");
        String bobDiscovery = null;
        for (JsonNode s : seen.path("strangers")) {
          if ("bob".equals(s.path("name").asText())) {
            bobDiscovery = s.path("discoveryId").asText();
          }
        }
        alice.command("{\"cmd\":\"request\",\"discoveryId\":\"" + bobDiscovery + "\"}");
        JsonNode request = bob.await("request", STEP);
        assertThat(request.path("name").asText()).isEqualTo("alice");
        assertThat(request.path("fingerprint").asText()).isEqualTo(aliceFp);
        bob.command("{\"cmd\":\"accept\",\"request\":" + request.path("request").asLong() + "}");
        JsonNode added = alice.await("contact-added", STEP).path("contact");
        assertThat(added.path("fingerprint").asText()).isEqualTo(bobFp);
        assertThat(bob.await("contact-added", STEP).path("contact").path("safetyNumber").asText())
            .isEqualTo(added.path("safetyNumber").asText());
        assertThat(alice.await("request-answered", STEP).path("outcome").asText()).isEqualTo("accepted");

        alice.command("{\"cmd\":\"send\",\"contact\":\"" + bobFp + "\",\"text\":\"hello bob\"}");
        JsonNode got = bob.await("received", STEP);
        assertThat(got.path("text").asText()).isEqualTo("hello bob");
        assertThat(got.path("contact").asText()).isEqualTo(aliceFp);
        alice.await("delivered", STEP);
        bob.command("{\"cmd\":\"send\",\"contact\":\"" + aliceFp + "\",\"text\":\"hi alice\"}");
        assertThat(alice.await("received", STEP).path("text").asText()).isEqualTo("hi alice");

        // bob stops; alice queues five messages for it.
        bob.command("{\"cmd\":\"quit\"}");
        assertThat(bob.awaitExit(STEP)).isZero();
        int before = alice.events().size();
        for (int i = 1; i <= 5; i++) {
          alice.command("{\"cmd\":\"send\",\"contact\":\"" + bobFp + "\",\"text\":\"queued " + i + "\"}");
        }
        alice.await("queued", before, e -> e.path("text").asText().equals("queued 5"), STEP);

        MeshClientProcess bob2 = client("bob", data, server.port());
        bob = bob2;
        List<String> texts = new ArrayList<>();
        io.meshkit.testkit.lab.Await.until(() -> {
          texts.clear();
          bob2.events().stream().filter(e -> e.path("event").asText().equals("received"))
              .forEach(e -> texts.add(e.path("text").asText()));
          return texts.size() >= 5;
        }, Duration.ofSeconds(120), bob2::tail);
        assertThat(texts).containsExactly("queued 1", "queued 2", "queued 3", "queued 4", "queued 5");
        alice.await("delivered", before, e -> true, STEP);

        int n = bob2.events().size();
        bob2.command("{\"cmd\":\"history\",\"contact\":\"" + aliceFp + "\"}");
        JsonNode history = bob2.await("history", n, e -> true, STEP);
        List<String> all = new ArrayList<>();
        history.path("messages").forEach(m -> all.add(m.path("text").asText()));
        assertThat(all).containsExactly("hello bob", "hi alice", "queued 1", "queued 2", "queued 3", "queued 4",
            "queued 5");
        // Nothing shown twice (the history answer came after every resend had been acknowledged).
        assertThat(bob2.events().stream().filter(e -> e.path("event").asText().equals("received")).count())
            .isEqualTo(5);
      } finally {
        alice.close();
        bob.close();
      }
    }
  }
}
