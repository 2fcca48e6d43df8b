package io.meshkit.mesh.peerjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectFailureTest {
    /** What the JDK's HTTP client gives for a refused WebSocket connect: no message, a ClosedChannelException. */
    private static Throwable jdkRefused() {
        ConnectException c = new ConnectException();
        c.initCause(new ClosedChannelException());
        return new CompletionException(c);
    }

    @Test
    void shouldAskTheSystemAgainWhenTheJdkLostTheReason() {
        AtomicInteger probes = new AtomicInteger();
        String cause = ConnectFailure.describe(jdkRefused(), "203.0.113.1", 9000, (h, p) -> {
            probes.incrementAndGet();
            assertThat(h).isEqualTo("203.0.113.1");
            assertThat(p).isEqualTo(9000);
            return new ConnectException("Connection refused");
        });
        assertThat(cause).isEqualTo("connection refused (203.0.113.1:9000)");
        assertThat(probes).hasValue(1);
    }

    @Test
    void shouldNeverNameClosedChannelExceptionForARefusedConnection() throws Exception {
        // The real probe against a port nobody listens on.
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(ConnectFailure.describe(jdkRefused(), "127.0.0.1", port))
                .isEqualTo("connection refused (127.0.0.1:" + port + ")");
    }

    @Test
    void shouldNotProbeAgainWhenTheProbeAlsoGivesNoReason() {
        AtomicInteger probes = new AtomicInteger();
        String cause = ConnectFailure.describe(jdkRefused(), "h", 1, (h, p) -> {
            probes.incrementAndGet();
            return new ConnectException();
        });
        assertThat(probes).hasValue(1);
        assertThat(cause).isEqualTo("ConnectException (h:1)");
    }

    @Test
    void shouldNameUnresolvableHostsTimeoutsAndIpv6Addresses() {
        assertThat(ConnectFailure.describe(new ConnectException() {
            {
                initCause(new UnresolvedAddressException());
            }
        }, "no-such-host.invalid", 443, null)).isEqualTo("cannot resolve host no-such-host.invalid");
        assertThat(ConnectFailure.describe(new HttpConnectTimeoutException("HTTP connect timed out"), "2001:db8::1", 9000,
                null)).isEqualTo("connect timed out ([2001:db8::1]:9000)");
    }
}
