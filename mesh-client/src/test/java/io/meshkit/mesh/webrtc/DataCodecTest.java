package io.meshkit.mesh.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.mesh.peerjs.BinaryPack;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataCodecTest {
    private static final String CHECKIN = "{\"type\":\"checkin\",\"discoveryID\":\"mesh-n1-abc\",\"n\":3,\"list\":[1,2.5,null]}";

    private static List<DataCodec.Frame> frames(DataCodec.Encoded e) {
        assertThat(e).isInstanceOf(DataCodec.Frames.class);
        return ((DataCodec.Frames) e).frames();
    }

    private static Object decodeOne(DataCodec codec, List<DataCodec.Frame> frames) {
        assertThat(frames).hasSize(1);
        DataCodec.Received r = codec.decode(frames.get(0).bytes(), frames.get(0).binary());
        assertThat(r).isInstanceOf(DataCodec.Data.class);
        return ((DataCodec.Data) r).value();
    }

    @Test
    void shouldSendJsonTextAsBinaryPackOnABinaryLink() {
        DataCodec codec = new DataCodec(Serialization.BINARY);
        List<DataCodec.Frame> frames = frames(codec.encodeJsonText(CHECKIN));
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
        List<DataCodec.Frame> frames = frames(sender.encodeJsonText(big));
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
        List<DataCodec.Frame> frames = frames(codec.encodeJsonText(CHECKIN));
        assertThat(new String(frames.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo(CHECKIN);
        assertThat(decodeOne(codec, frames)).isInstanceOf(Map.class);
    }

    @Test
    void shouldSendJsonTextAsATextFrameOnARawLink() {
        DataCodec codec = new DataCodec(Serialization.RAW);
        List<DataCodec.Frame> frames = frames(codec.encodeJsonText(CHECKIN));
        assertThat(frames.get(0).binary()).isFalse();
        assertThat(decodeOne(codec, frames)).isEqualTo(CHECKIN);
    }

    @Test
    void shouldHoldAJsonLinkToPeerJsLimitBothWays() {
        DataCodec codec = new DataCodec(Serialization.JSON);
        assertThat(codec.maxMessageBytes()).isEqualTo(16_299);
        String fits = "\"" + "x".repeat(16_297) + "\"";
        assertThat(frames(codec.encodeJsonText(fits)).get(0).bytes()).hasSize(16_299);
        String over = "\"" + "x".repeat(16_298) + "\"";
        assertThat(codec.encodeJsonText(over)).isEqualTo(new DataCodec.TooBig(16_300, 16_299));
        assertThat(codec.encode("x".repeat(16_298))).isEqualTo(new DataCodec.TooBig(16_300, 16_299));
        assertThat(codec.decode(over.getBytes(StandardCharsets.UTF_8), true))
                .isEqualTo(new DataCodec.Invalid("a 16300-byte message; the limit is 16299"));
        assertThat(codec.decode(fits.getBytes(StandardCharsets.UTF_8), true)).isInstanceOf(DataCodec.Data.class);
    }

    @Test
    void shouldApplyALoweredLimitToBinaryMessagesWholeOrChunked() {
        DataCodec mesh = new DataCodec(Serialization.BINARY).withLimit(16_299);
        byte[] small = BinaryPack.encode("x".repeat(16_000));
        assertThat(mesh.decode(small, true)).isEqualTo(new DataCodec.Data("x".repeat(16_000)));
        assertThat(mesh.encode("y".repeat(16_300))).isInstanceOf(DataCodec.TooBig.class);
        // A peer with the default limit chunks a 40 kB message; the mesh link refuses it at the first chunk.
        List<DataCodec.Frame> chunks = frames(new DataCodec(Serialization.BINARY).encode("z".repeat(40_000)));
        assertThat(mesh.decode(chunks.get(0).bytes(), true)).isInstanceOf(DataCodec.Invalid.class);
        // Chunks that each fit but add up to more than the limit are refused too.
        DataCodec tight = new DataCodec(Serialization.BINARY).withLimit(20_000);
        DataCodec.Received r = null;
        for (DataCodec.Frame f : chunks) {
            r = tight.decode(f.bytes(), true);
            if (r instanceof DataCodec.Invalid) {
                break;
            }
        }
        assertThat(r).isEqualTo(new DataCodec.Invalid("chunked message larger than 20000 bytes"));
    }

    @Test
    void shouldKeepTheReassemblyBoundOfBinaryLinksByDefault() {
        assertThat(new DataCodec(Serialization.BINARY).maxMessageBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(new DataCodec(Serialization.RAW).maxMessageBytes()).isEqualTo(DataConnection.MAX_FRAME_BYTES);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DataCodec(Serialization.JSON).withLimit(20_000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
