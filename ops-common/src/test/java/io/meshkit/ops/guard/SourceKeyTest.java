package io.meshkit.ops.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class SourceKeyTest {
    private static SourceKey key(String ip) throws Exception {
        return SourceKey.of(InetAddress.getByName(ip));
    }

    @Test
    void shouldCountAnIpv6SubscriberByItsSlash64() throws Exception {
        assertThat(key("2001:db8:1:2::1")).isEqualTo(key("2001:db8:1:2:ffff:1:2:3"));
        assertThat(key("2001:db8:1:2::1")).isNotEqualTo(key("2001:db8:1:3::1"));
        assertThat(key("2001:db8:1:2::1")).hasToString("2001:db8:1:2::/64");
    }

    @Test
    void shouldCountAnIpv4AddressAloneAndTheSameWhenMappedIntoIpv6() throws Exception {
        assertThat(key("203.0.113.7")).isNotEqualTo(key("203.0.113.8"));
        // What a dual-stack socket reports for an IPv4 client.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 203;
        mapped[13] = 0;
        mapped[14] = 113;
        mapped[15] = 7;
        assertThat(SourceKey.of(InetAddress.getByAddress(mapped))).isEqualTo(key("203.0.113.7"));
        assertThat(key("203.0.113.7")).hasToString("203.0.113.7");
    }

    @Test
    void shouldGiveOneKeyToWhatIsNotAnIpSocket() throws Exception {
        assertThat(SourceKey.of(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 5)))
                .isEqualTo(key("192.0.2.1"));
        assertThat(SourceKey.of((java.net.SocketAddress) null)).isEqualTo(SourceKey.UNKNOWN);
    }
}
