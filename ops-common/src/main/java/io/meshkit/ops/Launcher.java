package io.meshkit.ops;

import io.netty.util.ResourceLeakDetector;

/** What both servers' {@code main} does the same way before it starts serving. */
public final class Launcher {
    private Launcher() {}

    /**
     * Turns Netty's buffer leak detector off unless {@code -Dio.netty.leakDetection.level} asks for it.
     * At its default level it samples and wraps buffers: about 18% of the signaling relay path's CPU
     * and 1.9% of the STUN path's in their profiles (docs/BENCHMARKS.md). Tests, which do not go
     * through {@code main}, keep Netty's default.
     */
    public static void disableLeakDetectionUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /**
     * The version in the manifest of the jar {@code mainClass} was loaded from
     * ({@code Implementation-Version}, the Maven project version), or {@code "unknown"} outside a jar.
     */
    public static String version(Class<?> mainClass) {
        String v = mainClass.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "unknown (not run from a jar)" : v;
    }
}
