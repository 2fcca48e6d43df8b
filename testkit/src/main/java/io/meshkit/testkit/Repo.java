package io.meshkit.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository and the Node tools installed by {@code .ci/run} ({@code tools/node}) live.
 *
 * <p>Failsafe sets {@code MESHKIT_ROOT}; otherwise the root is found by walking up from the working
 * directory to the folder that holds {@code tools/node/package.json}.
 */
public final class Repo {
    private Repo() {}

    /** The repository root. */
    public static Path root() {
        String env = System.getenv("MESHKIT_ROOT");
        if (env != null && Files.isDirectory(Path.of(env, "tools", "node"))) {
            return Path.of(env).toAbsolutePath();
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("tools/node/package.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the mesh-kit root (tools/node/package.json) above " + dir);
    }

    /** {@code tools/node/node_modules}: present after {@code npm ci --prefix tools/node}. */
    public static Path nodeModules() {
        return root().resolve("tools/node/node_modules");
    }

    /** The unmodified PeerJS browser client, {@code peerjs@1.5.5} {@code dist/peerjs.min.js}. */
    public static Path peerJsClient() {
        return Ci.requireFile(nodeModules().resolve("peerjs/dist/peerjs.min.js"),
                "the PeerJS browser client; run: npm ci --prefix tools/node");
    }

    /** The reference server's CLI, npm {@code peer@1.0.2} ({@code peerjs} bin). */
    public static Path referencePeerServerCli() {
        return Ci.requireFile(nodeModules().resolve("peer/dist/bin/peerjs.js"),
                "the reference peerjs-server; run: npm ci --prefix tools/node");
    }
}
