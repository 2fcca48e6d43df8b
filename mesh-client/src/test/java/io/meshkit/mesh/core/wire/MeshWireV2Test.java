package io.meshkit.mesh.core.wire;

import static io.meshkit.mesh.core.wire.WireVectors.CHECKIN;
import static io.meshkit.mesh.core.wire.WireVectors.DELTA;
import static io.meshkit.mesh.core.wire.WireVectors.DELTA_REMOVAL;
import static io.meshkit.mesh.core.wire.WireVectors.MEMBER;
import static io.meshkit.mesh.core.wire.WireVectors.MEMBER_ENTRY;
import static io.meshkit.mesh.core.wire.WireVectors.MINIMAL_CHECKIN;
import static io.meshkit.mesh.core.wire.WireVectors.ROUTER_ENTRY;
import static io.meshkit.mesh.core.wire.WireVectors.SLOT2;
import static io.meshkit.mesh.core.wire.WireVectors.WELCOME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.mesh.peerjs.BinaryPack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The v2 wire format: the exact JSON of docs/PROTOCOL.md's examples, round trips through Jackson (json links) and
 * BinaryPack (binary links), the design documents' minimal messages, unknown types and fields, and a decoder that
 * never throws.
 */
class MeshWireV2Test {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  @Test
  void shouldEncodeTheSpecExamplesExactly() {
    assertThat(MeshWire.encode(CHECKIN)).isEqualTo("{\"type\":\"checkin\",\"protocol\":2,"
        + "\"discoveryID\":\"mesh-n41c0c7ed3b598e44-a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\",\"friendlyname\":\"Zoë\","
        + "\"discoveryUUID\":\"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\","
        + "\"transportID\":\"mesh-9f8e7d6c-5b4a-4c3d-2e1f-0a9b8c7d6e5f\"}");
    assertThat(MeshWire.encode(MINIMAL_CHECKIN)).isEqualTo("{\"type\":\"checkin\","
        + "\"discoveryID\":\"mesh-n41c0c7ed3b598e44-a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\",\"friendlyname\":\"Zoë\"}");
    assertThat(MeshWire.encode(WELCOME)).isEqualTo("{\"type\":\"welcome\",\"protocol\":2,\"slot\":1,"
        + "\"routerDiscoveryID\":\"mesh-n41c0c7ed3b598e44-5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f\",\"version\":7,"
        + "\"successor\":\"mesh-n41c0c7ed3b598e44-a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\",\"part\":1,\"parts\":1,"
        + "\"entries\":[{\"discoveryID\":\"mesh-n41c0c7ed3b598e44-5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f\","
        + "\"friendlyName\":\"alice\",\"lastSeen\":1718000000000,\"discoveryUUID\":\"5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f\","
        + "\"transportID\":\"mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d\"},"
        + "{\"discoveryID\":\"mesh-n41c0c7ed3b598e44-a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\",\"friendlyName\":\"Zoë\","
        + "\"lastSeen\":1718000004250,\"discoveryUUID\":\"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\","
        + "\"transportID\":\"mesh-9f8e7d6c-5b4a-4c3d-2e1f-0a9b8c7d6e5f\"}]}");
    assertThat(MeshWire.encode(DELTA_REMOVAL)).isEqualTo("{\"type\":\"delta\",\"version\":9,\"upserts\":[],"
        + "\"removed\":[\"mesh-n41c0c7ed3b598e44-a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\"],\"successor\":\"\"}");
    assertThat(MeshWire.encode(new MeshMessage.Ping(MeshMessage.ABSENT))).isEqualTo("{\"type\":\"ping\"}");
    assertThat(MeshWire.encode(new MeshMessage.Pong(9))).isEqualTo("{\"type\":\"pong\",\"version\":9}");
    assertThat(MeshWire.encode(new MeshMessage.Resync())).isEqualTo("{\"type\":\"resync\"}");
    assertThat(MeshWire.encode(new MeshMessage.Moved(SLOT2)))
        .isEqualTo("{\"type\":\"moved\",\"routerID\":\"mesh-n41c0c7ed3b598e44-2\"}");
    assertThat(MeshWire.encode(new MeshMessage.Leaving(""))).isEqualTo("{\"type\":\"leaving\",\"successor\":\"\"}");
    assertThat(MeshWire.encode(new MeshMessage.Merge(2, 2, List.of()))).isEqualTo(
        "{\"type\":\"merge\",\"protocol\":2,\"slot\":2,\"entries\":[]}");
    assertThat(MeshWire.encode(new MeshMessage.Refused("wrong-link")))
        .isEqualTo("{\"type\":\"refused\",\"reason\":\"wrong-link\"}");
  }

