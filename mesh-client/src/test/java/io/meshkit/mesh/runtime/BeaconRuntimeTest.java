package io.meshkit.mesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.beacon.BeaconKeys;
import io.meshkit.beacon.BeaconSigner;
import io.meshkit.beacon.Period;
import io.meshkit.mesh.beacon.BeaconSettings;
import io.meshkit.mesh.core.MeshConfig;
import io.meshkit.mesh.discovery.PublicIpDiscovery;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The runtime following a beacon (docs/PROTOCOL.md §13.3.5) in virtual time, with an issuer that signs the loop's wall
 * clock every 20 s and the in-memory signaling world: three clients of one network keep one mesh across rotations,
 * nobody leaves anybody's list, the old namespace is left after the overlap, every ID carries the prefix of the beacon
 * its connection presents, and a lost Transport ID comes back under the current prefix.
 */
class BeaconRuntimeTest {
  private static final int PERIOD = 20;
  private static final BeaconSigner ISSUER = BeaconSigner.ofHex(
      "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");

  private final ManualLoop loop = new ManualLoop();
  private final FakeSignaling net = new FakeSignaling(loop);
  private final AtomicInteger uuids = new AtomicInteger();
  private final AtomicBoolean issuerUp = new AtomicBoolean(true);

  private String prefixAt(long loopMillis) {
    return ISSUER.sign(Period.at(ManualLoop.WALL_AT_ZERO + loopMillis, PERIOD)).prefix();
  }

  private final class Client {
    final String name;
    final List<Map<String, Object>> events = new ArrayList<>();
    final MeshRuntime runtime;
    final BeaconBook book = new BeaconBook();

