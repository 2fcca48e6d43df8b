package io.meshkit.mesh.core.wire;

import java.util.List;

/**
 * The messages of the mesh protocol, version {@value MeshWire#PROTOCOL} (docs/PROTOCOL.md §5): one record each, decoded
 * once at the edge by {@link MeshWire#fromTree}. Compact constructors validate, so an invalid message never exists;
 * {@link MeshWire} maps them to and from JSON. Optional numbers use {@link #ABSENT} (-1), optional strings null.
 */
public sealed interface MeshMessage {

  /** Value of an optional number that was not sent. */
  long ABSENT = -1;

  /**
   * Member → router: list me (or refresh my entry). Sent on a link whose remote PeerJS ID, as the router sees it, is
   * {@code discoveryId}. The minimal form (design documents) has only {@code type}, {@code discoveryID} and
   * {@code friendlyname}.
   *
   * @param protocol      the sender's protocol version, or {@link #ABSENT}
   * @param discoveryId   the sender's Discovery ID
   * @param friendlyName  its name ({@link FriendlyName} rules)
   * @param discoveryUuid its discovery UUID, or null (then the part of the Discovery ID after {@code {prefix}-{ns}-})
   * @param transportId   its Transport ID, or null
   */
  record CheckIn(long protocol, String discoveryId, String friendlyName, String discoveryUuid, String transportId)
      implements MeshMessage {
    public CheckIn {
      MeshWire.requireProtocol(protocol);
      PeerJsId.require(discoveryId, "discoveryID");
      FriendlyName.of(friendlyName);
      if (discoveryUuid != null) {
        Member.requireUuid(discoveryUuid);
        if (!discoveryId.endsWith("-" + discoveryUuid)) {
          throw new IllegalArgumentException("discoveryID does not end with -discoveryUUID");
        }
      }
      if (transportId != null) {
        PeerJsId.require(transportId, "transportID");
      }
    }
  }

  /**
   * Router → member: the registry at {@code version}, in {@code parts} messages (each under the size limit).
   *
   * @param protocol          the router's protocol version
   * @param slot              the router's slot
   * @param routerDiscoveryId the router's own Discovery ID (its entry is among the entries)
   * @param version           registry version (deltas continue from it)
   * @param successor         Discovery ID of the member that claims first if the router is lost, or "" for none
   * @param part              1-based index of this part
   * @param parts             number of parts of this snapshot
   * @param entries           this part's entries
   */
  record Welcome(long protocol, int slot, String routerDiscoveryId, long version, String successor, int part,
                 int parts, List<Entry> entries) implements MeshMessage {
    public Welcome {
      MeshWire.requireProtocol(protocol);
      MeshWire.requireSlot(slot);
      PeerJsId.require(routerDiscoveryId, "routerDiscoveryID");
      MeshWire.requireInteger(version, "version");
      MeshWire.requireSuccessor(successor);
      if (parts < 1 || parts > MeshWire.MAX_PARTS || part < 1 || part > parts) {
        throw new IllegalArgumentException("part/parts out of range");
      }
      entries = MeshWire.boundedEntries(entries);
    }
  }

  /**
   * Router → members: the registry went from {@code version - 1} to {@code version}; {@code upserts} are the final
   * state of every changed entry, {@code removed} the Discovery IDs that left. Idempotent.
   *
   * @param successor the new designated successor ("" for none), or null when it did not change
   */
  record Delta(long version, List<Entry> upserts, List<String> removed, String successor) implements MeshMessage {
    public Delta {
      MeshWire.requireInteger(version, "version");
      if (version < 1) {
        throw new IllegalArgumentException("version out of range");
      }
      upserts = MeshWire.boundedEntries(upserts);
      removed = List.copyOf(removed);
      if (removed.size() > MeshWire.MAX_REMOVED_PER_MESSAGE) {
        throw new IllegalArgumentException("too many removed IDs");
      }
      for (String id : removed) {
        PeerJsId.require(id, "removed");
      }
      if (successor != null) {
        MeshWire.requireSuccessor(successor);
      }
    }
  }

  /**
   * Either direction: are you there? Answered by {@link Pong}. From a router, {@code version} is its registry version
   * (a member that holds less asks for a {@link Resync}).
   */
  record Ping(long version) implements MeshMessage {
    public Ping {
      MeshWire.requireOptionalInteger(version, "version");
    }
  }

  /** Answer to {@link Ping}; from a router it carries the registry version like a ping. */
  record Pong(long version) implements MeshMessage {
    public Pong {
      MeshWire.requireOptionalInteger(version, "version");
    }
  }

  /** Member → router: my copy has a gap; send me a {@link Welcome}. */
  record Resync() implements MeshMessage {}

  /** Router → members (or a former router to whoever checks in): the router is now at slot ID {@code routerId}. */
  record Moved(String routerId) implements MeshMessage {
    public Moved {
      PeerJsId.require(routerId, "routerID");
    }
  }

  /** Router → members: I leave on purpose and free my slot now; {@code successor} ("" for none) claims first. */
  record Leaving(String successor) implements MeshMessage {
    public Leaving {
      MeshWire.requireSuccessor(successor);
    }
  }

  /**
   * Router of a higher slot → router of a lower slot of the same namespace, on a link opened from the sender's slot
   * ID: take my members (kept as provisional entries until they check in); answered by a {@link Welcome}.
   *
   * @param slot the sender's slot (must match the link's remote ID)
   */
  record Merge(long protocol, int slot, List<Entry> entries) implements MeshMessage {
    public Merge {
      MeshWire.requireProtocol(protocol);
      MeshWire.requireSlot(slot);
      entries = MeshWire.boundedEntries(entries);
    }
  }

  /**
   * Router → a link it will not serve, just before closing it: {@code reason} is one of {@link MeshWire#REFUSAL_REASONS}
   * (receivers accept any lower-case word, for reasons added later).
   */
  record Refused(String reason) implements MeshMessage {
    public Refused {
      if (reason == null || !reason.matches("[a-z][a-z-]{0,31}")) {
        throw new IllegalArgumentException("reason must be a short lower-case word");
      }
    }
  }
}
