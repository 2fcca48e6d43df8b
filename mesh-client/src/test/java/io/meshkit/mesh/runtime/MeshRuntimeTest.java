package io.meshkit.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.core.MeshConfig;
import io.meshkit.mesh.core.wire.MeshMessage;
import io.meshkit.mesh.discovery.PublicIpDiscovery;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The runtime with fake adapters: a virtual-time event loop and an in-memory signaling world. It turns the CLI's
 * control protocol events out of the core, carries out effects without re-entering the core, moves to another namespace
 * when the public address changes, and stops cleanly.
 */
class MeshRuntimeTest {

  private final ManualLoop loop = new ManualLoop();
  private final FakeSignaling net = new FakeSignaling(loop);
  private final AtomicInteger uuids = new AtomicInteger();

  /** One runtime and the control events it emitted. */
  private final class Client {
    final String name;
    final List<Map<String, Object>> events = new ArrayList<>();
    final MeshRuntime runtime;
    final AtomicReference<PublicIpDiscovery.Result> address = new AtomicReference<>();

    Client(String name, String discoveryUuid, String ip) {
      this(name, discoveryUuid, () -> found(ip));
    }

    Client(String name, String discoveryUuid, Supplier<PublicIpDiscovery.Result> discovery) {
      this.name = name;
      RuntimeConfig config = new RuntimeConfig("mesh", name, discoveryUuid, MeshConfig.defaults(),
          SignalingEndpoint.parse("http://127.0.0.1:9/", "peerjs"), SignalingClient.Settings.DEFAULTS, List.of(),
          null);
      MeshRuntime.Ports ports = new MeshRuntime.Ports(loop, net, discovery, new SplittableRandom(name.hashCode()),
          () -> String.format("00000000-0000-4000-8000-%012d", uuids.incrementAndGet()), true);
      this.runtime = new MeshRuntime(config, e -> events.add(new LinkedHashMap<>(e)), ports);
    }

    Map<String, Object> last(String event) {
      Map<String, Object> found = null;
      for (Map<String, Object> e : events) {
        if (event.equals(e.get("event"))) {
          found = e;
        }
      }
      return found;
    }

    String role() {
      Map<String, Object> r = last("role");
      return r == null ? null : (String) r.get("role");
    }

    @SuppressWarnings("unchecked")
    List<String> peerNames() {
      Map<String, Object> n = last("network");
      return n == null ? null : ((List<Map<String, Object>>) n.get("peers")).stream()
          .map(p -> (String) p.get("name")).collect(Collectors.toList());
    }
  }

