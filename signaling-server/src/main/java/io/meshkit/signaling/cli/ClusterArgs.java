package io.meshkit.signaling.cli;

import io.meshkit.signaling.cluster.ClusterOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cluster mode flags (ours; the reference has none): {@code --redis URL} or env
 * {@code MESHKIT_REDIS_URL} turns it on (the flag wins), {@code --node_id NAME} or env
 * {@code MESHKIT_NODE_ID} names this node (default: a random name, unique per process). Without a
 * Redis URL the server runs in memory on one node, as the reference.
 */
public final class ClusterArgs {
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
        try {
            return new ClusterOptions(url.trim(), node.trim(), ClusterOptions.DEFAULT_RENEW_MILLIS);
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException(e.getMessage());
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
                  --node_id         Cluster mode: this node's unique name (or env MESHKIT_NODE_ID; default random)  [string]""";
    }
}
