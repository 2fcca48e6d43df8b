package io.meshkit.beacon;

import io.meshkit.crypto.P256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The ID prefix a beacon gives (docs/PROTOCOL.md §13.3.2):
 * <pre>
 *   prefix = "b" + the first 16 lower-case hex digits of SHA-256( ASCII("meshkit-beacon-prefix-v1") ‖ r )
 * </pre>
 * where {@code r} is the first half (32 bytes) of the beacon's signature. 17 characters, one PeerJS ID part.
 *
 * <p>Why {@code r} and not the whole signature: an ECDSA signature {@code (r, s)} has a twin {@code (r, n − s)} that
 * verifies just as well, which anyone holding one can compute. Hashing {@code s} would give every period two valid
 * prefixes; {@code r} is the same in both, and a signature with another {@code r} for the same period needs the
 * private key. With a deterministic signer (RFC 6979) every issuer holding the key produces the same {@code r}, so
 * every client of a period gets the same prefix.
 */
public final class BeaconPrefix {
  /** The domain label of the hash. */
  public static final String LABEL = "meshkit-beacon-prefix-v1";
  /** Hex digits of the hash kept: 64 bits. */
  public static final int HASH_HEX_DIGITS = 16;
  /** The prefix's first character: it marks a beacon prefix. */
  public static final char MARK = 'b';
  /** Length of a prefix. */
  public static final int LENGTH = 1 + HASH_HEX_DIGITS;

  private BeaconPrefix() {}

  /** The prefix of {@code beacon}. */
  public static String of(Beacon beacon) {
    byte[] h = P256.sha256(LABEL.getBytes(StandardCharsets.US_ASCII), beacon.r());
    return MARK + HexFormat.of().formatHex(h).substring(0, HASH_HEX_DIGITS);
  }

  /** Whether {@code id} starts with {@code prefix} followed by {@code -} (an ID of that prefix, §2.4). */
  public static boolean startsId(String prefix, String id) {
    return id != null && id.length() > prefix.length() + 1 && id.startsWith(prefix)
        && id.charAt(prefix.length()) == '-';
  }
}
