package io.meshkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String SCRAPE = String.join("\n",
            "# HELP meshkit_x_total x",
            "# TYPE meshkit_x_total counter",
            "meshkit_x_total{reason=\"a\",transport=\"udp\"} 3.0",
            "meshkit_y 1.5",
            "jvm_buffer_memory_used_bytes{id=\"mapped - 'non-volatile memory'\"} 0.0",
            "odd{v=\"q\\\"uote\\\\ and \\n, comma\",w=\"\"} 2.0",
            "");

    @Test
    void shouldListEverySeriesWithItsLabelsUnescaped() {
        PrometheusText text = PrometheusText.parse(SCRAPE);
        assertThat(text.series()).containsExactly(
                new PrometheusText.Series("meshkit_x_total", Map.of("reason", "a", "transport", "udp"), 3.0),
                new PrometheusText.Series("meshkit_y", Map.of(), 1.5),
                new PrometheusText.Series("jvm_buffer_memory_used_bytes", Map.of("id", "mapped - 'non-volatile memory'"), 0.0),
                new PrometheusText.Series("odd", Map.of("v", "q\"uote\\ and \n, comma", "w", ""), 2.0));
        assertThat(text.value("meshkit_x_total", "reason", "a", "transport", "udp")).isEqualTo(3.0);
    }
}
