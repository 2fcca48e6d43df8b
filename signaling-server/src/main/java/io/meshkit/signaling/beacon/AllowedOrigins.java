package io.meshkit.signaling.beacon;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The origins a beacon is issued to (docs/PROTOCOL.md §13.3.3): exact matches of scheme, host and port (RFC 6454),
 * nothing looser. Both sides are compared in one normal form: scheme and host in lower case, a default port (80 for
 * {@code http}, 443 for {@code https}) dropped. There are no wildcards and no suffix matching, so
 * {@code https://app.example.evil.test}, {@code https://evilapp.example} or {@code https://app.example@evil.test} never
 * pass for {@code https://app.example}; {@code null} (a page from {@code file:}, a sandboxed frame) never passes;
 * anything that is not exactly {@code scheme://host[:port]} (a path, a trailing slash, user info, spaces) is not an
 * origin and does not pass.
 */
public final class AllowedOrigins {
  /** Most origins configured: a deployment has a handful (production, staging, a local build). */
  public static final int MAX_ORIGINS = 64;
  /** The longest {@code Origin} header looked at. */
  static final int MAX_ORIGIN_CHARS = 300;
  private static final Pattern ORIGIN = Pattern.compile(
      "(?i)(https?)://([a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?|\\[[0-9a-f:.]{2,45}\\])(?::([0-9]{1,5}))?");

  private final Set<String> origins;

  private AllowedOrigins(Set<String> origins) {
    this.origins = origins;
  }

  /** The origins {@code configured}, each {@code scheme://host[:port]}; else {@link IllegalArgumentException}. */
  public static AllowedOrigins of(List<String> configured) {
    Set<String> out = new LinkedHashSet<>();
    for (String c : configured) {
      String v = c == null ? "" : c.trim();
      if (v.equals("null") || v.equals("*") || v.contains("*")) {
        throw new IllegalArgumentException("--beacon-origin " + v + ": only exact origins are allowed "
            + "(scheme://host[:port]); no wildcards, never null");
      }
      out.add(normalize(v).orElseThrow(() -> new IllegalArgumentException("--beacon-origin " + v
          + " is not an origin: give scheme://host[:port] without path or trailing slash, like https://app.example")));
    }
    if (out.isEmpty() || out.size() > MAX_ORIGINS) {
      throw new IllegalArgumentException("give 1 to " + MAX_ORIGINS + " --beacon-origin values");
    }
    return new AllowedOrigins(java.util.Collections.unmodifiableSet(out)); // in the order given, for the start-up line
  }

  /** Whether a request with this {@code Origin} header (null when absent) gets the beacon. */
  public boolean allows(String originHeader) {
    if (originHeader == null || originHeader.length() > MAX_ORIGIN_CHARS) {
      return false;
    }
    return normalize(originHeader).map(origins::contains).orElse(false);
  }

  /** The normal form of {@code origin}, or empty when it is not {@code scheme://host[:port]}. */
  static Optional<String> normalize(String origin) {
    Matcher m = ORIGIN.matcher(origin);
    if (!m.matches()) {
      return Optional.empty();
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    String host = m.group(2).toLowerCase(Locale.ROOT);
    if (host.contains("..")) {
      return Optional.empty();
    }
    String port = m.group(3);
    if (port != null) {
      int p = Integer.parseInt(port);
      if (p < 1 || p > 65535 || (port.length() > 1 && port.charAt(0) == '0')) {
        return Optional.empty();
      }
      if ((scheme.equals("http") && p == 80) || (scheme.equals("https") && p == 443)) {
        port = null;
      }
    }
    return Optional.of(scheme + "://" + host + (port == null ? "" : ":" + port));
  }

  /** The origins in normal form, in the order given, for the start-up line. */
  public Set<String> values() {
    return origins;
  }
}
