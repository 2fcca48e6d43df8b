package io.meshkit.signaling.app;

import java.util.List;

/**
 * What the app's {@code config.json} says about the beacon (docs/PROTOCOL.md §13.3.5): where the page asks for it and
 * which keys it verifies it with. Made from the server's own beacon flags when the server issues the beacon: the URL
 * is this server's {@code /beacon} on the page's origin, the keys the ones the server accepts (its signing key first,
 * then {@code --beacon-verify-key}s, so a key change is followed without a new config).
 *
 * @param url    the beacon URL, absolute or relative to the page ({@code /beacon})
 * @param jwks   the verification keys, each a JWK (RFC 7517) JSON object as {@code GET /beacon/key} lists them
 * @param period the period length in seconds (informative: the beacon carries its own)
 */
public record AppBeacon(String url, List<String> jwks, int period) {
    public AppBeacon {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the beacon URL is empty");
        }
        jwks = List.copyOf(jwks);
        if (jwks.isEmpty()) {
            throw new IllegalArgumentException("the app needs at least one key to verify the beacon with");
        }
    }
}
