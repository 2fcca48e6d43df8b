package io.meshkit.mesh.peerjs;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where a PeerJS signaling server lives, as the PeerJS client's {@code host}, {@code port},
 * {@code path}, {@code secure} and {@code key} options. Built from one URL such as
 * {@code https://0.peerjs.com:443/} or {@code http://203.0.113.1:9000/myapp/} ({@code ws}/{@code wss}
 * are accepted too).
 *
 * @param beacon the beacon presented with the connection (docs/PROTOCOL.md §13.3.4), or null: the one whose prefix
 *               the connection's ID starts with, so each claim has its own ({@link #withBeacon})
 */
public record SignalingEndpoint(boolean secure, String host, int port, String path, String key, String beacon) {
    /** The public PeerJS cloud server, the PeerJS client's default ({@code util.CLOUD_HOST}). */
    public static final String PUBLIC_URL = "https://0.peerjs.com:443/";
    /** PeerJS's default API key ({@code Peer.DEFAULT_KEY}). */
    public static final String DEFAULT_KEY = "peerjs";
    /** PeerJS client version announced in the WebSocket URL (peerjs 1.5.5 sends its own version). */
    public static final String CLIENT_VERSION = "1.5.5";

    public SignalingEndpoint {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("signaling URL has no host");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("signaling port out of range");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty key");
        }
        // Same normalisation as the Peer constructor: path starts and ends with '/'.
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        if (beacon != null && beacon.isEmpty()) {
            beacon = null;
        }
    }

    /** Without a beacon. */
    public SignalingEndpoint(boolean secure, String host, int port, String path, String key) {
        this(secure, host, port, path, key, null);
    }

    /** The same server, presenting {@code beaconText} (null: none). */
    public SignalingEndpoint withBeacon(String beaconText) {
        return new SignalingEndpoint(secure, host, port, path, key, beaconText);
    }

    /** Parses {@code http[s]://host[:port][/path]} or {@code ws[s]://…}; the port defaults by scheme. */
    public static SignalingEndpoint parse(String url, String key) {
        URI u = URI.create(url.trim());
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = switch (scheme) {
            case "https", "wss" -> true;
            case "http", "ws" -> false;
            default -> throw new IllegalArgumentException("signaling URL must be http, https, ws or wss: " + url);
        };
        int port = u.getPort() > 0 ? u.getPort() : secure ? 443 : 80;
        return new SignalingEndpoint(secure, u.getHost(), port, u.getPath(), key == null ? DEFAULT_KEY : key);
    }

    /**
     * The WebSocket URL exactly as socket.ts builds it:
     * {@code {ws|wss}://host:port{path}peerjs?key=K&id=ID&token=T&version=V}; with a beacon,
     * {@code &beacon=B} after the key, where a page's PeerJS client puts it (docs/PROTOCOL.md §13.3.4).
     */
    public URI webSocketUri(String id, String token) {
        return URI.create((secure ? "wss://" : "ws://") + hostForUri() + ":" + port + path + "peerjs?key="
                + enc(key) + (beacon == null ? "" : "&beacon=" + enc(beacon)) + "&id=" + enc(id) + "&token="
                + enc(token) + "&version=" + CLIENT_VERSION);
    }

    /** The HTTP base ({@code http[s]://host:port{path}}), e.g. for the IP-echo endpoint {@code {path}ip}. */
    public URI httpBase() {
        return URI.create((secure ? "https://" : "http://") + hostForUri() + ":" + port + path);
    }

    private String hostForUri() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
