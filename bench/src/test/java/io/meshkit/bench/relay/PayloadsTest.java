package io.meshkit.bench.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadsTest {
    private static final Path DIR = Path.of("payloads");

    @Test
    void shouldFillTheSharedTemplatesIntoValidPeerJsMessagesOfTheDocumentedSizes() throws Exception {
        List<Payloads.Template> realistic = Payloads.mix(DIR, "realistic");
        assertThat(realistic).extracting(Payloads.Template::name)
                .containsExactly("offer", "candidate", "candidate", "candidate");
        int[] sizes = new int[2];
        for (int i = 0; i < 2; i++) {
            ByteBuf buf = Unpooled.buffer();
            realistic.get(i).write(buf, "b9f3kx123".getBytes(StandardCharsets.US_ASCII), 1_234_567_890_123L);
            String json = buf.toString(StandardCharsets.UTF_8);
            var tree = new ObjectMapper().readTree(json);
            assertThat(tree.get("dst").asText()).isEqualTo("b9f3kx123");
            assertThat(tree.get("payload").get("t").asLong()).isEqualTo(1_234_567_890_123L);
            assertThat(Payloads.readT(buf)).isEqualTo(1_234_567_890_123L);
            sizes[i] = json.length();
        }
        assertThat(sizes[0]).as("SDP-sized OFFER").isBetween(750, 850);
        assertThat(sizes[1]).as("CANDIDATE").isBetween(300, 360);
    }

    @Test
    void shouldWriteAndReadBackAnyNonNegativeTime() {
        for (long t : new long[] {0, 7, 10, 999_999, Long.MAX_VALUE}) {
            ByteBuf buf = Unpooled.buffer().writeBytes("{\"t\":".getBytes(StandardCharsets.US_ASCII));
            Payloads.writeDecimal(buf, t);
            buf.writeByte('}');
            assertThat(Payloads.readT(buf)).isEqualTo(t);
        }
        assertThat(Payloads.readT(Unpooled.copiedBuffer("{\"type\":\"OPEN\"}", StandardCharsets.US_ASCII))).isEqualTo(-1);
    }
}
