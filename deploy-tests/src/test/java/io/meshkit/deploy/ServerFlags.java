package io.meshkit.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The flags each server documents, and the flags file format of the images' entry point
 * ({@code docker/java-entrypoint.sh}): one flag per line, {@code --flag}, {@code --flag value} or
 * {@code --flag=value}; blank lines and {@code #} comments ignored.
 *
 * <p>The lists are the documented contract of each server's command line. {@code RenderedFlagsIT}
 * goes further and starts the real jars with the rendered files.
 */
final class ServerFlags {
    private ServerFlags() {}

    /**
     * peerjs-server 1.0.2's flags ({@code peer} on npm, {@code dist/bin/peerjs.js}) plus our limits
     * ({@code CliArgs.usage()} of signaling-server), the browser app's ({@code AppArgs.usage()}) and the beacon's
     * ({@code BeaconArgs.usage()}). The parser ignores unknown flags as yargs does,
     * so this list is what catches a misspelt flag in the chart.
     */
    static final Set<String> SIGNALING = Set.of(
            "port", "host", "path", "key", "expire_timeout", "alive_timeout", "concurrent_limit",
            "allow_discovery", "proxied", "sslkey", "sslcert", "cors", "cleanup_out_msgs",
            "max_frame_bytes", "max_http_bytes", "rate_limit", "rate_burst", "max_outbound_bytes",
            "max_queue_per_peer", "max_queued_bytes", "shutdown_grace", "close_timeout", "metrics", "drain_delay", "ops-port", "ops-host",
            "app_path", "app_signaling", "app_stun", "app_ip_echo", "app_prefix",
            "beacon-key", "beacon-origin", "beacon-period", "beacon-verify-key", "require-beacon");

    /** The STUN server's flags ({@code Options.USAGE} of stun-server; it rejects any other). */
    static final Set<String> STUN = Set.of(
            "host", "port", "tcp-port", "no-tcp", "alt-host", "alt-port", "rfc5780", "software",
            "mapped-address", "rfc3489", "rate-limit", "rate-burst", "rate-slots", "tcp-max-connections",
            "tcp-idle-seconds", "io-threads", "http-port", "http-host", "udp-rcvbuf", "udp-sndbuf");

    /** A flags file's lines as (name, value-or-null), in order; comments and blank lines dropped. */
    static List<Flag> parse(String flagsFile) {
        List<Flag> out = new ArrayList<>();
        for (String raw : flagsFile.split("\n", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith("--")) {
                throw new AssertionError("flags file line is not a --flag: '" + line + "'");
            }
            String body = line.substring(2);
            int sep = indexOfSeparator(body);
            out.add(sep < 0 ? new Flag(body, null) : new Flag(body.substring(0, sep), body.substring(sep + 1).strip()));
        }
        return out;
    }

    private static int indexOfSeparator(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '=' || Character.isWhitespace(c)) {
                return i;
            }
        }
        return -1;
    }

    /** The flags file of a rendered ConfigMap. */
    static List<Flag> ofConfigMap(JsonNode configMap, String key) {
        JsonNode data = configMap.path("data").path(key);
        if (!data.isTextual()) {
            throw new AssertionError("ConfigMap " + configMap.path("metadata").path("name").asText() + " has no data." + key);
        }
        return parse(data.asText());
    }

    /** One flag of a flags file. */
    record Flag(String name, String value) {}
}