  private static PublicIpDiscovery.Found found(String ip) {
    try {
      return new PublicIpDiscovery.Found(InetAddress.getByName(ip), PublicIpDiscovery.Source.STUN);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldReportReadyThenBecomeRouterOfSlotOne() {
    Client a = new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001", "203.0.113.10");
    a.runtime.start();
    loop.advanceBy(1_000);
    Map<String, Object> ready = a.events.get(0);
    assertThat(ready).containsEntry("event", "ready").containsEntry("namespace", "n41c0c7ed3b598e44")
        .containsEntry("discoveryId", "mesh-n41c0c7ed3b598e44-aaaaaaaa-0000-4000-8000-000000000001")
        .containsEntry("publicIp", "203.0.113.10").containsEntry("ipSource", "stun")
        .containsEntry("transportId", "mesh-00000000-0000-4000-8000-000000000001");
    assertThat(net.claimed).containsExactly("mesh-00000000-0000-4000-8000-000000000001",
        "mesh-n41c0c7ed3b598e44-aaaaaaaa-0000-4000-8000-000000000001", "mesh-n41c0c7ed3b598e44-1");
    assertThat(a.role()).isEqualTo("router");
    assertThat(a.last("role")).containsEntry("routerId", "mesh-n41c0c7ed3b598e44-1");
    assertThat(a.peerNames()).isEmpty();
  }

  @Test
  void shouldFormOneMeshOfThreeAndAnswerStatus() {
    Client a = new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001", "203.0.113.10");
    Client b = new Client("bob", "bbbbbbbb-0000-4000-8000-000000000002", "203.0.113.10");
    Client c = new Client("carol", "cccccccc-0000-4000-8000-000000000003", "203.0.113.10");
    a.runtime.start();
    loop.advanceBy(1_000);
    b.runtime.start();
    c.runtime.start();
    loop.advanceBy(5_000);
    assertThat(a.role()).isEqualTo("router");
    assertThat(b.role()).isEqualTo("peer");
    assertThat(c.role()).isEqualTo("peer");
    assertThat(a.peerNames()).containsExactlyInAnyOrder("bob", "carol");
    assertThat(b.peerNames()).containsExactlyInAnyOrder("alice", "carol");
    assertThat(c.peerNames()).containsExactlyInAnyOrder("alice", "bob");
    Map<String, Object> status = b.runtime.status();
    assertThat(status).containsEntry("event", "status").containsEntry("role", "peer")
        .containsEntry("routerId", "mesh-n41c0c7ed3b598e44-1").containsEntry("namespace", "n41c0c7ed3b598e44");
    assertThat((List<?>) status.get("peers")).hasSize(2);
    // Members ping their router (docs/PROTOCOL.md §7.4): past the TTL everyone is still listed.
    loop.advanceBy(5 * 60_000);
    assertThat(a.peerNames()).containsExactlyInAnyOrder("bob", "carol");
    assertThat(net.sent).filteredOn(m -> m instanceof MeshMessage.Ping).isNotEmpty();
  }

  @Test
  void shouldHandOverOnAStopAndSayStopped() {
    Client a = new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001", "203.0.113.10");
    Client b = new Client("bob", "bbbbbbbb-0000-4000-8000-000000000002", "203.0.113.10");
    a.runtime.start();
    loop.advanceBy(1_000);
    b.runtime.start();
    loop.advanceBy(3_000);
    // stop() = beginStop(), wait, finish(); with virtual time the test runs the loop in between.
    java.util.concurrent.CompletableFuture<Void> done = a.runtime.beginStop();
    loop.runDue();
    assertThat(done).isDone();
    assertThat(net.holds("mesh-n41c0c7ed3b598e44-aaaaaaaa-0000-4000-8000-000000000001")).isFalse();
    assertThat(net.holds("mesh-n41c0c7ed3b598e44-1")).isFalse();
    a.runtime.finish();
    assertThat(loop.shutdowns).isEqualTo(1);
    assertThat(net.holds("mesh-00000000-0000-4000-8000-000000000001")).as("the Transport ID too").isFalse();
    loop.advanceBy(3_000);
    assertThat(b.role()).isEqualTo("router");
    assertThat(b.peerNames()).isEmpty();
  }

  @Test
  void shouldNotReenterTheCoreWhenAConnectFailsAtOnce() {
    // The Discovery ID is lost while the node searches: its next connect fails inside the effects of a step. The
    // driver queues that failure (ManualLoop and the strict driver throw if the core were stepped re-entrantly).
    Client a = new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001", "203.0.113.10");
    Client b = new Client("bob", "bbbbbbbb-0000-4000-8000-000000000002", "203.0.113.10");
    a.runtime.start();
    loop.advanceBy(1_000);
    b.runtime.start();
    loop.advanceBy(15); // bob's Discovery ID is claimed; his claim of slot 1 is on its way
    net.lose("mesh-n41c0c7ed3b598e44-bbbbbbbb-0000-4000-8000-000000000002");
    loop.advanceBy(30_000);
    assertThat(b.role()).isEqualTo("peer");
    assertThat(a.peerNames()).containsExactly("bob");
  }

  @Test
  void shouldMoveToTheNewNamespaceWhenThePublicAddressChanges() {
    Client a = new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001", "203.0.113.10");
    Client b = new Client("bob", "bbbbbbbb-0000-4000-8000-000000000002", "203.0.113.10");
    Client c = new Client("carol", "cccccccc-0000-4000-8000-000000000003", "198.51.100.7");
    a.runtime.start();
    c.runtime.start();
    loop.advanceBy(1_000);
    b.runtime.start();
    loop.advanceBy(3_000);
    assertThat(a.peerNames()).containsExactly("bob");
    b.runtime.publicAddressChanged(found("198.51.100.7"));
    loop.advanceBy(10_000);
    assertThat(b.last("ready")).containsEntry("namespace", "n7b560ed97fd76232");
    assertThat(a.peerNames()).isEmpty();
    assertThat(c.peerNames()).containsExactly("bob");
    assertThat(b.peerNames()).containsExactly("carol");
    assertThat(net.holds("mesh-n41c0c7ed3b598e44-bbbbbbbb-0000-4000-8000-000000000002")).isFalse();
    // The same address again changes nothing.
    int before = b.events.size();
    b.runtime.publicAddressChanged(found("198.51.100.7"));
    loop.advanceBy(1_000);
    assertThat(b.events).hasSize(before);
  }

  @Test
  void shouldSayDiscoveryIsOffAndKeepTheTransportId() {
    Client a = new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001",
        () -> new PublicIpDiscovery.Off("metered"));
    a.runtime.start();
    loop.advanceBy(1_000);
    assertThat(a.events).containsExactly(Map.of("event", "discovery-off", "reason", "metered"));
    assertThat(net.holds("mesh-00000000-0000-4000-8000-000000000001")).isTrue();
    assertThat(a.runtime.status()).containsEntry("role", null).containsEntry("namespace", null);
  }

  @Test
  void shouldCountUnknownAndInvalidMessagesAgainstTheLink() {
    Client a = new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001", "203.0.113.10");
    a.runtime.start();
    loop.advanceBy(1_000);
    // A hostile peer holding a Discovery ID of the namespace floods the router with junk.
    FakeSignaling.FakeClaim evil = (FakeSignaling.FakeClaim) net.claim(
        "mesh-n41c0c7ed3b598e44-eeeeeeee-0000-4000-8000-000000000009", new NoClaimEvents());
    loop.advanceBy(100);
    AtomicInteger closed = new AtomicInteger();
    FakeSignaling.FakeLink link = (FakeSignaling.FakeLink) evil.connect("mesh-n41c0c7ed3b598e44-1",
        new SignalingPort.LinkListener() {
          @Override
          public void onOpen() {}

          @Override
          public void onMessage(Object value) {}

          @Override
          public void onClosed() {
            closed.incrementAndGet();
          }
        });
    loop.advanceBy(100);
    link.sendRaw(Map.of("type", "checkin", "discoveryID", "mesh-n41c0c7ed3b598e44-eeeeeeee-0000-4000-8000-000000000009",
        "friendlyname", "eve"));
    loop.advanceBy(100);
    assertThat(a.peerNames()).containsExactly("eve");
    for (int i = 0; i < 150; i++) {
      link.sendRaw(i % 2 == 0 ? Map.of("type", "future-thing") : List.of("not", "an", "object"));
    }
    loop.advanceBy(500);
    assertThat(closed.get()).isEqualTo(1);
    loop.advanceBy(500);
    assertThat(a.peerNames()).isEmpty();
  }

  private static final class NoClaimEvents implements SignalingPort.ClaimListener {
    @Override
    public void onClaimed() {}

    @Override
    public void onTaken() {}

    @Override
    public void onLost(String reason) {}

    @Override
    public SignalingPort.LinkListener onInbound(String remoteId, SignalingPort.Link link) {
      return null;
    }
  }
}
