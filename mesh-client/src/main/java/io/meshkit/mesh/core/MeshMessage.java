package io.meshkit.mesh.core;

import java.util.List;

/**
 * Data-channel messages of the mesh protocol. The adapter decodes once at the edge (with size limits) into these
 * records; the compact constructors validate, so an invalid message never reaches the core (the adapter reports it as
 * {@link MeshEvent.Invalid}). {@link MeshWire} defines the JSON encoding.
 */
public sealed interface MeshMessage {

  /** Member → router: announce or refresh myself. Must arrive on a link whose remote ID equals {@code member.discoveryId}. */
  record CheckIn(Member member) implements MeshMessage {
    public CheckIn {
      require(member != null, "member");
    }
  }

  /**
   * Router → member after a check-in or a resync: the full registry (including the router itself, whose discovery ID is
   * {@code router}) at {@code version} plus changes not yet pushed (deltas are idempotent, see {@link Delta}).
   */
  record Welcome(int slot, String router, long version, List<Member> members) implements MeshMessage {
    public Welcome {
      require(slot >= 1 && slot <= MeshConfig.MAX_SLOTS_LIMIT, "slot");
      require(MeshIds.isValidId(router), "router");
      require(version >= 0, "version");
      members = List.copyOf(members);
      require(members.size() <= MeshConfig.MAX_MEMBERS_LIMIT, "members size");
    }
  }

  /**
   * Router → members: the registry went from {@code version - 1} to {@code version}. {@code upserts} are the final
   * state of every changed entry, {@code removed} the discovery IDs that left; applying it is idempotent. A member whose
   * version is not {@code version - 1} (and lower) asks for a {@link Resync}.
   */
  record Delta(long version, List<Member> upserts, List<String> removed) implements MeshMessage {
    public Delta {
      require(version >= 1, "version");
      upserts = List.copyOf(upserts);
      removed = List.copyOf(removed);
      require(upserts.size() + removed.size() <= MeshConfig.MAX_MEMBERS_LIMIT, "delta size");
      for (String id : removed) {
        require(MeshIds.isValidId(id), "removed id");
      }
    }
  }

  /** Router → member heartbeat; {@code version} lets a member notice a lost delta. */
  record Ping(long version) implements MeshMessage {
    public Ping {
      require(version >= 0, "version");
    }
  }

  /** Member → router answer to {@link Ping}. */
  record Pong() implements MeshMessage {}

  /** Member → router: my registry copy has a gap; send a {@link Welcome}. */
  record Resync() implements MeshMessage {}

  /** Router → members (or anyone checking in at a non-router): the router is now at {@code routerId}; check in there. */
  record Moved(String routerId) implements MeshMessage {
    public Moved {
      require(MeshIds.isValidId(routerId), "routerId");
    }
  }

  /**
   * Router → members: I am leaving on purpose and release my slot now. {@code successor} (a discovery ID, or empty
   * when there is no member) claims at once; the others wait a short jitter.
   */
  record Leaving(String successor) implements MeshMessage {
    public Leaving {
      require(successor != null && (successor.isEmpty() || MeshIds.isValidId(successor)), "successor");
    }
  }

  /**
   * A router that lost a split-brain merge → the winner: my members, to keep as provisional entries until they re-check
   * in (so lists do not flap during the merge).
   */
  record Merge(List<Member> members) implements MeshMessage {
    public Merge {
      members = List.copyOf(members);
      require(members.size() <= MeshConfig.MAX_MEMBERS_LIMIT, "members size");
    }
  }

  private static void require(boolean ok, String field) {
    if (!ok) {
      throw new IllegalArgumentException("invalid " + field);
    }
  }
}
