package io.meshkit.stun.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void shouldAllowBurstThenRefillAtTheRate() throws Exception {
        RateLimiter l = new RateLimiter(16, 2, 4, 1);
        InetAddress a = ip("198.18.0.1");
        for (int i = 0; i < 4; i++) {
            assertThat(l.tryAcquire(a, 0)).isTrue();
        }
        assertThat(l.tryAcquire(a, 0)).isFalse();
        assertThat(l.tryAcquire(a, 499)).isFalse();
        assertThat(l.tryAcquire(a, 500)).isTrue(); // 2/s = one token per 500 ms
        assertThat(l.tryAcquire(a, 500)).isFalse();
    }

    @Test
    void shouldKeyIpv6ByPrefix64() throws Exception {
        RateLimiter l = new RateLimiter(16, 1, 1, 1);
        assertThat(l.tryAcquire(ip("2001:db8:1:2::1"), 0)).isTrue();
        assertThat(l.tryAcquire(ip("2001:db8:1:2::ffff"), 0)).isFalse();
        assertThat(l.tryAcquire(ip("2001:db8:1:3::1"), 0)).isTrue();
    }

    @Test
    void shouldKeepFixedMemoryUnderAFloodOfSources() throws Exception {
        RateLimiter l = new RateLimiter(1024, 1, 1, 7);
        long t = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] b = {(byte) 198, (byte) 18, (byte) (i >> 8), (byte) i};
            l.tryAcquire(InetAddress.getByAddress(b), t++);
        }
        assertThat(l.slots()).isEqualTo(1024);
        // A source seen just now is still tracked and limited.
        InetAddress hot = ip("203.0.113.9");
        assertThat(l.tryAcquire(hot, t)).isTrue();
        assertThat(l.tryAcquire(hot, t)).isFalse();
    }

    @Test
    void shouldNotGainTokensWhenTimeGoesBackwards() throws Exception {
        RateLimiter l = new RateLimiter(16, 1000, 1, 1);
        InetAddress a = ip("198.18.0.1");
        assertThat(l.tryAcquire(a, 10_000)).isTrue();
        assertThat(l.tryAcquire(a, 0)).isFalse();
    }

    @Test
    void shouldRejectNonsenseParameters() {
        assertThatThrownBy(() -> new RateLimiter(1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(16, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(16, 1, 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
