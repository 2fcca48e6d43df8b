package io.meshkit.signaling.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The app's {@code config.json}, made from the server's own flags: which signaling server, STUN servers, IP echo
 * and ID prefix the app uses, and the beacon it follows instead of the fixed prefix ({@code null}: none). A field that is {@code null} means "the page's own": the app then connects to the
 * host, port and scheme it was loaded from (docs in mesh-web/README.md, "Configuration").
 */
public final class AppConfig {
    private AppConfig() {}

    /**
     * @param app           the app's options
     * @param signalingPath the server's {@code --path}
     * @param key           the server's {@code --key}
     * @param version       the app's version ({@link AppFiles#version()})
     * @param beacon        the beacon the app follows, or {@code null}: the fixed prefix
     */
    public static byte[] json(AppOptions app, String signalingPath, String key, String version, AppBeacon beacon) {
        String host = null;
        Integer port = null;
        Boolean secure = null;
        String path = normalise(signalingPath);
        String echo = app.ipEchoUrl();
        if (app.signalingUrl() != null) {
            URI u = URI.create(app.signalingUrl());
            String scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
            secure = scheme.equals("https") || scheme.equals("wss");
            host = u.getHost();
            port = u.getPort() >= 0 ? u.getPort() : secure ? 443 : 80;
            path = normalise(u.getRawPath());
            if (echo == null) {
                echo = (secure ? "https://" : "http://") + hostPart(host) + ":" + port + path + "ip";
            }
        }
        if (echo == null) {
            echo = path + "ip"; // our own echo, on the page's origin
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("version", version);
            g.writeStringField("prefix", app.prefix());
            g.writeObjectFieldStart("signaling");
            g.writeStringField("host", host);
            if (port == null) {
                g.writeNullField("port");
            } else {
                g.writeNumberField("port", port);
            }
            g.writeStringField("path", path);
            g.writeStringField("key", key);
            if (secure == null) {
                g.writeNullField("secure");
            } else {
                g.writeBooleanField("secure", secure);
            }
            g.writeEndObject();
            g.writeArrayFieldStart("stun");
            for (String s : app.stunUrls()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeStringField("ipEcho", echo);
            if (beacon == null) {
                g.writeNullField("beacon");
            } else {
                g.writeObjectFieldStart("beacon");
                g.writeStringField("url", beacon.url());
                g.writeArrayFieldStart("keys");
                for (String jwk : beacon.jwks()) {
                    g.writeRawValue(jwk);
                }
                g.writeEndArray();
                g.writeNumberField("period", beacon.period());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A path that begins and ends with {@code /}, as PeerJS's {@code path} option wants it. */
    static String normalise(String path) {
        String p = path == null || path.isEmpty() ? "/" : path;
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        return p.endsWith("/") ? p : p + "/";
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