  @Test
  void shouldDecodeTheDesignDocumentsMinimalMessages() throws Exception {
    assertThat(decodeJson("{\"type\":\"checkin\",\"discoveryID\":\"" + MEMBER + "\",\"friendlyname\":\"Zoë\"}"))
        .isEqualTo(new MeshWire.Decoded.Ok(MINIMAL_CHECKIN));
    assertThat(decodeJson("{\"type\":\"ping\"}"))
        .isEqualTo(new MeshWire.Decoded.Ok(new MeshMessage.Ping(MeshMessage.ABSENT)));
  }

  @Test
  void shouldIgnoreUnknownTypesAndFields() throws Exception {
    assertThat(decodeJson("{\"type\":\"request\",\"friendlyname\":\"x\"}")).isEqualTo(new MeshWire.Decoded.Ignored());
    assertThat(decodeJson("{\"type\":\"ping\",\"version\":3,\"future\":{\"a\":[1,2]},\"x\":null}"))
        .isEqualTo(new MeshWire.Decoded.Ok(new MeshMessage.Ping(3)));
    String entryWithExtra = MeshWire.encode(WELCOME).replace("\"friendlyName\":\"alice\"",
        "\"friendlyName\":\"alice\",\"avatar\":\"…\"");
    assertThat(decodeJson(entryWithExtra)).isEqualTo(new MeshWire.Decoded.Ok(WELCOME));
  }

  @Test
  void shouldRejectInvalidMessagesWithoutQuotingThem() throws Exception {
    String secret = "SECRET-VALUE";
    List<String> bad = List.of(
        "[1,2]", "{\"no\":\"type\"}", "{\"type\":7}",
        "{\"type\":\"checkin\",\"discoveryID\":\"" + secret + "!\",\"friendlyname\":\"a\"}",
        "{\"type\":\"checkin\",\"discoveryID\":\"" + MEMBER + "\",\"friendlyname\":\"a\\n" + secret + "\"}",
        "{\"type\":\"checkin\",\"protocol\":1,\"discoveryID\":\"" + MEMBER + "\",\"friendlyname\":\"a\"}",
        "{\"type\":\"delta\",\"version\":0,\"upserts\":[],\"removed\":[]}",
        "{\"type\":\"delta\",\"version\":1.5,\"upserts\":[],\"removed\":[]}",
        "{\"type\":\"delta\",\"version\":9007199254740992,\"upserts\":[],\"removed\":[]}",
        "{\"type\":\"welcome\",\"slot\":1,\"routerDiscoveryID\":\"" + MEMBER
            + "\",\"version\":1,\"part\":2,\"parts\":1,\"entries\":[]}",
        "{\"type\":\"moved\",\"routerID\":\"" + secret + " \"}",
        "{\"type\":\"refused\",\"reason\":\"" + secret + "\"}");
    for (String json : bad) {
      MeshWire.Decoded d = decodeJson(json);
      assertThat(d).as(json).isInstanceOf(MeshWire.Decoded.Rejected.class);
      assertThat(((MeshWire.Decoded.Rejected) d).reason()).as(json).doesNotContain(secret).doesNotContain("Zoë");
    }
  }

