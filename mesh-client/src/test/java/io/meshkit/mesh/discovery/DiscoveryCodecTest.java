package io.meshkit.mesh.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DiscoveryCodecTest {
    private static final byte[] TXID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    /** A Binding success response carrying XOR-MAPPED-ADDRESS 203.0.113.10:40000 (RFC 8489 §14.2). */
    private static byte[] response(byte[] txid) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.putShort((short) 0x0101).putShort((short) 12).putInt(StunBinding.MAGIC_COOKIE).put(txid);
        b.putShort((short) 0x0020).putShort((short) 8).put((byte) 0).put((byte) 1);
        b.putShort((short) (40000 ^ (StunBinding.MAGIC_COOKIE >>> 16)));
        byte[] ip = {(byte) 203, 0, 113, 10};
        byte[] cookie = ByteBuffer.allocate(4).putInt(StunBinding.MAGIC_COOKIE).array();
        for (int i = 0; i < 4; i++) {
            b.put((byte) (ip[i] ^ cookie[i]));
        }
        return b.array();
    }

    @Test
    void shouldBuildA20ByteBindingRequest() {
        byte[] r = StunBinding.request(TXID);
        assertThat(r).hasSize(20);
        assertThat(ByteBuffer.wrap(r).getInt(4)).isEqualTo(StunBinding.MAGIC_COOKIE);
    }

    @Test
    void shouldReadTheXorMappedAddress() throws Exception {
        assertThat(StunBinding.parseResponse(response(TXID), TXID))
                .contains(InetAddress.getByName("203.0.113.10"));
    }

    @Test
    void shouldIgnoreAResponseToAnotherTransaction() {
        byte[] other = TXID.clone();
        other[0] = 99;
        assertThat(StunBinding.parseResponse(response(other), TXID)).isEmpty();
    }

    @Property(tries = 2000)
    void shouldNeverThrowOnArbitraryDatagrams(@ForAll @Size(max = 80) byte[] bytes) {
        assertThat(StunBinding.parseResponse(bytes, TXID)).isNotNull();
    }

    @Test
    void shouldParseStunUris() {
        assertThat(StunBinding.Server.parse("stun:stun.l.google.com:19302"))
                .isEqualTo(new StunBinding.Server("stun.l.google.com", 19302));
        assertThat(StunBinding.Server.parse("stun:203.0.113.1")).isEqualTo(new StunBinding.Server("203.0.113.1", 3478));
    }

    @Test
    void shouldReadIpEchoBodiesWithoutDns() throws Exception {
        assertThat(HttpIpEcho.parse("203.0.113.10\n")).contains(InetAddress.getByName("203.0.113.10"));
        assertThat(HttpIpEcho.parse("{\"ip\":\"2001:db8::1\"}")).contains(InetAddress.getByName("2001:db8::1"));
        assertThat(HttpIpEcho.parse("example.com")).isEmpty();
        assertThat(HttpIpEcho.parse("999.1.1.1")).isEmpty();
        assertThat(HttpIpEcho.parse("<html>")).isEmpty();
    }

    @Test
    void shouldAskTheFirstIpv4AddressThenTheFirstIpv6Address() throws Exception {
        InetAddress v4a = InetAddress.getByName("203.0.113.1");
        InetAddress v4b = InetAddress.getByName("203.0.113.2");
        InetAddress v6a = InetAddress.getByName("2001:db8::1");
        InetAddress v6b = InetAddress.getByName("2001:db8::2");
        assertThat(StunBinding.targets(new InetAddress[] {v6a, v6b, v4a, v4b})).containsExactly(v4a, v6a);
        assertThat(StunBinding.targets(new InetAddress[] {v6a})).containsExactly(v6a);
        assertThat(StunBinding.targets(new InetAddress[] {v4b})).containsExactly(v4b);
    }
}
