package io.meshkit.beacon;

import java.util.List;
import java.util.Optional;

/**
 * The verification keys a party accepts beacons from: normally one, two while the issuer's key is being changed
 * (docs/OPERATIONS.md, "Beacon key rotation"). Bounded, so a beacon never costs more than {@value #MAX_KEYS}
 * signature checks.
 */
public final class BeaconKeys {
  /** Most keys accepted at once: the current one, the next one, and slack for a rotation that overlaps another. */
  public static final int MAX_KEYS = 4;

  private final List<BeaconKey> keys;

  private BeaconKeys(List<BeaconKey> keys) {
    this.keys = keys;
  }

  /** The keys, without duplicates, in the order given (1 to {@value #MAX_KEYS}). */
  public static BeaconKeys of(List<BeaconKey> keys) {
    List<BeaconKey> distinct = keys.stream().distinct().toList();
    if (distinct.isEmpty() || distinct.size() > MAX_KEYS) {
      throw new IllegalArgumentException("1 to " + MAX_KEYS + " beacon keys, not " + distinct.size());
    }
    return new BeaconKeys(distinct);
  }

  public static BeaconKeys of(BeaconKey... keys) {
    return of(List.of(keys));
  }

  public List<BeaconKey> keys() {
    return keys;
  }

  /** The key whose signature {@code beacon} carries, or empty when none of them signed it. */
  public Optional<BeaconKey> signer(Beacon beacon) {
    byte[] message = beacon.signedBytes();
    byte[] signature = beacon.signature();
    for (BeaconKey k : keys) {
      if (k.verify(message, signature)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** Whether one of the keys signed {@code beacon}. */
  public boolean verify(Beacon beacon) {
    return signer(beacon).isPresent();
  }
}
