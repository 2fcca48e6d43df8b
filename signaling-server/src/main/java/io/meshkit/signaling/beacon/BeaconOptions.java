package io.meshkit.signaling.beacon;

import io.meshkit.beacon.BeaconKey;
import io.meshkit.beacon.BeaconKeys;
import io.meshkit.beacon.BeaconSigner;
import io.meshkit.beacon.Period;
import java.util.ArrayList;
import java.util.List;

/**
 * The beacon flags of the signaling server (docs/PROTOCOL.md §13.3; {@code signaling-server/README.md}).
 *
 * @param signer        the signing key ({@code --beacon-key}), or null on a node that only verifies
 * @param origins       who gets the beacon ({@code --beacon-origin}); null when not issuing
 * @param periodSeconds the period length ({@code --beacon-period}, default 600)
 * @param verifyKeys    further public keys accepted ({@code --beacon-verify-key}, repeatable): the next or the previous
 *                      signing key during a change, or the issuer's key on a node that does not sign
 * @param require       refuse IDs without a current beacon ({@code --require-beacon})
 */
public record BeaconOptions(BeaconSigner signer, AllowedOrigins origins, int periodSeconds, List<BeaconKey> verifyKeys,
                            boolean require) {
  public BeaconOptions {
    Period.requireLength(periodSeconds);
    verifyKeys = List.copyOf(verifyKeys);
    if ((signer == null) != (origins == null)) {
      throw new IllegalArgumentException(signer == null ? "--beacon-origin needs --beacon-key (the signing key)"
          : "--beacon-key needs at least one --beacon-origin (who gets the beacon)");
    }
    if (require && signer == null && verifyKeys.isEmpty()) {
      throw new IllegalArgumentException("--require-beacon needs --beacon-key or --beacon-verify-key");
    }
    if (signer == null && !require) {
      throw new IllegalArgumentException("--beacon-verify-key alone does nothing: add --require-beacon (check IDs) or "
          + "--beacon-key (issue, and publish the key at /beacon/key)");
    }
    keys(signer, verifyKeys); // at most BeaconKeys.MAX_KEYS
  }

  /** Every key a beacon is accepted from: the signing key's public half first, then the verify keys. */
  public BeaconKeys acceptedKeys() {
    return keys(signer, verifyKeys);
  }

  private static BeaconKeys keys(BeaconSigner signer, List<BeaconKey> verifyKeys) {
    List<BeaconKey> all = new ArrayList<>();
    if (signer != null) {
      all.add(signer.publicKey());
    }
    all.addAll(verifyKeys);
    return BeaconKeys.of(all);
  }

  public boolean issuing() {
    return signer != null;
  }
}
