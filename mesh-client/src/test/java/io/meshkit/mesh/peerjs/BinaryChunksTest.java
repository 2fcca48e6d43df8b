package io.meshkit.mesh.peerjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinaryChunksTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> decodeMap(byte[] b) {
        return (Map<String, Object>) ((BinaryPack.Value) BinaryPack.decode(b)).value();
    }

    @Test
    void shouldSendSmallMessagesWhole() {
        byte[] small = new byte[BinaryChunks.CHUNKED_MTU];
        assertThat(new BinaryChunks().split(small)).containsExactly(small);
    }

    @Test
    void shouldSplitLikePeerJsAndReassembleInAnyOrder() {
        byte[] big = new byte[40_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        List<byte[]> parts = new BinaryChunks().split(big);
        assertThat(parts).hasSize(3);
        Map<String, Object> first = decodeMap(parts.get(0));
        assertThat(first.keySet()).containsExactly("__peerData", "n", "data", "total");
        assertThat(first.get("__peerData")).isEqualTo(1L);
        assertThat(first.get("total")).isEqualTo(3L);
        BinaryChunks receiver = new BinaryChunks();
        assertThat(receiver.accept(decodeMap(parts.get(2)))).isInstanceOf(BinaryChunks.Incomplete.class);
        assertThat(receiver.accept(decodeMap(parts.get(0)))).isInstanceOf(BinaryChunks.Incomplete.class);
        BinaryChunks.Outcome last = receiver.accept(decodeMap(parts.get(1)));
        assertThat(((BinaryChunks.Complete) last).packed()).isEqualTo(big);
        assertThat(receiver.pendingCount()).isZero();
    }

    @Test
    void shouldRejectOutOfRangeChunks() {
        BinaryChunks receiver = new BinaryChunks();
        assertThat(receiver.accept(Map.of("__peerData", 1L, "n", 5L, "total", 2L, "data", new byte[1])))
                .isInstanceOf(BinaryChunks.Invalid.class);
        assertThat(receiver.accept(Map.of("__peerData", 1L, "n", 0L, "total", 1L << 40, "data", new byte[1])))
                .isInstanceOf(BinaryChunks.Invalid.class);
        assertThat(receiver.accept(Map.of("__peerData", 1L, "n", 0L, "total", 2L)))
                .isInstanceOf(BinaryChunks.Invalid.class);
    }

    @Test
    void shouldBoundHalfAssembledMessages() {
        BinaryChunks receiver = new BinaryChunks();
        for (long id = 1; id <= 100; id++) {
            receiver.accept(Map.of("__peerData", id, "n", 0L, "total", 2L, "data", new byte[10]));
        }
        assertThat(receiver.pendingCount()).isEqualTo(BinaryChunks.MAX_PENDING_MESSAGES);
    }
}
