package io.meshkit.ops.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * One log line per event, written directly instead of through logback's {@code PatternLayout}:
 * {@code <time> <level padded to 5> <logger's simple name> [- ]<message>[ key="value"…]}, then the
 * stack trace, if any. The pattern parser, its converters and the XML configurator behind them are
 * about 500 classes a server would otherwise load for one fixed format (a few MiB of metaspace and
 * symbols, which count against a 64 MiB STUN server). {@code LineLayoutTest} checks every line
 * against the {@code PatternLayout} it replaces.
 */
public final class LineLayout extends LayoutBase<ILoggingEvent> {
    /** How a server's lines look. */
    public enum Style {
        /**
         * {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{0} %msg %kvp%n}: ISO-8601 UTC,
         * structured key-value pairs after the message (the signaling server's).
         */
        UTC_KEY_VALUES("yyyy-MM-dd'T'HH:mm:ss.SSSX", ZoneOffset.UTC),
        /** {@code %d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n}: local time of day (the STUN server's). */
        LOCAL_TIME("HH:mm:ss.SSS", ZoneId.systemDefault());

        private final DateTimeFormatter time;

        Style(String pattern, ZoneId zone) {
            this.time = DateTimeFormatter.ofPattern(pattern).withZone(zone);
        }
    }

    private final Style style;

    public LineLayout(Style style) {
        this.style = style;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(128);
        style.time.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), sb);
        sb.append(' ');
        String level = event.getLevel().toString();
        sb.append(level);
        for (int i = level.length(); i < 5; i++) {
            sb.append(' ');
        }
        sb.append(' ');
        String logger = event.getLoggerName();
        sb.append(logger, logger.lastIndexOf('.') + 1, logger.length());
        sb.append(style == Style.LOCAL_TIME ? " - " : " ");
        sb.append(event.getFormattedMessage());
        if (style == Style.UTC_KEY_VALUES) {
            sb.append(' ');
            List<KeyValuePair> kvps = event.getKeyValuePairs();
            if (kvps != null) {
                for (int i = 0; i < kvps.size(); i++) {
                    KeyValuePair kv = kvps.get(i);
                    if (i > 0) {
                        sb.append(' ');
                    }
                    sb.append(kv.key).append("=\"").append(kv.value).append('"');
                }
            }
        }
        sb.append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            sb.append(ThrowableProxyUtil.asString(thrown));
        }
        return sb.toString();
    }
}
