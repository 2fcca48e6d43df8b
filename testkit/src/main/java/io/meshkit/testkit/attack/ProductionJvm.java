package io.meshkit.testkit.attack;

import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags our servers run with in production, which the attack tests start them with: a
 * hostile client must not be able to take down the process as it is really deployed, and a heap the
 * size of the test machine's would hide an out-of-memory failure behind minutes of growth.
 *
 * <p>{@code -Xmx384m} is what the Helm chart's pod gets today (512 MiB limit, {@code MaxRAMPercentage=75});
 * {@code -XX:+ExitOnOutOfMemoryError} turns an out-of-memory error into an exit the orchestrator
 * sees. {@code -Dmeshkit.attack.jvmFlags="-Xmx… …"} replaces them (blank-separated).
 */
public final class ProductionJvm {
    /** The flags, in order. */
    public static final List<String> DEFAULT_FLAGS = List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError");

    private ProductionJvm() {}

    /** The flags to start a server with: {@link #DEFAULT_FLAGS} unless the system property overrides them. */
    public static List<String> flags() {
        String override = System.getProperty("meshkit.attack.jvmFlags");
        if (override == null || override.isBlank()) {
            return DEFAULT_FLAGS;
        }
        return Arrays.asList(override.trim().split("\\s+"));
    }
}
