package io.meshkit.mesh.core.wire;

import java.util.List;

/** The example values of docs/PROTOCOL.md, shared by the wire tests. */
final class WireVectors {
  static final String PREFIX = "mesh";
  /** Namespace of 203.0.113.10 under prefix "mesh" (docs/PROTOCOL.md §2.3). */
  static final String NS = "n41c0c7ed3b598e44";
  static final String ROUTER_UUID = "5f0d2a4e-8c1b-4d3a-9e7f-1a2b3c4d5e6f";
  static final String ROUTER = PREFIX + "-" + NS + "-" + ROUTER_UUID;
  static final String ROUTER_TRANSPORT = "mesh-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d";
  static final String MEMBER_UUID = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
  static final String MEMBER = PREFIX + "-" + NS + "-" + MEMBER_UUID;
  static final String MEMBER_TRANSPORT = "mesh-9f8e7d6c-5b4a-4c3d-2e1f-0a9b8c7d6e5f";
  static final String SLOT1 = PREFIX + "-" + NS + "-1";
  static final String SLOT2 = PREFIX + "-" + NS + "-2";

  static final Entry ROUTER_ENTRY = new Entry(new Member(ROUTER, "alice", ROUTER_UUID, ROUTER_TRANSPORT),
      1718000000000L);
  static final Entry MEMBER_ENTRY = new Entry(new Member(MEMBER, "Zoë", MEMBER_UUID, MEMBER_TRANSPORT),
      1718000004250L);

  static final MeshMessage.CheckIn CHECKIN =
      new MeshMessage.CheckIn(2, MEMBER, "Zoë", MEMBER_UUID, MEMBER_TRANSPORT);
  static final MeshMessage.CheckIn MINIMAL_CHECKIN =
      new MeshMessage.CheckIn(MeshMessage.ABSENT, MEMBER, "Zoë", null, null);
  static final MeshMessage.Welcome WELCOME =
      new MeshMessage.Welcome(2, 1, ROUTER, 7, MEMBER, 1, 1, List.of(ROUTER_ENTRY, MEMBER_ENTRY));
  static final MeshMessage.Delta DELTA = new MeshMessage.Delta(8, List.of(MEMBER_ENTRY), List.of(), null);
  static final MeshMessage.Delta DELTA_REMOVAL = new MeshMessage.Delta(9, List.of(), List.of(MEMBER), "");

  private WireVectors() {}
}
