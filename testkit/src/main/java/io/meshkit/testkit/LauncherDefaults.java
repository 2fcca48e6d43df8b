package io.meshkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options our servers ship with ({@code docker/jvm/common.options}, then
 * {@code docker/jvm/<server>.options}), read the way {@code docker/java-entrypoint.sh} reads them,
 * so a test that starts a real jar runs it with exactly the production heap, direct-memory and
 * out-of-memory settings.
 */
public final class LauncherDefaults {
    private LauncherDefaults() {}

    /** The options for {@code server} ({@code "signaling-server"} or {@code "stun-server"}), in order. */
    public static List<String> jvmOptions(String server) {
        Path dir = Repo.root().resolve("docker/jvm");
        List<String> out = new ArrayList<>();
        for (Path f : List.of(dir.resolve("common.options"), dir.resolve(server + ".options"))) {
            try {
                for (String line : Files.readAllLines(f)) {
                    String s = line.strip();
                    if (!s.isEmpty() && !s.startsWith("#")) {
                        out.add(s);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("launcher defaults " + f, e);
            }
        }
        return out;
    }

    /**
     * {@code java <defaults> <extraJvmOptions> -jar jar}: extra options come after the defaults and
     * win, as {@code JAVA_OPTS} does in the entry point. Add the server's flags after it.
     */
    public static List<String> javaJar(String server, Path jar, List<String> extraJvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ManagedProcess.javaExecutable());
        cmd.addAll(jvmOptions(server));
        cmd.addAll(extraJvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }
}
