package io.meshkit.stun;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@link StunServer} needs. See {@code stun-server/README.md} for the CLI flags that set
 * each field and their defaults.
 *
 * @param hosts local addresses to listen on (UDP, and TCP unless disabled); {@code ::} is dual-stack
 * @param port UDP port (0 = ephemeral, for tests)
 * @param tcpPort TCP port: -1 = no TCP, 0 = ephemeral; the CLI defaults it to {@code port}
 * @param altHost RFC 5780 alternate address (needs {@code altPort} too)
 * @param altPort RFC 5780 alternate port (0 = ephemeral, for tests)
 * @param software SOFTWARE text, empty for none
 * @param mappedAddress add MAPPED-ADDRESS to responses
 * @param rfc3489 answer requests without magic cookie
 * @param rateLimitPerSecond sustained requests per second per source IP (IPv6: per /64); 0 = no limit
 * @param rateLimitBurst bucket size per source
 * @param rateLimitSlots sources tracked at once (fixed memory, about 40 bytes each)
 * @param tcpLimits caps and timeouts of STUN over TCP
 * @param ioThreads event loop threads (UDP sockets per address use SO_REUSEPORT with epoll)
 * @param udpReceiveBufferBytes {@code SO_RCVBUF} of each UDP socket, 0 = the system default; the kernel
 *        caps it at {@code net.core.rmem_max}. Requests that arrive while the event loop is busy wait
 *        here; when it is full the kernel drops them ({@code UdpRcvbufErrors}).
 * @param udpSendBufferBytes {@code SO_SNDBUF} of each UDP socket, 0 = the system default (capped at
 *        {@code net.core.wmem_max})
 */
