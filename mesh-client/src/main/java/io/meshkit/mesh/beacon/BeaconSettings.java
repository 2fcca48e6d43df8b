package io.meshkit.mesh.beacon;

import io.meshkit.beacon.BeaconKeys;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a client gets its beacon and how it checks it (docs/PROTOCOL.md §13.3.3): the beacon URL, the {@code Origin}
 * it sends (the application's origin, which the issuer must allow) and the verification keys.
 *
 * @param url    {@code http} or {@code https} URL answering with {@code X-Mesh-Beacon} (the kit's {@code /beacon})
 * @param origin a serialized origin, {@code scheme://host[:port]}, without path
 * @param keys   the keys a beacon must be signed with
 */
public record BeaconSettings(URI url, String origin, BeaconKeys keys) {
  private static final Pattern ORIGIN = Pattern.compile("https?://[^/?#\\s@]+");

  public BeaconSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(keys, "keys");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException("the beacon URL must be an http or https URL");
    }
    if (origin == null || !ORIGIN.matcher(origin).matches()) {
      throw new IllegalArgumentException("the origin must be scheme://host[:port], like https://app.example");
    }
  }
}
