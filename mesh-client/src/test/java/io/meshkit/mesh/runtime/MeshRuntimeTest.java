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

  @SuppressWarnings("unchecked")
  private static String transportIdOf(Client listing, String name) {
    Map<String, Object> n = listing.last("network");
    return ((List<Map<String, Object>>) n.get("peers")).stream().filter(p -> name.equals(p.get("name")))
        .map(p -> (String) p.get("transportId")).findFirst().orElse(null);
  }

  @Test
  void shouldRegisterANewTransportIdWhenOursWasTakenAndCheckInWithIt() {
    Client a = new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001", "203.0.113.10");
    Client b = new Client("bob", "bbbbbbbb-0000-4000-8000-000000000002", "203.0.113.10");
    a.runtime.start();
    loop.advanceBy(1_000);
    b.runtime.start();
    loop.advanceBy(3_000);
    String old = (String) b.last("ready").get("transportId");
    assertThat(transportIdOf(a, "bob")).isEqualTo(old);
    // The server forgets bob's Transport ID and a squatter registers it before bob is back.
    net.lose(old);
    net.claim(old, new NoClaimEvents());
    loop.advanceBy(5_000);
    Map<String, Object> changed = b.last("transport");
    assertThat(changed).as("a transport event").isNotNull().containsEntry("previous", old)
        .containsEntry("reason", "taken");
    String fresh = (String) changed.get("transportId");
    assertThat(fresh).isNotEqualTo(old).startsWith("mesh-");
    assertThat(net.holds(fresh)).isTrue();
    assertThat(b.runtime.status()).containsEntry("transportId", fresh);
    // The core re-checked in with it: the router lists bob under the new Transport ID.
    assertThat(transportIdOf(a, "bob")).isEqualTo(fresh);
  }

  @Test
  void shouldRegisterTheSameTransportIdAgainWhenTheServerDroppedIt() {
    Client a = new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001", "203.0.113.10");
    a.runtime.start();
    loop.advanceBy(1_000);
    String id = (String) a.last("ready").get("transportId");
    net.lose(id);
    loop.advanceBy(TransportRegistration.FIRST_RETRY_MILLIS - 100);
    assertThat(net.holds(id)).as("not before the back-off").isFalse();
    loop.advanceBy(200);
    assertThat(net.holds(id)).isTrue();
    assertThat(a.last("transport")).isNull();
  }

  @Test
  void shouldBackOffWhileEveryNewTransportIdIsTaken() {
    Client a = new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001", "203.0.113.10");
    a.runtime.start();
    loop.advanceBy(1_000);
    String old = (String) a.last("ready").get("transportId");
    java.util.function.IntFunction<String> nth = n -> String.format("mesh-00000000-0000-4000-8000-%012d", n);
    assertThat(old).isEqualTo(nth.apply(1));
    // Squatters on our ID and on the next two our UUID source will give.
    net.lose(old);
    net.claim(old, new NoClaimEvents());
    net.claim(nth.apply(2), new NoClaimEvents());
    net.claim(nth.apply(3), new NoClaimEvents());
    int base = net.claimed.size();
    // Claims of ours: old again at +1 s (taken), #2 at +1+2 s (taken), #3 at +3+4 s (taken), #4 at +7+8 s.
    long[] at = {1_000, 3_000, 7_000, 15_000};
    String[] expected = {old, nth.apply(2), nth.apply(3), nth.apply(4)};
    long now = 0;
    for (int i = 0; i < at.length; i++) {
      loop.advanceBy(at[i] - 100 - now);
      assertThat(net.claimed.subList(base, net.claimed.size())).as("before " + at[i] + " ms").hasSize(i);
      loop.advanceBy(200);
      now = at[i] + 100;
      assertThat(net.claimed.subList(base, net.claimed.size())).as("by " + at[i] + " ms").hasSize(i + 1)
          .last().isEqualTo(expected[i]);
    }
    loop.advanceBy(1_000);
    assertThat(a.last("transport")).containsEntry("transportId", nth.apply(4)).containsEntry("previous", old);
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
