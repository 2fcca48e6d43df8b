package io.meshkit.signaling.cli;

import io.meshkit.signaling.cluster.ClusterOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cluster mode flags (ours; the reference has none): {@code --redis URL} or env
 * {@code MESHKIT_REDIS_URL} turns it on (the flag wins), {@code --node_id NAME} or env
 * {@code MESHKIT_NODE_ID} names this node (default: a random name, unique per process). Without a
 * Redis URL the server runs in memory on one node, as the reference.
 *
 * <p>The Redis password can come apart from the URL, so that it never sits on a command line or in
 * a manifest: env {@code MESHKIT_REDIS_PASSWORD} (Kubernetes fills it from a Secret) or
 * {@code MESHKIT_REDIS_PASSWORD_FILE}, a file holding it (compose shares a generated one through a
 * volume; the {@code _FILE} convention of the official database images).
 */
public final class ClusterArgs {
    /** A password file larger than this is a wrong path, not a password. */
    static final int MAX_PASSWORD_FILE_BYTES = 4096;

    /** The flags read here rather than by {@link CliArgs}. */
    static final java.util.Set<String> FLAGS = java.util.Set.of("redis", "node_id", "redis_ca");

    private ClusterArgs() {}

    /** Cluster options, or {@code null} for the in-memory default. */
    public static ClusterOptions parse(List<String> args, Map<String, String> env) throws CliArgs.UsageException {
        String url = value(args, "redis");
        if (url == null) {
            url = env.get("MESHKIT_REDIS_URL");
        }
        if (url == null || url.isBlank()) {
            return null;
        }
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new CliArgs.UsageException("--redis must be a redis:// or rediss:// URL");
        }
        String node = value(args, "node_id");
        if (node == null) {
            node = env.get("MESHKIT_NODE_ID");
        }
        if (node == null || node.isBlank()) {
            node = "node-" + UUID.randomUUID().toString().substring(0, 13);
        }
        String password = password(env);
        if (password != null && hasUserInfo(url.trim())) {
            throw new CliArgs.UsageException("the Redis URL already carries credentials: give the password either in the URL"
                    + " or in MESHKIT_REDIS_PASSWORD(_FILE), not both");
        }
        String ca = value(args, "redis_ca");
        if (ca == null) {
            ca = env.get("MESHKIT_REDIS_CA_FILE");
        }
        Path caFile = null;
        if (ca != null && !ca.isBlank()) {
            caFile = Path.of(ca.trim());
            if (!url.trim().startsWith("rediss://")) {
                throw new CliArgs.UsageException("--redis_ca (MESHKIT_REDIS_CA_FILE) is for a rediss:// URL");
            }
            if (!Files.isReadable(caFile)) {
                throw new CliArgs.UsageException("--redis_ca " + caFile + " cannot be read");
            }
        }
        String cache = value(args, "owner_cache_size");
        int cacheSize = ClusterOptions.DEFAULT_OWNER_CACHE_SIZE;
        if (cache != null) {
            try {
                cacheSize = Integer.parseInt(cache.trim());
            } catch (NumberFormatException e) {
                throw new CliArgs.UsageException("--owner_cache_size must be a number: " + cache);
            }
        }
        try {
            return new ClusterOptions(url.trim(), node.trim(), ClusterOptions.DEFAULT_RENEW_MILLIS, password, caFile,
                    cacheSize);
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException(e.getMessage());
        }
    }

    /** {@code MESHKIT_REDIS_PASSWORD}, or the content of {@code MESHKIT_REDIS_PASSWORD_FILE} without its line end. */
    private static String password(Map<String, String> env) throws CliArgs.UsageException {
        String value = env.get("MESHKIT_REDIS_PASSWORD");
        String file = env.get("MESHKIT_REDIS_PASSWORD_FILE");
        boolean hasValue = value != null && !value.isEmpty();
        boolean hasFile = file != null && !file.isBlank();
        if (hasValue && hasFile) {
            throw new CliArgs.UsageException("MESHKIT_REDIS_PASSWORD and MESHKIT_REDIS_PASSWORD_FILE are both set; set one");
        }
        if (hasValue) {
            return value;
        }
        if (!hasFile) {
            return null;
        }
        Path path = Path.of(file.trim());
        try {
            if (Files.size(path) > MAX_PASSWORD_FILE_BYTES) {
                throw new CliArgs.UsageException("MESHKIT_REDIS_PASSWORD_FILE=" + path + " is larger than "
                        + MAX_PASSWORD_FILE_BYTES + " bytes: not a password file");
            }
            String content = Files.readString(path, StandardCharsets.UTF_8);
            // One line end is the file's, not the password's (echo, printf '%s\n', Secret files edited by hand).
            String stripped = content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
            if (stripped.isEmpty()) {
                throw new CliArgs.UsageException("MESHKIT_REDIS_PASSWORD_FILE=" + path + " is empty");
            }
            return stripped;
        } catch (IOException e) {
            throw new CliArgs.UsageException("MESHKIT_REDIS_PASSWORD_FILE=" + path + " cannot be read: " + e);
        }
    }

    /** True when the URL has a {@code user:password@} or {@code password@} part (Lettuce reads both). */
    private static boolean hasUserInfo(String url) throws CliArgs.UsageException {
        try {
            return new URI(url).getRawUserInfo() != null;
        } catch (URISyntaxException e) {
            throw new CliArgs.UsageException("--redis is not a URL: " + e.getMessage());
        }
    }

    /** {@code --name VALUE} or {@code --name=VALUE}; the last one wins, as yargs does. */
    private static String value(List<String> args, String name) {
        String found = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--" + name) && i + 1 < args.size()) {
                found = args.get(++i);
            } else if (a.startsWith("--" + name + "=")) {
                found = a.substring(name.length() + 3);
            }
        }
        return found;
    }

    /** The lines {@code --help} adds. */
    static String usage() {
        return """
                  --redis           Cluster mode: Redis URL shared by every node (or env MESHKIT_REDIS_URL)  [string]
                  --node_id         Cluster mode: this node's unique name (or env MESHKIT_NODE_ID; default random)  [string]
                  --redis_ca        Cluster mode, rediss:// URL: PEM file of the CA certificates Redis' certificate is checked
                                    against (or env MESHKIT_REDIS_CA_FILE; default: the JVM's trust store)  [string]
                  --owner_cache_size  Cluster mode: other nodes' IDs whose holder this node remembers (0 = look up
                                    every message in Redis)  [number] [default: 65536]
                  env MESHKIT_REDIS_PASSWORD or MESHKIT_REDIS_PASSWORD_FILE (a file holding it): Redis password, kept out of the URL""";
    }
}
