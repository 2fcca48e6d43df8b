package io.meshkit.mesh.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meshkit.mesh.peerjs.BinaryPack;
import io.meshkit.mesh.peerjs.PeerJsWire;
import java.io.IOException;

/**
 * Coverage-guided fuzzing (Jazzer) of the mesh message decoder on both ways a peer's bytes reach
 * it: a PeerJS {@code json} link (Jackson within {@link PeerJsWire#JSON}'s limits) and a
 * {@code binary} link ({@link BinaryPack}). Whatever the bytes: the only exception allowed is
 * Jackson's {@link IOException} for bytes that are not JSON within the limits (the declared
 * rejection, which the link's codec turns into an invalid frame); BinaryPack and
 * the message decoders return values; a message the decoder accepts encodes to JSON that decodes
 * to the same message. Run as a unit test over the inputs in
 * {@code src/test/resources/io/meshkit/mesh/core/wire/MeshMessageFuzzTestInputs}; see
 * docs/SECURITY.md for a fuzzing session.
 */
class MeshMessageFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void decodingNeverThrowsAndWhatItAcceptsRoundTrips(FuzzedDataProvider data) throws Exception {
        boolean binary = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        Object tree;
        if (binary) {
            BinaryPack.Decoded d = BinaryPack.decode(bytes);
            assertThat(d).isNotNull();
            if (!(d instanceof BinaryPack.Value v)) {
                return;
            }
            tree = v.value();
        } else {
            try {
                tree = PeerJsWire.JSON.readValue(bytes, Object.class);
            } catch (IOException notJsonWithinLimits) {
                // What the json link's codec catches: Jackson's parse and limit errors, and its
                // CharConversionException for bytes that are no text in the encoding it detected
                // (it also reads UTF-16 and UTF-32; the fuzzer found a truncated UTF-32 one).
                return;
            }
        }
        MeshWire.Decoded decoded = MeshWire.fromTree(tree);
        assertThat(decoded).isNotNull();
        if (decoded instanceof MeshWire.Decoded.Ok ok) {
            String json = MeshWire.encode(ok.message());
            assertThat(MeshWire.fromTree(PeerJsWire.JSON.readValue(json, Object.class))).isEqualTo(decoded);
        }
    }
}
