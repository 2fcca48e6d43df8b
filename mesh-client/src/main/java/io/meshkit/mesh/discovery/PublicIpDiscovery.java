package io.meshkit.mesh.discovery;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;

/**
 * Namespace discovery's first step: our public IP from a STUN Binding, else from the HTTP IP echo,
 * else nothing (discovery off). A link declared metered never asks at all.
 */
public final class PublicIpDiscovery {
    /** Where the address came from (the CLI's {@code ipSource}). */
    public enum Source {
        STUN, HTTP;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What discovery concluded. */
    public sealed interface Result permits Found, Off {}

    /** Our public address and how we learned it. */
    public record Found(InetAddress address, Source source) implements Result {}

    /** Discovery is off; {@code reason} is one of {@code metered}, {@code no-public-ip}. */
    public record Off(String reason) implements Result {}

    /** Settings: STUN server (nullable to skip), IP-echo URL (nullable to skip), timing. */
    public record Settings(StunBinding.Server stun, URI ipEcho, boolean metered, int stunAttempts,
                           Duration stunFirstTimeout, Duration httpTimeout) {}

    private PublicIpDiscovery() {}

    /**
     * The HTTP client discovery's IP echo needs: HTTP/1.1 only (an h2c upgrade offer on a plain-HTTP echo is refused by
     * some servers, 400 "Invalid Upgrade header"), 5 s to connect. It connects to the first address the JVM resolves,
     * IPv4 first unless the JVM runs with {@code -Djava.net.preferIPv6Addresses=true}: the dual-stack rule of
     * docs/PROTOCOL.md §2.5.
     */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static Result discover(HttpClient http, Settings s) {
        if (s.metered()) {
            return new Off("metered");
        }
        if (s.stun() != null) {
            Optional<InetAddress> a = StunBinding.query(s.stun(), s.stunAttempts(), s.stunFirstTimeout());
            if (a.isPresent()) {
                return new Found(a.get(), Source.STUN);
            }
        }
        if (s.ipEcho() != null) {
            Optional<InetAddress> a = HttpIpEcho.query(http, s.ipEcho(), s.httpTimeout());
            if (a.isPresent()) {
                return new Found(a.get(), Source.HTTP);
            }
        }
        return new Off("no-public-ip");
    }
}