  @Test
  void shouldAcceptIntegralDoublesAsBinaryPackFromJavaScriptMaySend() {
    Map<String, Object> ping = new LinkedHashMap<>();
    ping.put("type", "ping");
    ping.put("version", 12.0);
    assertThat(MeshWire.fromTree(ping)).isEqualTo(new MeshWire.Decoded.Ok(new MeshMessage.Ping(12)));
  }

  @Property(tries = 300)
  void shouldRoundTripThroughJsonAndBinaryPack(@ForAll("messages") MeshMessage m) throws Exception {
    String json = MeshWire.encode(m);
    assertThat(decodeJson(json)).isEqualTo(new MeshWire.Decoded.Ok(m));
    assertThat(JACKSON.readValue(json, Object.class)).isEqualTo(JACKSON.readValue(
        JACKSON.writeValueAsString(MeshWire.toTree(m)), Object.class));
    BinaryPack.Decoded packed = BinaryPack.decode(BinaryPack.encode(MeshWire.toTree(m)));
    assertThat(MeshWire.fromTree(((BinaryPack.Value) packed).value())).isEqualTo(new MeshWire.Decoded.Ok(m));
    assertThat(MeshWire.size(m)).isEqualTo(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }

  @Property(tries = 1000)
  void shouldNeverThrowOnArbitraryTrees(@ForAll("trees") Object tree) {
    assertThat(MeshWire.fromTree(tree)).isNotNull();
  }

  @Provide
  Arbitrary<MeshMessage> messages() {
    Arbitrary<Entry> entries = entries();
    Arbitrary<Long> versions = Arbitraries.longs().between(1, MeshWire.MAX_INTEGER);
    Arbitrary<Long> optional = Arbitraries.oneOf(Arbitraries.just(MeshMessage.ABSENT),
        Arbitraries.longs().between(0, MeshWire.MAX_INTEGER));
    return Arbitraries.oneOf(
        entries.map(e -> new MeshMessage.CheckIn(2, e.member().discoveryId(), e.member().name(), e.member().uuid(),
            e.member().transportId())),
        entries.list().ofMaxSize(20).map(l -> new MeshMessage.Welcome(2, 3, ROUTER_ENTRY.discoveryId(), 5, "", 1, 2,
            l)),
        Combinators.combine(versions, entries.list().ofMaxSize(10), ids().list().ofMaxSize(10))
            .as((v, u, r) -> new MeshMessage.Delta(v, u, r, null)),
        optional.map(MeshMessage.Ping::new),
        optional.map(MeshMessage.Pong::new),
        Arbitraries.just(new MeshMessage.Resync()),
        ids().map(MeshMessage.Moved::new),
        ids().map(MeshMessage.Leaving::new),
        entries.list().ofMaxSize(10).map(l -> new MeshMessage.Merge(2, 4, l)),
        Arbitraries.of(MeshWire.REFUSAL_REASONS).map(MeshMessage.Refused::new));
  }

  private static Arbitrary<String> ids() {
    return Arbitraries.strings().withChars("abcXYZ019").ofMinLength(1).ofMaxLength(20)
        .list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("-", parts));
  }

  private static Arbitrary<Entry> entries() {
    Arbitrary<String> uuids = Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(8).ofMaxLength(36);
    Arbitrary<String> names = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(64)
        .filter(FriendlyName::isValid);
    return Combinators.combine(uuids, names, Arbitraries.longs().between(0, MeshWire.MAX_INTEGER),
        Arbitraries.of(true, false)).as((u, n, t, hasTransport) -> new Entry(
            new Member("mesh-n0123-" + u, n, u, hasTransport ? "mesh-" + u : null), t));
  }

