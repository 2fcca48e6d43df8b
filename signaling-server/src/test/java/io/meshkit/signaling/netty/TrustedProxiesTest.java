package io.meshkit.signaling.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** X-Forwarded-For read from the right, as nginx's real_ip_recursive and Express' trust proxy do. */
class TrustedProxiesTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static String client(TrustedProxies p, String peer, String... xff) throws Exception {
        InetAddress a = p.client(ip(peer), List.of(xff));
        return a == null ? null : a.getHostAddress();
    }

    @Test
    void withoutProxiedTheHeaderIsIgnored() throws Exception {
        TrustedProxies p = new TrustedProxies(false, List.of());
        assertThat(client(p, "10.0.0.1", "203.0.113.7")).isEqualTo("10.0.0.1");
    }

    @Test
    void proxiedAloneTrustsOneHop() throws Exception {
        TrustedProxies p = new TrustedProxies(true, List.of());
        assertThat(client(p, "10.0.0.1", "6.6.6.6, 203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(client(p, "10.0.0.1")).as("no header").isEqualTo("10.0.0.1");
        assertThat(client(p, "10.0.0.1", "garbage")).as("not an address: the peer").isEqualTo("10.0.0.1");
    }

    @Test
    void trustedProxiesAreSkippedFromTheRight() throws Exception {
        TrustedProxies p = new TrustedProxies(true, TrustedProxies.parseList("10.0.0.0/8, 192.168.1.1 2001:db8::/32"));
        assertThat(client(p, "10.1.2.3", "6.6.6.6, 203.0.113.7, 192.168.1.1, 10.9.9.9")).isEqualTo("203.0.113.7");
        assertThat(client(p, "10.1.2.3", "garbage, 10.9.9.9")).as("an unparsable hop ends the walk").isEqualTo("10.9.9.9");
        assertThat(client(p, "10.1.2.3", "10.0.0.2, 10.0.0.3")).as("all trusted: the left-most").isEqualTo("10.0.0.2");
        assertThat(client(p, "203.0.113.9", "6.6.6.6")).as("an untrusted peer's header is ignored")
                .isEqualTo("203.0.113.9");
        assertThat(client(p, "2001:db8::5", "2001:db9::1")).isEqualTo("2001:db9:0:0:0:0:0:1");
        assertThat(client(p, "::ffff:10.1.2.3", "203.0.113.7")).as("an IPv4-mapped peer matches IPv4 blocks")
                .isEqualTo("203.0.113.7");
    }

    @Test
    void cidrsParseAndMatchBitByBit() {
        TrustedProxies.Cidr c = TrustedProxies.Cidr.parse("172.16.0.0/12");
        assertThat(c.contains(new byte[] {(byte) 172, 31, (byte) 255, 1})).isTrue();
        assertThat(c.contains(new byte[] {(byte) 172, 32, 0, 1})).isFalse();
        assertThat(TrustedProxies.Cidr.parse("0.0.0.0/0").contains(new byte[] {1, 2, 3, 4})).isTrue();
        assertThatThrownBy(() -> TrustedProxies.Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedProxies.Cidr.parse("proxy.example")).isInstanceOf(IllegalArgumentException.class);
    }
}
