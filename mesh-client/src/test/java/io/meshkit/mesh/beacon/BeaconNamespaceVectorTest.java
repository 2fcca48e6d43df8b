package io.meshkit.mesh.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.beacon.Beacon;
import io.meshkit.mesh.core.MeshIds;
import io.meshkit.mesh.core.Namespace;
import org.junit.jupiter.api.Test;

/** docs/PROTOCOL.md §13.3.6: a beacon's prefix keys the network namespace like any prefix (§2.2). */
class BeaconNamespaceVectorTest {
  @Test
  void shouldKeyTheNetworkNamespaceWithTheBeaconPrefix() {
    String prefix = Beacon.parse("1.600.2863383.5ab64cf47879908bd2cc8cd9ec97ea2c275bc377fc49ef8c709033f65bd247d0"
        + "b334543375255f0d3c3566915668822e1fe1693e97842c43d87211c0e7ad6953").orElseThrow().prefix();
    assertThat(prefix).isEqualTo("bcd3b741c3743d98d");
    String ns = Namespace.of(prefix, new byte[] {(byte) 203, 0, 113, 10});
    assertThat(ns).isEqualTo("n6e0ddd7bbfd7b8f0");
    assertThat(MeshIds.routerId(prefix, ns, 1)).isEqualTo("bcd3b741c3743d98d-n6e0ddd7bbfd7b8f0-1");
    assertThat(MeshIds.discoveryId(prefix, ns, "5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f")).hasSize(72);
  }
}
