package io.meshkit.mesh.core.wire;

import java.util.regex.Pattern;

/**
 * The PeerJS ID rule every ID of the mesh follows (docs/PROTOCOL.md §3): letters and digits, with single {@code -},
 * {@code _} or space between them, at most {@value #MAX_LENGTH} characters.
 */
public final class PeerJsId {

  /** The PeerJS client's own check (peerjs 1.5.5 {@code util.validateId}); the reference server checks nothing. */
  public static final Pattern PATTERN = Pattern.compile("^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$");
  /** Longest ID the mesh produces or accepts from the network. */
  public static final int MAX_LENGTH = 128;

  private PeerJsId() {}

  /** True when {@code id} is a valid PeerJS ID of at most {@link #MAX_LENGTH} characters. */
  public static boolean isValid(String id) {
    return id != null && !id.isEmpty() && id.length() <= MAX_LENGTH && PATTERN.matcher(id).matches();
  }

  /** {@code id} itself, or {@link IllegalArgumentException} naming {@code what} (never the value). */
  public static String require(String id, String what) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(what + " is not a valid PeerJS ID");
    }
    return id;
  }
}
