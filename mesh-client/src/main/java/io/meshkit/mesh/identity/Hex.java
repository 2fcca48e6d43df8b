package io.meshkit.mesh.identity;

import java.util.HexFormat;
import java.util.Optional;

/** Strict lower-case hex, as keys, nonces and signatures travel in JSON: one spelling per value. */
public final class Hex {
  private Hex() {}

  /** The bytes of {@code hex} if it is exactly {@code bytes * 2} characters of {@code [0-9a-f]}, else empty. */
  public static Optional<byte[]> decode(String hex, int bytes) {
    if (hex == null || hex.length() != bytes * 2) {
      return Optional.empty();
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return Optional.empty();
      }
    }
    return Optional.of(HexFormat.of().parseHex(hex));
  }

  /** Lower-case hex of {@code bytes}. */
  public static String encode(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
