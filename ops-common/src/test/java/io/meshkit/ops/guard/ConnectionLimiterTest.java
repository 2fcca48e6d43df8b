package io.meshkit.ops.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshkit.ops.guard.ConnectionLimiter.Admission;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {
    private static SourceKey key(String ip) throws Exception {
        return SourceKey.of(InetAddress.getByName(ip));
    }

    @Test
    void shouldLeaveRoomForOthersWhenOneSourceTakesItsShare() throws Exception {
        ConnectionLimiter l = new ConnectionLimiter(4, 2);
        SourceKey a = key("198.51.100.1");
        assertThat(l.tryAcquire(a)).isEqualTo(Admission.ADMITTED);
        assertThat(l.tryAcquire(a)).isEqualTo(Admission.ADMITTED);
        assertThat(l.tryAcquire(a)).isEqualTo(Admission.SOURCE_FULL);
        // Another address in the same IPv6 /64 is the same source; another /64 is not.
        assertThat(l.tryAcquire(key("2001:db8::1"))).isEqualTo(Admission.ADMITTED);
        assertThat(l.tryAcquire(key("2001:db8::2"))).isEqualTo(Admission.ADMITTED);
        assertThat(l.tryAcquire(key("2001:db8::3"))).isEqualTo(Admission.TOTAL_FULL);
        assertThat(l.open()).isEqualTo(4);
        l.release(a);
        assertThat(l.open(a)).isEqualTo(1);
        assertThat(l.tryAcquire(key("2001:db8:0:1::1"))).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void shouldForgetASourceThatHoldsNothing() throws Exception {
        ConnectionLimiter l = new ConnectionLimiter(2, 1);
        SourceKey a = key("198.51.100.1");
        l.tryAcquire(a);
        l.release(a);
        assertThat(l.open(a)).isZero();
        assertThat(l.open()).isZero();
        assertThatThrownBy(() -> l.release(a)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseAPerSourceCapAboveTheTotal() {
        assertThatThrownBy(() -> new ConnectionLimiter(2, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