  @Provide
  Arbitrary<Object> trees() {
    Arbitrary<Object> scalars = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(10).map(s -> (Object) s),
        Arbitraries.longs().map(l -> (Object) l), Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.just(null), Arbitraries.of("checkin", "welcome", "delta", "ping", "merge", "moved", "leaving")
            .map(s -> (Object) s));
    Arbitrary<Object> known = Arbitraries.of("type", "discoveryID", "friendlyname", "entries", "version", "slot",
        "part", "parts", "removed", "upserts", "routerID", "successor", "lastSeen", "friendlyName", "discoveryUUID");
    return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.oneOf(
        inner.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l)),
        Combinators.combine(known.map(Object::toString).list().ofMaxSize(6), inner.list().ofMaxSize(6))
            .as((ks, vs) -> {
              Map<String, Object> m = new LinkedHashMap<>();
              for (int i = 0; i < Math.min(ks.size(), vs.size()); i++) {
                m.put(ks.get(i), vs.get(i));
              }
              return (Object) m;
            })), 4);
  }

  private static MeshWire.Decoded decodeJson(String json) throws Exception {
    return MeshWire.fromTree(JACKSON.readValue(json, Object.class));
  }

  @Test
  void shouldSplitEveryMessageUnderTheLimitAndKeepEveryEntry() {
    List<Entry> many = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      String uuid = String.format("%08d-0000-4000-8000-%012d", i, i);
      many.add(new Entry(new Member("mesh-" + WireVectors.NS + "-" + uuid, "名".repeat(64), uuid,
          "mesh-" + uuid), 1718000000000L + i));
    }
    List<MeshMessage.Welcome> parts = Split.welcome(1, ROUTER_ENTRY.discoveryId(), 3, "", many, MeshWire::size);
    List<Entry> back = new ArrayList<>();
    for (MeshMessage.Welcome w : parts) {
      assertThat(MeshWire.size(w)).isLessThanOrEqualTo(MeshWire.MAX_MESSAGE_BYTES);
      assertThat(w.parts()).isEqualTo(parts.size());
      back.addAll(w.entries());
    }
    assertThat(back).isEqualTo(many);
    assertThat(parts.size()).isGreaterThan(1);

    List<String> removed = many.stream().map(Entry::discoveryId).toList();
    List<MeshMessage.Delta> deltas = Split.deltas(10, many, removed, "", MeshWire::size);
    long v = 10;
    List<Entry> ups = new ArrayList<>();
    List<String> rem = new ArrayList<>();
    for (MeshMessage.Delta d : deltas) {
      assertThat(d.version()).isEqualTo(v++);
      assertThat(MeshWire.size(d)).isLessThanOrEqualTo(MeshWire.MAX_MESSAGE_BYTES);
      ups.addAll(d.upserts());
      rem.addAll(d.removed());
    }
    assertThat(ups).isEqualTo(many);
    assertThat(rem).isEqualTo(removed);
    assertThat(deltas.get(deltas.size() - 1).successor()).isEqualTo("");
    assertThat(deltas.subList(0, deltas.size() - 1)).allMatch(d -> d.successor() == null);

    List<MeshMessage.Merge> merges = Split.merge(2, many, MeshWire::size);
    assertThat(merges).allMatch(m -> MeshWire.size(m) <= MeshWire.MAX_MESSAGE_BYTES);
    assertThat(merges.stream().mapToInt(m -> m.entries().size()).sum()).isEqualTo(many.size());
  }

  @Test
  void shouldSendOneEmptyWelcomePartAndNoDeltaForNothing() {
    assertThat(Split.welcome(1, ROUTER_ENTRY.discoveryId(), 0, "", List.of(), MeshWire::size))
        .containsExactly(new MeshMessage.Welcome(2, 1, ROUTER_ENTRY.discoveryId(), 0, "", 1, 1, List.of()));
    assertThat(Split.deltas(1, List.of(), List.of(), null, MeshWire::size)).isEmpty();
    assertThat(Split.deltas(8, List.of(MEMBER_ENTRY), List.of(), null, MeshWire::size)).containsExactly(DELTA);
  }

  /** The widest entry of docs/PROTOCOL.md §4.2: every member at its longest, the name 64 four-byte code points. */
  private static Entry widest(int i) {
    String prefix = "p".repeat(45);
    String uuid = String.format("%08d", i) + "u".repeat(56);
    String id = prefix + "-n0123456789abcdef-" + uuid;
    return new Entry(new Member(id, "😀".repeat(64), uuid, "t".repeat(128)), MeshWire.MAX_INTEGER);
  }

  @Test
  void shouldMakeTheWidestEntry676BytesSoThatAMessageHoldsAtLeast23() {
    assertThat(widest(0).discoveryId()).hasSize(128);
    assertThat(MeshWire.size(widest(0))).isEqualTo(676);
    // The widest header: 128-character router and successor IDs, the largest version, slot and part numbers.
    String id = widest(0).discoveryId();
    MeshMessage.Welcome header = new MeshMessage.Welcome(2, 64, id, MeshWire.MAX_INTEGER, id, 1000, 1000, List.of());
    assertThat(MeshWire.size(header)).isEqualTo(400);
    List<Entry> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add(widest(i));
    }
    List<MeshMessage.Welcome> parts = Split.welcome(64, id, MeshWire.MAX_INTEGER, id, many, MeshWire::size);
    assertThat(parts.subList(0, parts.size() - 1)).allMatch(p -> p.entries().size() >= 23);
    assertThat(parts).allMatch(p -> MeshWire.size(p) <= MeshWire.MAX_MESSAGE_BYTES);
  }

  @Test
  void shouldWriteAnEmptySuccessorIntoEveryWelcomeAndReadAnAbsentOneAsEmpty() throws Exception {
    MeshMessage.Welcome none = new MeshMessage.Welcome(2, 1, ROUTER_ENTRY.discoveryId(), 0, "", 1, 1, List.of());
    assertThat(MeshWire.encode(none)).isEqualTo("{\"type\":\"welcome\",\"protocol\":2,\"slot\":1,"
        + "\"routerDiscoveryID\":\"" + ROUTER_ENTRY.discoveryId() + "\",\"version\":0,\"successor\":\"\","
        + "\"part\":1,\"parts\":1,\"entries\":[]}");
    assertThat(decodeJson("{\"type\":\"welcome\",\"protocol\":2,\"slot\":1,\"routerDiscoveryID\":\"" + ROUTER_ENTRY.discoveryId()
        + "\",\"version\":0,\"part\":1,\"parts\":1,\"entries\":[]}")).isEqualTo(new MeshWire.Decoded.Ok(none));
  }

  @Property(tries = 300)
  void shouldNeverBeLargerInBinaryPackThanAsJsonText(@ForAll("messages") MeshMessage m) {
    // docs/PROTOCOL.md §3.3: a receiver may measure the BinaryPack payload instead of the JSON text.
    assertThat(BinaryPack.encode(MeshWire.toTree(m)).length).isLessThanOrEqualTo(MeshWire.size(m));
  }

  @Test
  void shouldKeepTheLargestSplitMessagesUnderTheReceiveLimitInBinaryPackToo() {
    List<Entry> many = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      many.add(widest(i));
      removed.add(widest(i).discoveryId());
    }
    String id = widest(0).discoveryId();
    List<MeshMessage> all = new ArrayList<>(Split.welcome(64, id, MeshWire.MAX_INTEGER, id, many, MeshWire::size));
    all.addAll(Split.deltas(MeshWire.MAX_INTEGER - 10_000, many, removed, id, MeshWire::size));
    all.addAll(Split.deltas(1, List.of(), removed, id, MeshWire::size));
    all.addAll(Split.merge(64, many, MeshWire::size));
    for (MeshMessage m : all) {
      int json = MeshWire.size(m);
      assertThat(json).isLessThanOrEqualTo(MeshWire.MAX_MESSAGE_BYTES);
      assertThat(BinaryPack.encode(MeshWire.toTree(m)).length).isLessThanOrEqualTo(json);
    }
  }
}
