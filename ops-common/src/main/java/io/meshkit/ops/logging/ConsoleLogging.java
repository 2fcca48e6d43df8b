package io.meshkit.ops.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * A server's logging, set up in code: one console appender with a {@link LineLayout}, a root level
 * and the libraries kept at WARN. Each server registers its subclass in
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}; logback runs it before looking
 * for XML. An operator's {@code -Dlogback.configurationFile} still wins, and so does a
 * {@code logback-test.xml} of a test class path that holds a server's jar: this configurator then
 * steps aside and logback's XML configurator reads that file.
 */
public abstract class ConsoleLogging extends ContextAwareBase implements Configurator {
    private final LineLayout.Style style;
    private final boolean toStderr;
    private final Level rootLevel;
    private final List<String> quiet;

    /**
     * @param style     the line format
     * @param toStderr  standard error instead of standard output
     * @param rootLevel the root level
     * @param quiet     loggers (library packages) kept at WARN
     */
    protected ConsoleLogging(LineLayout.Style style, boolean toStderr, Level rootLevel, String... quiet) {
        this.style = style;
        this.toStderr = toStderr;
        this.rootLevel = rootLevel;
        this.quiet = List.of(quiet);
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || ConsoleLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LineLayout layout = new LineLayout(style);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(toStderr ? "STDERR" : "STDOUT");
        console.setTarget(toStderr ? "System.err" : "System.out");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel);
        root.addAppender(console);
        for (String name : quiet) {
            context.getLogger(name).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