    Client(String name, String discoveryUuid) {
      this.name = name;
      BeaconSettings beacon = new BeaconSettings(URI.create("http://127.0.0.1:9/beacon"), "https://app.example",
          BeaconKeys.of(ISSUER.publicKey()));
      RuntimeConfig config = new RuntimeConfig(null, name, discoveryUuid, MeshConfig.defaults(),
          SignalingEndpoint.parse("http://127.0.0.1:9/", "peerjs"), SignalingClient.Settings.DEFAULTS, List.of(),
          null, beacon);
      MeshRuntime.Ports ports = new MeshRuntime.Ports(loop, net, () -> found("203.0.113.10"),
          new SplittableRandom(name.hashCode()),
          () -> String.format("00000000-0000-4000-8000-%012d", uuids.incrementAndGet()), true,
          () -> issuerUp.get()
              ? CompletableFuture.completedFuture(ISSUER.sign(Period.at(loop.wallClockMillis(), PERIOD)).text())
              : CompletableFuture.failedFuture(new java.net.ConnectException("Connection refused")),
          book);
      runtime = new MeshRuntime(config, e -> events.add(new LinkedHashMap<>(e)), ports);
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

    @SuppressWarnings("unchecked")
    List<String> peerNames() {
      Map<String, Object> n = last("network");
      return n == null ? List.of() : ((List<Map<String, Object>>) n.get("peers")).stream()
          .map(p -> (String) p.get("name")).collect(Collectors.toList());
    }

    Map<String, Object> status() {
      return runtime.status();
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
  void shouldKeepOneMeshAcrossThreeRotations() {
    List<Client> all = List.of(new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001"),
        new Client("bob", "bbbbbbbb-0000-4000-8000-000000000002"),
        new Client("carol", "cccccccc-0000-4000-8000-000000000003"));
    loop.advanceTo(1_000);
    for (Client c : all) {
      c.runtime.start();
    }
    loop.advanceTo(10_000);
    String first = prefixAt(10_000);
    for (Client c : all) {
      assertThat(c.last("ready")).containsEntry("prefix", first);
      assertThat((String) c.last("ready").get("transportId")).startsWith(first + "-");
    }
    // From now on, every 100 ms: is every other member in each client's list? The longest absence is kept.
    Map<String, Long> absentSince = new HashMap<>();
    long worst = 0;
    List<String> routersAfterEachRotation = new ArrayList<>();
    for (long t = 10_000; t <= 80_000; t += 100) {
      loop.advanceTo(t);
      for (Client c : all) {
        for (Client other : all) {
          if (other == c) {
            continue;
          }
          String key = c.name + ">" + other.name;
          if (c.peerNames().contains(other.name)) {
            Long since = absentSince.remove(key);
            if (since != null) {
              worst = Math.max(worst, t - since);
            }
          } else {
            absentSince.putIfAbsent(key, t);
          }
        }
      }
      if (t % 20_000 == 15_000) { // 15 s into a period: the rotation (at most 2 s + overlap 10 s) is done
        String prefix = prefixAt(t);
        List<String> routerIds = all.stream().map(c -> (String) c.status().get("routerId")).distinct().toList();
        assertThat(routerIds).as("one router at %d ms", t).hasSize(1);
        assertThat(routerIds.get(0)).startsWith(prefix + "-");
        assertThat(all.stream().filter(c -> "router".equals(c.status().get("role")))).hasSize(1);
        for (Client c : all) {
          assertThat(c.status()).containsEntry("prefix", prefix);
        }
        routersAfterEachRotation.add(routerIds.get(0));
        // The previous prefix's IDs are all released (overlap 10 s after the join).
        String previous = prefixAt(t - 20_000);
        assertThat(net.claimed.stream().filter(id -> id.startsWith(previous + "-") && net.holds(id)
            && !id.equals(all.get(0).status().get("transportId"))
            && !id.equals(all.get(1).status().get("transportId"))
            && !id.equals(all.get(2).status().get("transportId")))).as("held under %s", previous).isEmpty();
      }
    }
    assertThat(absentSince).as("absent at the end").isEmpty();
    assertThat(worst).as("longest absence from a list, ms").isZero();
    assertThat(routersAfterEachRotation).hasSize(4); // at 15 s, 35 s, 55 s, 75 s: three rotations after the first
    for (Client c : all) {
      assertThat(c.events.stream().filter(e -> "beacon".equals(e.get("event")))).hasSize(4);
      // The Transport ID is kept while it is held, whatever its prefix.
      assertThat((String) c.status().get("transportId")).startsWith(first + "-");
    }
    // Every ID was claimed with a connection that presents the beacon of its prefix.
    for (String id : net.claimed) {
      String beacon = all.stream().map(c -> c.book.beaconFor(id)).filter(b -> b != null).findFirst().orElse(null);
      assertThat(beacon).as("beacon for %s", id).isNotNull();
      assertThat(id).startsWith(io.meshkit.beacon.Beacon.parse(beacon).orElseThrow().prefix() + "-");
    }
  }

  @Test
  void shouldWaitForAValidBeaconBeforeJoiningAndSayWhy() {
    issuerUp.set(false);
    Client a = new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001");
    loop.advanceTo(1_000);
    a.runtime.start();
    loop.advanceTo(5_000);
    assertThat(a.last("fault")).containsEntry("reason", "beacon-unreachable").containsEntry("retrying", true);
    assertThat(a.last("ready")).isNull();
    assertThat(net.claimed).isEmpty();
    assertThat(a.events.stream().filter(e -> "fault".equals(e.get("event")))).hasSize(1);
    issuerUp.set(true);
    loop.advanceTo(40_000);
    assertThat(a.last("recovered")).containsEntry("reason", "beacon-unreachable");
    assertThat(a.last("ready")).isNotNull();
    assertThat(a.status()).containsEntry("role", "router");
  }

  @Test
  void shouldRegisterALostTransportIdAgainUnderTheCurrentPrefix() {
    Client a = new Client("alice", "aaaaaaaa-0000-4000-8000-000000000001");
    loop.advanceTo(1_000);
    a.runtime.start();
    loop.advanceTo(45_000); // two rotations later
    String old = (String) a.status().get("transportId");
    assertThat(old).startsWith(prefixAt(1_000) + "-");
    net.lose(old); // as when an enforcing server refuses its reconnect with a beacon two periods old
    loop.advanceTo(50_000);
    assertThat(a.last("transport")).containsEntry("previous", old).containsEntry("reason", "lost");
    assertThat((String) a.status().get("transportId")).startsWith(prefixAt(50_000) + "-");
  }
}
