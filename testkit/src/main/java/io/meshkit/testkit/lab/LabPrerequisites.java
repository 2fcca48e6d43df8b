package io.meshkit.testkit.lab;

import io.meshkit.testkit.Ci;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What building a lab needs from the machine: root, and the {@code ip}, {@code nft}, {@code tc}
 * commands (Debian packages {@code iproute2}, {@code nftables}). Missing ones make a test skip with
 * a message saying what to install, or fail on CI ({@link Ci#require}).
 */
public final class LabPrerequisites {
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private LabPrerequisites() {}

    /** Skips (outside CI) or fails (on CI) the current test unless a lab can be built. */
    public static void require() {
        Ci.requireRoot();
        List<String> missing = missing();
        Ci.require(missing.isEmpty(), "for the NAT lab: " + String.join(", ", missing));
    }

    /** The missing commands, each with the package that provides it. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        check(missing, "ip", "iproute2");
        check(missing, "tc", "iproute2");
        check(missing, "nft", "nftables");
        return missing;
    }

    private static void check(List<String> missing, String command, String pkg) {
        if (SBIN.stream().noneMatch(dir -> Files.isExecutable(Path.of(dir, command)))) {
            missing.add(command + " (apt-get install " + pkg + ")");
        }
    }
}
