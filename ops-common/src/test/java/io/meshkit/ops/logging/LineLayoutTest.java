package io.meshkit.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The direct layout must write exactly what the {@code PatternLayout} it replaces writes. */
class LineLayoutTest {
    private final LoggerContext context = new LoggerContext();

    private PatternLayout pattern(String p) {
        PatternLayout l = new PatternLayout();
        l.setContext(context);
        l.setPattern(p);
        l.start();
        return l;
    }

    private LoggingEvent event(Random r) {
        String[] loggers = {"io.meshkit.signaling.netty.SignalingServer", "StunServer", "a.b.C$Inner", "root"};
        Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};
        Throwable t = r.nextInt(4) == 0 ? new IllegalStateException("boom " + r.nextInt(), new RuntimeException("cause")) : null;
        LoggingEvent e = new LoggingEvent("fqcn", context.getLogger(loggers[r.nextInt(loggers.length)]),
                levels[r.nextInt(levels.length)], "message {} with \"quotes\" and {}", t,
                new Object[] {r.nextInt(1000), "ü-ñ"});
        e.setTimeStamp(1_700_000_000_000L + r.nextInt(Integer.MAX_VALUE));
        int kvs = r.nextInt(4);
        if (kvs > 0) {
            List<KeyValuePair> list = new ArrayList<>();
            for (int i = 0; i < kvs; i++) {
                list.add(new KeyValuePair("k" + i, i == 1 ? null : (Object) ("v " + r.nextInt(100))));
            }
            e.setKeyValuePairs(list);
        }
        return e;
    }

    @Test
    void shouldWriteWhatTheSignalingServersPatternWrote() {
        PatternLayout oracle = pattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{0} %msg %kvp%n");
        LineLayout layout = new LineLayout(LineLayout.Style.UTC_KEY_VALUES);
        Random r = new Random(1);
        for (int i = 0; i < 500; i++) {
            LoggingEvent e = event(r);
            assertThat(layout.doLayout(e)).isEqualTo(oracle.doLayout(e));
        }
    }

    @Test
    void shouldWriteWhatTheStunServersPatternWrote() {
        PatternLayout oracle = pattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        LineLayout layout = new LineLayout(LineLayout.Style.LOCAL_TIME);
        Random r = new Random(2);
        for (int i = 0; i < 500; i++) {
            LoggingEvent e = event(r);
            assertThat(layout.doLayout(e)).isEqualTo(oracle.doLayout(e));
        }
    }
}
