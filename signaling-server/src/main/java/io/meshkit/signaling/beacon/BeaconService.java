package io.meshkit.signaling.beacon;

import io.meshkit.beacon.Beacon;
import io.meshkit.beacon.BeaconGate;
import io.meshkit.beacon.BeaconKey;
import io.meshkit.beacon.Period;
import java.util.StringJoiner;

/**
 * What the signaling server does with the beacon, without any I/O: the beacon an allowed origin gets now, the verdict
 * on a new connection's ID, and the published keys. The time is an argument (Unix milliseconds, the adapter's wall
 * clock). Safe from any thread: the only state is the last beacon signed, replaced whole.
 */
public final class BeaconService {
  private final BeaconOptions options;
  private final BeaconGate gate;
  /** The beacon of the last period asked for (signing is deterministic: caching only saves the work). */
  private volatile Beacon last;

  public BeaconService(BeaconOptions options) {
    this.options = options;
    this.gate = new BeaconGate(options.acceptedKeys());
  }

  public BeaconOptions options() {
    return options;
  }

  /** The beacon text for a request with {@code originHeader} at {@code nowMillis}, or null when it gets none. */
  public String headerFor(String originHeader, long nowMillis) {
    if (!options.issuing() || !options.origins().allows(originHeader)) {
      return null;
    }
    return current(nowMillis).text();
  }

  /** The beacon of the period containing {@code nowMillis} (issuing nodes only). */
  public Beacon current(long nowMillis) {
    Period p = Period.at(nowMillis, options.periodSeconds());
    Beacon b = last;
    if (b == null || !b.period().equals(p)) {
      b = options.signer().sign(p);
      last = b;
    }
    return b;
  }

  /** The verdict on a connection for {@code id} presenting {@code beacon}: always accepted without {@code --require-beacon}. */
  public BeaconGate.Verdict check(String id, String beacon, long nowMillis) {
    return options.require() ? gate.check(id, beacon, nowMillis) : BeaconGate.Verdict.ACCEPTED;
  }

  /** {@code GET /beacon/key}: a JWK Set of the accepted keys, the signing key first, and the period length. */
  public String keysJson() {
    StringJoiner keys = new StringJoiner(",", "{\"keys\":[", "],\"period\":" + options.periodSeconds() + "}");
    for (BeaconKey k : options.acceptedKeys().keys()) {
      keys.add(k.jwk());
    }
    return keys.toString();
  }

  /** The lines printed at start: what is issued, to whom, what is accepted, whether IDs are checked. */
  public java.util.List<String> describe() {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (options.issuing()) {
      BeaconKey k = options.signer().publicKey();
      out.add("beacon: issuing every " + options.periodSeconds() + " s to " + String.join(", ",
          options.origins().values()) + " with key " + k.fingerprint().substring(0, 16) + " (public key, for "
          + "--beacon-verify-key: " + k.hex() + ")");
    }
    for (BeaconKey k : options.verifyKeys()) {
      out.add("beacon: also accepting key " + k.fingerprint().substring(0, 16) + " (" + k.hex() + ")");
    }
    out.add(options.require() ? "beacon: --require-beacon: IDs need the current or previous beacon's prefix"
        : "beacon: IDs are not checked (no --require-beacon)");
    return out;
  }
}
