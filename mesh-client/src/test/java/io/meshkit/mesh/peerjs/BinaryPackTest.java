package io.meshkit.mesh.peerjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BinaryPack against bytes produced by the JS implementation ({@code peerjs-js-binarypack} 2.x,
 * as shipped with peerjs 1.5.5; vectors printed by its {@code pack} under Node).
 */
class BinaryPackTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "0, 00", "-1, ff", "127, 7f", "128, cc80", "-33, d0df", "300, cd012c", "-300, d1fed4",
            "70000, ce00011170", "-70000, d2fffeee90", "4294967296, d30000000100000000"})
    void shouldEncodeIntegersLikePeerJs(long value, String hex) {
        assertThat(HEX.formatHex(BinaryPack.encode(value))).isEqualTo(hex);
        assertThat(BinaryPack.decode(HEX.parseHex(hex))).isEqualTo(new BinaryPack.Value(value));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1.5, cb3ff8000000000000", "-0.1, cbbfb999999999999a"})
    void shouldEncodeDoublesLikePeerJs(double value, String hex) {
        assertThat(HEX.formatHex(BinaryPack.encode(value))).isEqualTo(hex);
        assertThat(BinaryPack.decode(HEX.parseHex(hex))).isEqualTo(new BinaryPack.Value(value));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"hi, b26869", "abcdefghijklmnopqrst, d800146162636465666768696a6b6c6d6e6f7071727374",
            "héllo €, ba68c3a96c6c6f20e282ac"})
    void shouldEncodeStringsLikePeerJs(String value, String hex) {
        assertThat(HEX.formatHex(BinaryPack.encode(value))).isEqualTo(hex);
        assertThat(BinaryPack.decode(HEX.parseHex(hex))).isEqualTo(new BinaryPack.Value(value));
    }

    @org.junit.jupiter.api.Test
    void shouldEncodeScalarsContainersAndBytesLikePeerJs() {
        assertThat(HEX.formatHex(BinaryPack.encode(true))).isEqualTo("c3");
        assertThat(HEX.formatHex(BinaryPack.encode(false))).isEqualTo("c2");
        assertThat(HEX.formatHex(BinaryPack.encode(null))).isEqualTo("c0");
        assertThat(HEX.formatHex(BinaryPack.encode(Arrays.asList(1, "a", null)))).isEqualTo("9301b161c0");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("b", List.of(true));
        assertThat(HEX.formatHex(BinaryPack.encode(map))).isEqualTo("82b16101b16291c3");
        assertThat(HEX.formatHex(BinaryPack.encode(new byte[] {1, 2, 3}))).isEqualTo("a3010203");
        Object decoded = ((BinaryPack.Value) BinaryPack.decode(HEX.parseHex("a3010203"))).value();
        assertThat((byte[]) decoded).containsExactly(1, 2, 3);
    }

    @org.junit.jupiter.api.Test
    void shouldPackIntegralDoublesAsIntegersAsJsDoes() {
        assertThat(HEX.formatHex(BinaryPack.encode(300.0))).isEqualTo("cd012c");
    }

    @org.junit.jupiter.api.Test
    void shouldRejectTruncatedOversizedAndDeepInput() {
        assertThat(BinaryPack.decode(new byte[0])).isInstanceOf(BinaryPack.Rejected.class);
        assertThat(BinaryPack.decode(HEX.parseHex("d8ffff41"))).isInstanceOf(BinaryPack.Rejected.class);
        assertThat(BinaryPack.decode(HEX.parseHex("dfffffffff"))).isInstanceOf(BinaryPack.Rejected.class);
        byte[] deep = new byte[BinaryPack.MAX_DEPTH + 5];
        Arrays.fill(deep, (byte) 0x91);
        assertThat(BinaryPack.decode(deep)).isInstanceOf(BinaryPack.Rejected.class);
        assertThat(BinaryPack.decode(HEX.parseHex("b2c328"))).isInstanceOf(BinaryPack.Rejected.class);
    }

    @Property(tries = 2000)
    void shouldNeverThrowOnArbitraryBytes(@ForAll @Size(max = 64) byte[] bytes) {
        assertThat(BinaryPack.decode(bytes)).isNotNull();
    }

    @Property(tries = 500)
    void shouldRoundTripValues(@ForAll("values") Object value) {
        BinaryPack.Decoded d = BinaryPack.decode(BinaryPack.encode(value));
        assertThat(d).isEqualTo(new BinaryPack.Value(value));
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.doubles().filter(d -> Math.floor(d) != d).map(d -> (Object) d));
        return Arbitraries.oneOf(scalars,
                scalars.list().ofMaxSize(20).map(l -> (Object) List.copyOf(l)),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(8), scalars).ofMaxSize(20)
                        .map(m -> (Object) new LinkedHashMap<>(m)));
    }
}
