package io.meshkit.mesh.runtime;

import io.meshkit.beacon.Beacon;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The beacons the client joined lately, by prefix, so that each signaling connection presents the beacon whose prefix
 * its ID starts with (docs/PROTOCOL.md §13.3.4). Written on the event loop when a beacon is joined, read when an ID is
 * claimed (and by the signaling adapter's threads when a connection is made again). Keeps the last {@value #KEEP}.
 */
final class BeaconBook {
  static final int KEEP = 4;

  private final Map<String, String> byPrefix = new LinkedHashMap<>();

  synchronized void add(Beacon beacon) {
    byPrefix.remove(beacon.prefix());
    byPrefix.put(beacon.prefix(), beacon.text());
    while (byPrefix.size() > KEEP) {
      byPrefix.remove(byPrefix.keySet().iterator().next());
    }
  }

  /** The beacon text for {@code id}, or null when the ID is not under a beacon prefix we know. */
  synchronized String beaconFor(String id) {
    for (Map.Entry<String, String> e : byPrefix.entrySet()) {
      String p = e.getKey();
      if (id.length() > p.length() && id.startsWith(p) && id.charAt(p.length()) == '-') {
        return e.getValue();
      }
    }
    return null;
  }
}
