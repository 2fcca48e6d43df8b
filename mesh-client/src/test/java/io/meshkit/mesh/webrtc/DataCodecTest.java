package io.meshkit.mesh.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.peerjs.BinaryPack;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataCodecTest {
    private static final String CHECKIN = "{\"type\":\"checkin\",\"discoveryID\":\"mesh-n1-abc\",\"n\":3,\"list\":[1,2.5,null]}";

    private static Object decodeOne(DataCodec codec, List<DataCodec.Frame> frames) {
        assertThat(frames).hasSize(1);
        DataCodec.Received r = codec.decode(frames.get(0).bytes(), frames.get(0).binary());
        assertThat(r).isInstanceOf(DataCodec.Data.class);
        return ((DataCodec.Data) r).value();
    }

    @Test
    void shouldSendJsonTextAsBinaryPackOnABinaryLink() {
        DataCodec codec = new DataCodec(Serialization.BINARY);
        List<DataCodec.Frame> frames = codec.encodeJsonText(CHECKIN);
        // What PeerJS's BinaryPack connection unpacks: a map, not the bytes of the JSON text.
        Object value = ((BinaryPack.Value) BinaryPack.decode(frames.get(0).bytes())).value();
        assertThat(value).isEqualTo(Map.of("type", "checkin", "discoveryID", "mesh-n1-abc", "n", 3L,
                "list", java.util.Arrays.asList(1L, 2.5, null)));
        assertThat(frames.get(0).binary()).isTrue();
    }

    @Test
    void shouldChunkALargeJsonDocumentOnABinaryLinkAndReassembleIt() {
        String big = "{\"s\":\"" + "x".repeat(40_000) + "\"}";
        DataCodec sender = new DataCodec(Serialization.BINARY);
        List<DataCodec.Frame> frames = sender.encodeJsonText(big);
        assertThat(frames).hasSize(3);
        DataCodec receiver = new DataCodec(Serialization.BINARY);
        DataCodec.Received last = null;
        for (DataCodec.Frame f : frames) {
            last = receiver.decode(f.bytes(), f.binary());
        }
        assertThat(last).isEqualTo(new DataCodec.Data(Map.of("s", "x".repeat(40_000))));
    }

    @Test
    void shouldSendJsonTextUnchangedOnAJsonLink() {
        DataCodec codec = new DataCodec(Serialization.JSON);
        List<DataCodec.Frame> frames = codec.encodeJsonText(CHECKIN);
        assertThat(new String(frames.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo(CHECKIN);
        assertThat(decodeOne(codec, frames)).isInstanceOf(Map.class);
    }

    @Test
    void shouldSendJsonTextAsATextFrameOnARawLink() {
        DataCodec codec = new DataCodec(Serialization.RAW);
        List<DataCodec.Frame> frames = codec.encodeJsonText(CHECKIN);
        assertThat(frames.get(0).binary()).isFalse();
        assertThat(decodeOne(codec, frames)).isEqualTo(CHECKIN);
    }
}
