package io.meshkit.stun.cli;

import ch.qos.logback.classic.Level;
import io.meshkit.ops.logging.ConsoleLogging;
import io.meshkit.ops.logging.LineLayout;

/**
 * The STUN server's logging: one line per event on standard error, INFO, Netty and ice4j at WARN.
 * Found by logback through {@code META-INF/services}.
 */
public final class StunLogging extends ConsoleLogging {
    public StunLogging() {
        super(LineLayout.Style.LOCAL_TIME, true, Level.INFO, "io.netty", "org.ice4j");
    }
}
