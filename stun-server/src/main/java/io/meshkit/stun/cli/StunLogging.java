package io.meshkit.stun.cli;

import io.meshkit.ops.logging.ConsoleLogging;
import io.meshkit.ops.logging.LineLayout;
import java.util.List;

/**
 * The STUN server's logging: one line per event on standard error, INFO, Netty and ice4j at WARN.
 * Found by logback through {@code META-INF/services}.
 */
public final class StunLogging extends ConsoleLogging {
    @Override
    protected LineLayout.Style style() {
        return LineLayout.Style.LOCAL_TIME;
    }

    @Override
    protected boolean toStderr() {
        return true;
    }

    @Override
    protected List<String> quiet() {
        return List.of("io.netty", "org.ice4j");
    }
}
