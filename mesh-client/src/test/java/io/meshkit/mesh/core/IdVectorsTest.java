package io.meshkit.mesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/PROTOCOL.md §2.3: the ID vectors. */
class IdVectorsTest {

  @Test
  void shouldBuildTheSpecIds() {
    String ns = "n41c0c7ed3b598e44";
    assertThat(MeshIds.transportId("mesh", "0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d"))
        .isEqualTo("mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d");
    assertThat(MeshIds.discoveryId("mesh", ns, "5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f"))
        .isEqualTo("mesh-n41c0c7ed3b598e44-5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f");
    assertThat(MeshIds.routerId("mesh", ns, 1)).isEqualTo("mesh-n41c0c7ed3b598e44-1");
    assertThat(MeshIds.routerId("mesh", ns, 16)).isEqualTo("mesh-n41c0c7ed3b598e44-16");
  }
}
