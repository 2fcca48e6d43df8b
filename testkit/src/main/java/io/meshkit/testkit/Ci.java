package io.meshkit.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for tests that need something from the machine (root, a Debian package, the Node
 * tools): outside CI they skip with a message that says what is missing; on CI ({@code CI=true} or {@code CI=1})
 * the same absence is a failure, because {@code .ci/run} is supposed to have installed it.
 */
public final class Ci {
    private Ci() {}

    /** True when running under CI: the variable {@code CI} is set, as CI systems set it (see {@link #isCi(String)}). */
    public static boolean isCi() {
        return isCi(System.getenv("CI"));
    }

    /**
     * Whether a value of {@code CI} means CI: CI systems set {@code true} (GitHub, GitLab) or {@code 1}
     * (others, and people), so anything but unset, empty, {@code 0}, {@code false} or {@code no} does.
     */
    static boolean isCi(String value) {
        if (value == null) {
            return false;
        }
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        return !(v.isEmpty() || v.equals("0") || v.equals("false") || v.equals("no"));
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
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.equals("0");
        } catch (Exception e) {
            return false;
        }
    }
}
