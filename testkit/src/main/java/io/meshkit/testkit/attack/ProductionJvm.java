package io.meshkit.testkit.attack;

import io.meshkit.testkit.LauncherDefaults;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags our servers run with in production, which the attack tests start them with: a
 * hostile client must not be able to take down the process as it is really deployed, and a heap the
 * size of the test machine's would hide an out-of-memory failure behind minutes of growth. They are
 * the launcher defaults ({@code docker/jvm/*.options}, {@link LauncherDefaults}): heap, direct memory
 * and the exit on out-of-memory. {@code -Dmeshkit.attack.jvmFlags="-Xmx… …"} replaces them
 * (blank-separated), e.g. to measure an old build with the flags of its time.
 */
public final class ProductionJvm {
    private ProductionJvm() {}

    /** The flags {@code server} ({@code "signaling-server"}, {@code "stun-server"}) ships with, unless overridden. */
    public static List<String> flags(String server) {
        String override = System.getProperty("meshkit.attack.jvmFlags");
        if (override == null || override.isBlank()) {
            return LauncherDefaults.jvmOptions(server);
        }
        return Arrays.asList(override.trim().split("\\s+"));
    }
}
