package io.meshkit.mesh.core;

import io.meshkit.mesh.core.wire.Entry;
import java.util.List;

/** A complete registry snapshot, assembled from all parts of a {@code welcome} (docs/PROTOCOL.md §7.2). */
record Snapshot(int slot, String routerDiscoveryId, long version, String successor, List<Entry> entries) {
  Snapshot {
    entries = List.copyOf(entries);
  }
}
