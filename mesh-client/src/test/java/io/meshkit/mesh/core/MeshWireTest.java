package io.meshkit.mesh.core;

import static io.meshkit.mesh.core.NodeHarness.discoveryId;
import static io.meshkit.mesh.core.NodeHarness.member;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MeshWireTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static MeshWire.Decoded roundTrip(MeshMessage m) throws Exception {
    return MeshWire.fromTree(JSON.readValue(MeshWire.encode(m), Object.class));
  }

  @Test
  void shouldRoundTripEveryMessageType() throws Exception {
    Member odd = new Member(discoveryId("bbbbbbbb"), "Zoë \"the\" \\ tab", "bbbbbbbb", "app-tbbbbbbbb");
    List<MeshMessage> all = List.of(
        new MeshMessage.CheckIn(odd),
        new MeshMessage.Welcome(2, discoveryId("aaaaaaaa"), 7, List.of(member("aaaaaaaa"), odd)),
        new MeshMessage.Delta(8, List.of(odd), List.of(discoveryId("cccccccc"))),
        new MeshMessage.Ping(8), new MeshMessage.Pong(), new MeshMessage.Resync(),
        new MeshMessage.Moved("app-nabc-1"), new MeshMessage.Leaving(""), new MeshMessage.Leaving(discoveryId("b1234567")),
        new MeshMessage.Merge(List.of(odd)));
    for (MeshMessage m : all) {
      assertThat(roundTrip(m)).isEqualTo(new MeshWire.Decoded.Ok(m));
    }
  }

  @Test
  void shouldBeCompact() {
    assertThat(MeshWire.encode(new MeshMessage.Ping(3))).isEqualTo("{\"t\":\"ping\",\"v\":3}");
    assertThat(MeshWire.encode(new MeshMessage.Delta(2, List.of(), List.of("app-nabc-bbbbbbbb"))))
        .isEqualTo("{\"t\":\"delta\",\"v\":2,\"u\":[],\"x\":[\"app-nabc-bbbbbbbb\"]}");
  }

  @Test
  void shouldRejectInvalidMessagesAsValues() throws Exception {
    for (String bad : List.of("[]", "{}", "{\"t\":\"nope\"}", "{\"t\":\"ping\",\"v\":-1}", "{\"t\":\"ping\",\"v\":\"x\"}",
        "{\"t\":\"in\",\"m\":[\"bad id!\",\"n\",\"bbbbbbbb\",\"x\"]}", "{\"t\":\"moved\",\"r\":\"\"}",
        "{\"t\":\"in\",\"m\":[\"app-nabc-bbbbbbbb\",\"\",\"bbbbbbbb\",\"app-t1\"]}",
        "{\"t\":\"welcome\",\"s\":0,\"r\":\"a-1\",\"v\":1,\"m\":[]}")) {
      assertThat(MeshWire.fromTree(JSON.readValue(bad, Object.class))).isInstanceOf(MeshWire.Decoded.Rejected.class);
    }
  }

  @Provide
  Arbitrary<Object> trees() {
    Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i), Arbitraries.just((Object) "ping"), Arbitraries.just((Object) "in"),
        Arbitraries.just(null));
    Arbitrary<Object> list = leaf.list().ofMaxSize(5).map(l -> (Object) l);
    Arbitrary<Object> map = Arbitraries.maps(Arbitraries.of("t", "m", "v", "s", "r", "u", "x"),
        Arbitraries.oneOf(leaf, list)).ofMaxSize(5).map(m -> (Object) m);
    return Arbitraries.oneOf(leaf, list, map);
  }

  @Property(tries = 500)
  void shouldNeverThrowOnAnyTree(@ForAll("trees") Object tree) {
    MeshWire.Decoded d = MeshWire.fromTree(tree);
    assertThat(d).isNotNull();
    if (d instanceof MeshWire.Decoded.Rejected r) {
      assertThat(r.reason()).hasSizeLessThan(100);
    }
  }

  @Test
  void shouldNotEchoInputInTheReason() {
    MeshWire.Decoded d = MeshWire.fromTree(Map.of("t", "moved", "r", "<script>secret-value"));
    assertThat(((MeshWire.Decoded.Rejected) d).reason()).doesNotContain("secret");
  }
}
