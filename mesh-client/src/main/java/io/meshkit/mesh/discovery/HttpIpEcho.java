package io.meshkit.mesh.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fallback when UDP is blocked: {@code GET} an IP-echo URL (ipify's plain text, our signaling
 * server's {@code {path}ip}, or a JSON body {@code {"ip":"…"}}) and read our public address from it.
 */
public final class HttpIpEcho {
    /** Largest body read; an address is at most 45 characters. */
    static final int MAX_BODY_BYTES = 512;

    private static final Pattern IPV4 = Pattern.compile("(?:\\d{1,3}\\.){3}\\d{1,3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern JSON_IP = Pattern.compile("\"ip\"\\s*:\\s*\"([^\"]{1,45})\"");

    private HttpIpEcho() {}

    /** Our public address as {@code url} reports it, or empty on any failure. */
    public static Optional<InetAddress> query(HttpClient http, URI url, Duration timeout) {
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (r.statusCode() != 200 || body.length > MAX_BODY_BYTES) {
                return Optional.empty();
            }
            return parse(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** An IP literal from a plain-text or {@code {"ip": …}} body; never a DNS lookup. */
    static Optional<InetAddress> parse(String body) {
        String s = body.trim();
        Matcher m = JSON_IP.matcher(s);
        if (s.startsWith("{") && m.find()) {
            s = m.group(1).trim();
        }
        boolean v4 = IPV4.matcher(s).matches();
        boolean v6 = !v4 && s.contains(":") && IPV6.matcher(s).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        if (v4) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            // A literal (digits and dots, or containing ':') is parsed, not resolved.
            return Optional.of(InetAddress.getByName(s));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