public record StunServerConfig(List<InetAddress> hosts, int port, int tcpPort, Optional<InetAddress> altHost,
                               Optional<Integer> altPort, Optional<String> software, boolean mappedAddress,
                               boolean rfc3489, double rateLimitPerSecond, double rateLimitBurst, int rateLimitSlots,
                               TcpLimits tcpLimits, int ioThreads,
                               int udpReceiveBufferBytes, int udpSendBufferBytes) {

    /** Default sustained rate per source: generous for a large NAT (many users share one IP). */
    public static final double DEFAULT_RATE_PER_SECOND = 200;
    /** Default burst per source. */
    public static final double DEFAULT_BURST = 400;
    /** Default number of tracked sources (about 2.5 MiB). */
    public static final int DEFAULT_RATE_SLOTS = 65536;

    /**
     * Limits of STUN over TCP. A client can hold a connection slot only while it keeps sending whole
     * messages: idle connections end after {@code idleSeconds}, and a message must be complete within
     * {@code messageSeconds} of its first byte (a byte now and then does not extend it). No source
     * (an IPv4 address, an IPv6 /64) may hold more than {@code maxPerSource} connections, so filling
     * all {@code maxConnections} takes {@code maxConnections / maxPerSource} sources.
     *
     * @param maxConnections TCP connections open at once; more are closed on accept
     * @param maxPerSource TCP connections one source may hold; more are closed on accept
     * @param idleSeconds a TCP connection with nothing received for this long is closed
     * @param messageSeconds a STUN message must arrive whole within this long of its first byte
     */
    public record TcpLimits(int maxConnections, int maxPerSource, int idleSeconds, int messageSeconds) {
        /** Default connection cap. */
        public static final int DEFAULT_MAX_CONNECTIONS = 4096;
        /**
         * Default per-source cap: generous for a NAT (browsers do not send STUN over TCP; the few
         * clients that do hold one connection each), small against the total.
         */
        public static final int DEFAULT_MAX_PER_SOURCE = 32;
        /** Default idle timeout: RFC 8489 §6.2.2 suggests servers keep connections for a while (10 s at least). */
        public static final int DEFAULT_IDLE_SECONDS = 30;
        /** Default message deadline: a request is at most 2 KiB, sent at once by any real client. */
        public static final int DEFAULT_MESSAGE_SECONDS = 5;

        public TcpLimits {
            if (maxConnections < 1 || maxPerSource < 1 || maxPerSource > maxConnections || idleSeconds < 1
                    || messageSeconds < 1) {
                throw new IllegalArgumentException("TCP limits: connections >= 1, 1 <= per source <= connections,"
                        + " idle and message seconds >= 1");
            }
        }

        public static TcpLimits defaults() {
            return new TcpLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_PER_SOURCE, DEFAULT_IDLE_SECONDS,
                    DEFAULT_MESSAGE_SECONDS);
        }
    }

    /**
     * Default {@code SO_RCVBUF}: 4 MiB, room for about 4,000 queued requests (a request costs about
     * 1 KiB of buffer accounting) instead of about 230 with Linux's usual 208 KiB; measured in
     * {@code bench/findings.md}.
     */
    public static final int DEFAULT_UDP_RECEIVE_BUFFER = 4 << 20;
    /** Default {@code SO_SNDBUF}: 1 MiB, so a burst of replies is not dropped on the way out. */
    public static final int DEFAULT_UDP_SEND_BUFFER = 1 << 20;

    public StunServerConfig {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("at least one --host is needed");
        }
        if (port < 0 || port > 65535 || tcpPort < -1 || tcpPort > 65535) {
            throw new IllegalArgumentException("ports must be in 0..65535");
        }
        if (altHost.isPresent() != altPort.isPresent()) {
            throw new IllegalArgumentException(
                    "RFC 5780 needs both --alt-host and --alt-port (a second address and a second port)");
        }
        if (rateLimitPerSecond < 0 || (rateLimitPerSecond > 0 && rateLimitBurst < 1)) {
            throw new IllegalArgumentException("rate limit must be >= 0 and burst >= 1");
        }
        if (udpReceiveBufferBytes < 0 || udpSendBufferBytes < 0) {
            throw new IllegalArgumentException("UDP buffer sizes must be >= 0 (0 = system default)");
        }
        if (ioThreads < 1 || ioThreads > 64) {
            throw new IllegalArgumentException("io threads 1..64");
        }
        java.util.Objects.requireNonNull(tcpLimits, "tcpLimits");
    }

    /** Defaults for {@code host}:{@code port} (UDP and TCP on the same port). */
    public static StunServerConfig defaults(InetAddress host, int port) {
        return new StunServerConfig(List.of(host), port, port, Optional.empty(), Optional.empty(), Optional.empty(),
                false, false, DEFAULT_RATE_PER_SECOND, DEFAULT_BURST, DEFAULT_RATE_SLOTS,
                TcpLimits.defaults(), 1,
                DEFAULT_UDP_RECEIVE_BUFFER, DEFAULT_UDP_SEND_BUFFER);
    }

    public StunServerConfig withTcpPort(int p) {
        return new StunServerConfig(hosts, port, p, altHost, altPort, software, mappedAddress, rfc3489,
                rateLimitPerSecond, rateLimitBurst, rateLimitSlots, tcpLimits, ioThreads,
                udpReceiveBufferBytes, udpSendBufferBytes);
    }

    public StunServerConfig withRateLimit(double perSecond, double burst) {
        return new StunServerConfig(hosts, port, tcpPort, altHost, altPort, software, mappedAddress, rfc3489,
                perSecond, burst, rateLimitSlots, tcpLimits, ioThreads,
                udpReceiveBufferBytes, udpSendBufferBytes);
    }

    public StunServerConfig withAlternate(InetAddress host, int p) {
        return new StunServerConfig(hosts, port, tcpPort, Optional.of(host), Optional.of(p), software, mappedAddress,
                rfc3489, rateLimitPerSecond, rateLimitBurst, rateLimitSlots, tcpLimits,
                ioThreads, udpReceiveBufferBytes, udpSendBufferBytes);
    }

    public StunServerConfig withResponses(Optional<String> sw, boolean mapped, boolean legacy) {
        return new StunServerConfig(hosts, port, tcpPort, altHost, altPort, sw, mapped, legacy,
                rateLimitPerSecond, rateLimitBurst, rateLimitSlots, tcpLimits, ioThreads,
                udpReceiveBufferBytes, udpSendBufferBytes);
    }

    public StunServerConfig withIoThreads(int n) {
        return new StunServerConfig(hosts, port, tcpPort, altHost, altPort, software, mappedAddress, rfc3489,
                rateLimitPerSecond, rateLimitBurst, rateLimitSlots, tcpLimits, n,
                udpReceiveBufferBytes, udpSendBufferBytes);
    }

    public StunServerConfig withUdpBuffers(int receiveBytes, int sendBytes) {
        return new StunServerConfig(hosts, port, tcpPort, altHost, altPort, software, mappedAddress, rfc3489,
                rateLimitPerSecond, rateLimitBurst, rateLimitSlots, tcpLimits, ioThreads,
                receiveBytes, sendBytes);
    }

    public StunServerConfig withTcpLimits(TcpLimits limits) {
        return new StunServerConfig(hosts, port, tcpPort, altHost, altPort, software, mappedAddress, rfc3489,
                rateLimitPerSecond, rateLimitBurst, rateLimitSlots, limits, ioThreads,
                udpReceiveBufferBytes, udpSendBufferBytes);
    }
}
