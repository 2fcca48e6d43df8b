package io.meshkit.mesh.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshkit.mesh.identity.IdentityVectors;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ContactWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Object tree(String json) throws Exception {
    return JSON.readValue(json, Object.class);
  }

  @Test
  void shouldWriteTheSpecExamplesAndReadThemBack() throws Exception {
    List<ContactMessage> all = List.of(
        new ContactMessage.Hello(IdentityVectors.initiator().publicKey(), IdentityVectors.bytes(
            IdentityVectors.INITIATOR_NONCE)),
        new ContactMessage.Proof(IdentityVectors.bytes(IdentityVectors.INITIATOR_SIGNATURE)),
        new ContactMessage.Request("alice"),
        new ContactMessage.Accepted("Zoë", "mesh-9f8e7d6c-5b4a-4c3d-2e1f-0a9b8c7d6e5f",
            "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"),
        new ContactMessage.Rejected(),
        new ContactMessage.Confirm("alice", "mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d",
            "5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f"),
        new ContactMessage.Presence("alice", "mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d",
            "5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f"),
        new ContactMessage.Chat("3f1c2a9e-7b44-4d0a-9c55-1e2f3a4b5c6d", 1, 1718000000000L, "hi\nthere 👋"),
        new ContactMessage.Ack("3f1c2a9e-7b44-4d0a-9c55-1e2f3a4b5c6d", 1),
        new ContactMessage.SpecialOffer(IdentityVectors.bytes(IdentityVectors.INITIATOR_NONCE)),
        new ContactMessage.SpecialAccept(IdentityVectors.bytes(IdentityVectors.RESPONDER_NONCE)),
        new ContactMessage.SpecialEnd(),
        new ContactMessage.SpecialCheck(IdentityVectors.bytes("0b80b24a0581fb6f6ed691bfeb23ea69")),
        new ContactMessage.Note("mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d", 1718030100000L,
            IdentityVectors.bytes(IdentityVectors.INITIATOR_SIGNATURE)));
    for (ContactMessage m : all) {
      String json = ContactWire.encode(m);
      assertThat(json).isEqualTo(JSON.writeValueAsString(JSON.readValue(json, Object.class)));
      ContactWire.Decoded d = ContactWire.fromTree(tree(json));
      assertThat(d).isInstanceOf(ContactWire.Decoded.Ok.class);
      assertThat(ContactWire.encode(((ContactWire.Decoded.Ok) d).message())).isEqualTo(json);
    }
    assertThat(ContactWire.encode(all.get(7))).isEqualTo("{\"type\":\"message\",\"id\":\"3f1c2a9e-7b44-4d0a-9c55-"
        + "1e2f3a4b5c6d\",\"seq\":1,\"sent\":1718000000000,\"text\":\"hi\\nthere 👋\"}");
  }

  @Test
  void shouldRefuseInvalidMessagesAndIgnoreUnknownTypes() throws Exception {
    assertThat(ContactWire.fromTree(tree("{\"type\":\"future\"}"))).isInstanceOf(ContactWire.Decoded.Ignored.class);
    for (String bad : List.of("[]", "{}", "{\"type\":\"proof\",\"signature\":\"00\"}",
        "{\"type\":\"hello\",\"version\":1,\"key\":\"04\",\"nonce\":\"00\"}",
        "{\"type\":\"hello\",\"version\":0,\"key\":\"" + IdentityVectors.INITIATOR_KEY + "\",\"nonce\":\""
            + IdentityVectors.INITIATOR_NONCE + "\"}",
        "{\"type\":\"message\",\"id\":\"x\",\"seq\":0,\"sent\":1,\"text\":\"a\"}",
        "{\"type\":\"message\",\"id\":\"x\",\"seq\":1,\"sent\":1,\"text\":\"a\\u001b[2J\"}",
        "{\"type\":\"message\",\"id\":\"x y\",\"seq\":1,\"sent\":1,\"text\":\"a\"}",
        "{\"type\":\"message\",\"id\":\"x\",\"seq\":1,\"sent\":1,\"text\":\"\"}",
        "{\"type\":\"request\",\"friendlyname\":\"a\\u202eb\"}",
        "{\"type\":\"ack\",\"id\":\"x\",\"seq\":9007199254740992}")) {
      assertThat(ContactWire.fromTree(tree(bad))).as(bad).isInstanceOf(ContactWire.Decoded.Rejected.class);
    }
    assertThat(ContactWire.fromTree(tree("{\"type\":\"message\",\"id\":\"x\",\"seq\":1,\"sent\":1,\"text\":\""
        + "é".repeat(2000) + "\"}"))).isInstanceOf(ContactWire.Decoded.Ok.class);
    assertThat(ContactWire.fromTree(tree("{\"type\":\"message\",\"id\":\"x\",\"seq\":1,\"sent\":1,\"text\":\""
        + "é".repeat(2001) + "\"}"))).isInstanceOf(ContactWire.Decoded.Rejected.class);
  }

  @Test
  void shouldKeepTheLongestMessageUnder16000Bytes() {
    String worst = "\u0001".repeat(0) + "\t".repeat(2000);
    assertThat(ContactWire.encode(new ContactMessage.Chat("a".repeat(64), (1L << 53) - 1, (1L << 53) - 1, worst))
        .getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(16_000);
    String emoji = "😀".repeat(2000);
    assertThat(ContactWire.encode(new ContactMessage.Chat("a".repeat(64), 1, 1, emoji))
        .getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(16_000);
  }

  @Property(tries = 300)
  void shouldNeverThrowOnArbitraryTrees(@ForAll("trees") Object tree) {
    assertThat(ContactWire.fromTree(tree)).isNotNull();
  }

  @Provide
  Arbitrary<Object> trees() {
    Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200).map(s -> (Object) s),
        Arbitraries.longs().map(l -> (Object) l), Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.just((Object) null), Arbitraries.of("hello", "proof", "message", "ack", "request", "accepted",
            "confirm", "presence", "rejected").map(s -> (Object) s));
    Arbitrary<String> keys = Arbitraries.of("type", "key", "nonce", "signature", "id", "seq", "sent", "text",
        "friendlyname", "transportID", "discoveryUUID", "version");
    return Arbitraries.maps(keys, leaf).ofMaxSize(8).map(m -> (Object) Map.copyOf(
        m.entrySet().stream().filter(e -> e.getValue() != null)
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
  }
}
