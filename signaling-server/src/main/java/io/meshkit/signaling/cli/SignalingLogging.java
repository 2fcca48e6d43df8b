package io.meshkit.signaling.cli;

import ch.qos.logback.classic.Level;
import io.meshkit.ops.logging.ConsoleLogging;
import io.meshkit.ops.logging.LineLayout;

/**
 * The signaling server's logging: one structured line per event on standard output (key-value
 * pairs after the message; payloads are never logged), root level from {@code MESHKIT_LOG_LEVEL}
 * (default INFO), Netty at WARN. Found by logback through {@code META-INF/services}.
 */
public final class SignalingLogging extends ConsoleLogging {
    public SignalingLogging() {
        super(LineLayout.Style.UTC_KEY_VALUES, false, Level.toLevel(System.getenv("MESHKIT_LOG_LEVEL"), Level.INFO),
                "io.netty");
    }
}
