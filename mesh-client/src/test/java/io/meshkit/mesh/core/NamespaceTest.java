package io.meshkit.mesh.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NamespaceTest {

  private static byte[] ip(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  @Test
  void shouldComputeHmacSha256AsRfc4231TestCase2() {
    byte[] mac = Namespace.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII),
        "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void shouldHashLongKeysFirstAsRfc4231TestCase6() {
    byte[] key = new byte[131];
    java.util.Arrays.fill(key, (byte) 0xaa);
    byte[] mac = Namespace.hmacSha256(key,
        "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  }

  /** docs/PROTOCOL.md §2.3: the vectors another implementation checks itself against. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
  @org.junit.jupiter.params.provider.CsvSource({
      "mesh, 203.0.113.10, ip4:203.0.113.10, n41c0c7ed3b598e44",
      "mesh, ::ffff:203.0.113.10, ip4:203.0.113.10, n41c0c7ed3b598e44",
      "mesh, 198.51.100.7, ip4:198.51.100.7, n7b560ed97fd76232",
      "mesh, 0.0.0.0, ip4:0.0.0.0, nd7c10cab2b3f558d",
      "mesh, 2001:db8:1:2::1, ip6:20010db800010002, n5c409405e8e713a2",
      "mesh, 2001:db8:1:2:ffee::9, ip6:20010db800010002, n5c409405e8e713a2",
      "app, 203.0.113.10, ip4:203.0.113.10, ndca526aa5ca3e386",
      "myapp-v2, 2001:67c:1234:1234::5, ip6:2001067c12341234, nfaad2005abfa4a74"})
  void shouldMatchTheSpecVectors(String prefix, String address, String canonical, String ns) throws Exception {
    // Literal addresses only: InetAddress parses them without any lookup.
    byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
    if (address.startsWith("::ffff:")) {
      // InetAddress turns a mapped literal into 4 bytes; the spec's rule must hold for the 16-byte form too.
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(bytes, 0, mapped, 12, 4);
      bytes = mapped;
    }
    assertThat(Namespace.canonical(bytes)).isEqualTo(canonical);
    assertThat(Namespace.of(prefix, bytes)).isEqualTo(ns);
  }

  @Test
  void shouldGroupIpv6ByTheSlash64() {
    byte[] a = ip(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1);
    byte[] b = ip(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0xff, 0xee, 0, 0, 0x12, 0x34, 0, 9);
    byte[] c = ip(0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1);
    assertThat(Namespace.of("app", a)).isEqualTo(Namespace.of("app", b)).isNotEqualTo(Namespace.of("app", c));
    assertThat(Namespace.canonical(a)).isEqualTo("ip6:20010db800010002");
  }

  @Test
  void shouldTreatIpv4MappedIpv6AsIpv4() {
    byte[] v4 = ip(203, 0, 113, 10);
    byte[] mapped = ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 203, 0, 113, 10);
    assertThat(Namespace.of("app", mapped)).isEqualTo(Namespace.of("app", v4));
    assertThat(Namespace.canonical(v4)).isEqualTo("ip4:203.0.113.10");
  }

  @Test
  void shouldNotContainTheRawAddressAndDependOnThePrefix() {
    String ns = Namespace.of("app", ip(203, 0, 113, 10));
    assertThat(ns).doesNotContain("203").hasSize(1 + Namespace.HASH_HEX_DIGITS);
    assertThat(Namespace.of("other", ip(203, 0, 113, 10))).isNotEqualTo(ns);
  }

  @Test
  void shouldRejectAddressesOfOtherLengths() {
    assertThatThrownBy(() -> Namespace.of("app", new byte[5])).isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 200)
  void shouldAlwaysBeAValidPeerJsIdPart(@ForAll @Size(4) byte[] v4, @ForAll @Size(16) byte[] v6) {
    for (byte[] a : new byte[][] {v4, v6}) {
      String ns = Namespace.of("app", a);
      assertThat(MeshIds.isValidId(ns)).isTrue();
      assertThat(MeshIds.isValidId(MeshIds.routerId("app", ns, 1))).isTrue();
      assertThat(MeshIds.discoveryId("app", ns, "0b6e4a3c-1f2d-4c5e-9a8b-7c6d5e4f3a2b")).matches(io.meshkit.mesh.core.wire.PeerJsId.PATTERN);
    }
  }
}
