package io.meshkit.mesh.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshkit.mesh.core.MeshIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The test vectors of docs/PROTOCOL.md §13.2.1–§13.2.3: slot labels, the namespace, the priority and the phase. They
 * were computed independently (Python's hmac and datetime) before this implementation checked them.
 */
class RendezvousVectorsTest {
  static final byte[] SECRET_A = HexFormat.of().parseHex(
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  static final byte[] SECRET_B = sha256("meshkit rendezvous vector");

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "1718030100000, 2863383, UTC-2024-06-10-14-3",
      "1718030399999, 2863383, UTC-2024-06-10-14-3",
      "1718030400000, 2863384, UTC-2024-06-10-14-4",
      "1735689300000, 2892815, UTC-2024-12-31-23-5",
      "1735689600000, 2892816, UTC-2025-01-01-00-0",
      "1709197500000, 2848662, UTC-2024-02-29-09-0",
      "0, 0, UTC-1970-01-01-00-0",
  })
  void shouldLabelSlotsAsTheSpecSays(long unixMillis, long index, String label) {
    TimeSlot s = TimeSlot.at(unixMillis);
    assertThat(s.index()).isEqualTo(index);
    assertThat(s.label()).isEqualTo(label);
    assertThat(s.startMillis()).isLessThanOrEqualTo(unixMillis);
    assertThat(s.endMillis()).isGreaterThan(unixMillis);
  }

  @ParameterizedTest
  @CsvSource({
      "A, 1718030100000, 4b6b173833aa6b9cdb0bc883d08fda57fc1346d3a0957b19f00e6cc5d474d05e, "
          + "rendezvous-4b6b173833aa6b9cdb0bc883d08fda57, fc1346d3a0957b19",
      "A, 1718030400000, 07853b4c704dfa3d0eab396b8d60452b6e1b53263b0ee91f9a26872c7fe2e5c0, "
          + "rendezvous-07853b4c704dfa3d0eab396b8d60452b, 6e1b53263b0ee91f",
      "A, 1735689300000, 5a1b9bf6b26244ee6de8e0e8a7f541c7db97abc48d37bea3582cf92a41590a36, "
          + "rendezvous-5a1b9bf6b26244ee6de8e0e8a7f541c7, db97abc48d37bea3",
      "A, 1735689600000, 1c08ebb903b06f36f41d1454e67e06e3547a427622f28b393183669bbc055bb0, "
          + "rendezvous-1c08ebb903b06f36f41d1454e67e06e3, 547a427622f28b39",
      "B, 1718030100000, c5656db6ee7893af17fd54213c6f181e45d96779dfdb712cc96857e101becc7f, "
          + "rendezvous-c5656db6ee7893af17fd54213c6f181e, 45d96779dfdb712c",
      "B, 1709197500000, a2e139bd45cbb9317267565630f6e606be546b77af9fda7d38f88e059e8b883e, "
          + "rendezvous-a2e139bd45cbb9317267565630f6e606, be546b77af9fda7d",
  })
  void shouldComputeTheNamespaceAndPriorityOfTheVectors(String secret, long unixMillis, String hmac, String ns,
                                                        String priority) {
    byte[] s = secret.equals("A") ? SECRET_A : SECRET_B;
    TimeSlot slot = TimeSlot.at(unixMillis);
    assertThat(HexFormat.of().formatHex(RendezvousNamespace.hmac(s, slot))).isEqualTo(hmac);
    assertThat(RendezvousNamespace.of(s, slot)).isEqualTo(ns).hasSize(RendezvousNamespace.LENGTH);
    assertThat(String.format("%016x", RendezvousNamespace.priority(s, slot))).isEqualTo(priority);
  }

  @Test
  void shouldComputeThePhaseOfTheVectors() {
    assertThat(RendezvousSchedule.phase(SECRET_A)).isEqualTo(20575);
    assertThat(RendezvousSchedule.phase(SECRET_B)).isEqualTo(42661);
  }

  @Test
  void shouldBuildValidIdsUpToTheLongestPrefix() {
    String ns = RendezvousNamespace.of(SECRET_A, TimeSlot.at(1718030100000L));
    String uuid = "5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f";
    assertThat(MeshIds.discoveryId("mesh", ns, uuid))
        .isEqualTo("mesh-rendezvous-4b6b173833aa6b9cdb0bc883d08fda57-5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f");
    assertThat(MeshIds.routerId("mesh", ns, 1)).isEqualTo("mesh-rendezvous-4b6b173833aa6b9cdb0bc883d08fda57-1");
    String longest = "p".repeat(RendezvousNamespace.MAX_PREFIX_LENGTH);
    assertThat(RendezvousNamespace.MAX_PREFIX_LENGTH).isEqualTo(47);
    assertThat(MeshIds.discoveryId(longest, ns, uuid)).hasSize(128);
    assertThat(RendezvousNamespace.fits(longest)).isTrue();
    assertThat(RendezvousNamespace.fits(longest + "p")).isFalse();
    assertThatThrownBy(() -> MeshIds.discoveryId(longest + "p", ns, uuid)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseASecretOfAnotherLength() {
    assertThatThrownBy(() -> RendezvousNamespace.of(new byte[31], TimeSlot.at(0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
