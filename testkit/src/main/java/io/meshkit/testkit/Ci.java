package io.meshkit.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for tests that need something from the machine (root, a Debian package, the Node
 * tools): outside CI they skip with a message that says what is missing; on CI ({@code CI=true})
 * the same absence is a failure, because {@code .ci/run} is supposed to have installed it.
 */
public final class Ci {
    private Ci() {}

    /** True when running under CI ({@code CI=true}). */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (outside CI) or fails (on CI) the current test unless {@code condition} holds. */
    public static void require(boolean condition, String whatIsMissing) {
        if (condition) {
            return;
        }
        if (isCi()) {
            throw new AssertionError("CI must provide " + whatIsMissing);
        }
        Assumptions.abort("skipped: needs " + whatIsMissing);
    }

    /** Requires root (network namespaces, nftables). */
    public static void requireRoot() {
        require("root".equals(System.getProperty("user.name")) || isEffectiveRoot(), "root (network namespaces)");
    }

    /** Requires an executable such as {@code /usr/bin/chromium}. */
    public static Path requireExecutable(String path, String debianPackage) {
        Path p = Path.of(path);
        require(Files.isExecutable(p), path + " (apt-get install " + debianPackage + ")");
        return p;
    }

    /** Requires a file, returning it. */
    public static Path requireFile(Path file, String what) {
        require(Files.isRegularFile(file), what + " at " + file);
        return file;
    }

    private static boolean isEffectiveRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 && out.equals("0");
        } catch (Exception e) {
            return false;
        }
    }
}
