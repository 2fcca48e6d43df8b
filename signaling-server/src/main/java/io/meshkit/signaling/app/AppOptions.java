package io.meshkit.signaling.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the server serves the browser app (mesh-web's files) and what the app's {@code config.json} tells it.
 * Everything the app needs is derived from the server's own flags unless given here: it connects to the
 * signaling server it was loaded from (same host, port, scheme, the server's {@code --path} and {@code --key}) and
 * finds its public address through the server's own IP echo ({@code {path}ip}).
 *
 * @param mount        where the app is served, a path beginning and ending with {@code /} ({@code /app/}, or
 *                     {@code /} for the root: then files the app does not have fall through to the PeerJS routes)
 * @param signalingUrl where the app's PeerJS client connects ({@code http[s]://host:port/path/}), or {@code null}:
 *                     the page's own origin and the server's {@code --path}
 * @param stunUrls     STUN servers for discovery and ICE ({@code stun:host:port}); the literal {@code {host}} stands
 *                     for the host name the page was loaded from (one machine serving both, as compose does)
 * @param ipEchoUrl    the HTTP IP echo, or {@code null}: the server's own {@code {path}ip}
 * @param prefix       the application's ID prefix (docs/PROTOCOL.md §2.1)
 */
public record AppOptions(String mount, String signalingUrl, List<String> stunUrls, String ipEchoUrl, String prefix) {
    /** The default ID prefix, the Java client's too. */
    public static final String DEFAULT_PREFIX = "mesh";
    /** The PeerJS ID rule (docs/PROTOCOL.md §2.1) for a prefix. */
    private static final Pattern ID_PART = Pattern.compile("^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$");
    private static final Pattern MOUNT = Pattern.compile("^/(?:[A-Za-z0-9._~-]+/)*$");
    /** A prefix leaves room for the namespace (17) and a UUID (36) within 128 characters. */
    static final int MAX_PREFIX_LENGTH = 64;

    public AppOptions {
        if (mount == null || !MOUNT.matcher(mount).matches() || mount.contains("/../") || mount.contains("/./")) {
            throw new IllegalArgumentException("the app path must begin and end with / and hold only letters, digits"
                    + " and ._~- (e.g. /app/ or /)");
        }
        if (signalingUrl != null) {
            requireUrl(signalingUrl, "the signaling URL", List.of("http", "https", "ws", "wss"));
        }
        stunUrls = List.copyOf(stunUrls == null ? List.of() : stunUrls);
        for (String s : stunUrls) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("stun:") || lower.startsWith("stuns:")) || s.length() > 256
                    || s.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
                throw new IllegalArgumentException("a STUN URL must look like stun:host:port (RFC 7064)");
            }
        }
        if (ipEchoUrl != null && !ipEchoUrl.startsWith("/")) {
            requireUrl(ipEchoUrl, "the IP echo URL", List.of("http", "https"));
        }
        prefix = prefix == null ? DEFAULT_PREFIX : prefix;
        if (!ID_PART.matcher(prefix).matches() || prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("the prefix must be letters and digits with single - _ or space between,"
                    + " at most " + MAX_PREFIX_LENGTH + " characters");
        }
    }

    /** The app at {@code mount} with everything else derived. */
    public static AppOptions at(String mount) {
        return new AppOptions(mount, null, List.of(), null, DEFAULT_PREFIX);
    }

    /** True when the app is served at the root: files it does not have fall through to the PeerJS routes. */
    public boolean atRoot() {
        return mount.equals("/");
    }

    private static void requireUrl(String url, String what, List<String> schemes) {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || !schemes.contains(u.getScheme().toLowerCase(Locale.ROOT)) || u.getHost() == null
                    || url.length() > 2048) {
                throw new IllegalArgumentException(what + " must be an absolute " + String.join("/", schemes) + " URL");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a URL: " + e.getReason());
        }
    }
}
