package io.meshkit.stun.cli;

import io.meshkit.stun.StunServerConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line, parsed into a {@link StunServerConfig}. Every problem is an
 * {@link IllegalArgumentException} whose message names the flag.
 *
 * @param help {@code --help} was given
 * @param version {@code --version} was given
 * @param config the server configuration (null with --help or --version)
 * @param http where to serve {@code /health}, {@code /ready} and {@code /metrics} ({@code --http-port},
 *             {@code --http-host}); empty when off (the default)
 */
public record Options(boolean help, boolean version, StunServerConfig config, Optional<InetSocketAddress> http) {

    /** The --help text (also the reference in stun-server/README.md). */
    public static final String USAGE = """
            Usage: java -jar stun-server.jar [flags]
            A STUN (RFC 8489) Binding responder over UDP and TCP.

              --host ADDR            address to listen on; repeat for several (default 0.0.0.0; :: is dual-stack)
              --port N               UDP port (default 3478)
              --tcp-port N           TCP port (default: the UDP port)
              --no-tcp               do not listen on TCP
              --alt-host ADDR        RFC 5780: second IP address (needs --alt-port and one specific --host)
              --alt-port N           RFC 5780: second port
              --rfc5780              require RFC 5780 (fails at start-up without --alt-host and --alt-port)
              --software TEXT        add SOFTWARE with TEXT to responses (default: none)
              --mapped-address       also add MAPPED-ADDRESS to responses (RFC 3489 clients)
              --rfc3489              answer requests without magic cookie (RFC 3489), with MAPPED-ADDRESS only
              --rate-limit N         requests per second per source IP (IPv6: per /64); 0 = off (default 200)
              --rate-burst N         burst per source (default 400)
              --rate-slots N         sources tracked at once, fixed memory (default 65536)
              --tcp-max-connections N  open TCP connections at most (default 4096)
              --tcp-max-per-source N   open TCP connections per source IP (IPv6: per /64) (default 32)
              --tcp-idle-seconds N   close TCP connections idle this long (default 30)
              --tcp-message-seconds N  a STUN message over TCP must arrive whole within N seconds of its
                                     first byte (default 5)
              --io-threads N         event loop threads; UDP uses SO_REUSEPORT sockets (default 1)
              --http-port N          serve GET /health, /ready, /metrics (Prometheus) over HTTP on this TCP
                                     port (default: off; the Helm chart and docker-compose use 8080)
              --http-host ADDR       address of the HTTP port (default 127.0.0.1: local probes only;
                                     0.0.0.0 for a scraper on another host, as in compose and Helm)
              --udp-rcvbuf BYTES     SO_RCVBUF of each UDP socket, capped by net.core.rmem_max; 0 = system
                                     default (default 4194304)
              --udp-sndbuf BYTES     SO_SNDBUF of each UDP socket, capped by net.core.wmem_max; 0 = system
                                     default (default 1048576)
              --version              the version, from the jar's manifest
              --help                 this text
            """;

    private static final java.util.Set<String> VALUE_FLAGS = java.util.Set.of("--host", "--port", "--tcp-port",
            "--alt-host", "--alt-port", "--software", "--rate-limit", "--rate-burst", "--rate-slots",
            "--tcp-max-connections", "--tcp-max-per-source", "--tcp-idle-seconds", "--tcp-message-seconds", "--io-threads", "--http-port", "--http-host", "--udp-rcvbuf",
            "--udp-sndbuf");

    /** Parses {@code args}. */
    public static Options parse(String[] args) {
        List<InetAddress> hosts = new ArrayList<>();
        int port = 3478;
        Integer tcpPort = null;
        boolean noTcp = false;
        InetAddress altHost = null;
        Integer altPort = null;
        boolean requireRfc5780 = false;
        String software = null;
        boolean mapped = false;
        boolean rfc3489 = false;
        double rate = StunServerConfig.DEFAULT_RATE_PER_SECOND;
        double burst = StunServerConfig.DEFAULT_BURST;
        int slots = StunServerConfig.DEFAULT_RATE_SLOTS;
        int tcpMax = StunServerConfig.TcpLimits.DEFAULT_MAX_CONNECTIONS;
        Integer tcpPerSource = null;
        int tcpIdle = StunServerConfig.TcpLimits.DEFAULT_IDLE_SECONDS;
        int tcpMessage = StunServerConfig.TcpLimits.DEFAULT_MESSAGE_SECONDS;
        int threads = 1;
        Integer httpPort = null;
        InetAddress httpHost = null;
        int rcvbuf = StunServerConfig.DEFAULT_UDP_RECEIVE_BUFFER;
        int sndbuf = StunServerConfig.DEFAULT_UDP_SEND_BUFFER;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String inlineValue = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                inlineValue = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            switch (flag) {
                case "--help", "-h" -> {
                    return new Options(true, false, null, Optional.empty());
                }
                case "--version" -> {
                    return new Options(false, true, null, Optional.empty());
                }
                case "--no-tcp" -> noTcp = true;
                case "--rfc5780" -> requireRfc5780 = true;
                case "--mapped-address" -> mapped = true;
                case "--rfc3489" -> rfc3489 = true;
                default -> {
                    if (!VALUE_FLAGS.contains(flag)) {
                        throw new IllegalArgumentException(flag.startsWith("-") ? "unknown flag: " + flag
                                : "unexpected argument: " + flag);
                    }
                    String value = inlineValue;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(flag.startsWith("--")
                                    ? flag + " needs a value" : "unexpected argument: " + flag);
                        }
                        value = args[++i];
                    }
                    switch (flag) {
                        case "--host" -> hosts.add(address(flag, value));
                        case "--port" -> port = port(flag, value, 0);
                        case "--tcp-port" -> tcpPort = port(flag, value, 0);
                        case "--alt-host" -> altHost = address(flag, value);
                        case "--alt-port" -> altPort = port(flag, value, 0);
                        case "--software" -> software = value;
                        case "--rate-limit" -> rate = number(flag, value, 0, 1e9);
                        case "--rate-burst" -> burst = number(flag, value, 1, 1e9);
                        case "--rate-slots" -> slots = (int) number(flag, value, 2, 1 << 26);
                        case "--tcp-max-connections" -> tcpMax = (int) number(flag, value, 1, 1_000_000);
                        case "--tcp-max-per-source" -> tcpPerSource = (int) number(flag, value, 1, 1_000_000);
                        case "--tcp-idle-seconds" -> tcpIdle = (int) number(flag, value, 1, 86_400);
                        case "--tcp-message-seconds" -> tcpMessage = (int) number(flag, value, 1, 3_600);
                        case "--io-threads" -> threads = (int) number(flag, value, 1, 64);
                        case "--http-port" -> httpPort = port(flag, value, 0);
                        case "--http-host" -> httpHost = address(flag, value);
                        case "--udp-rcvbuf" -> rcvbuf = (int) number(flag, value, 0, 1 << 30);
                        case "--udp-sndbuf" -> sndbuf = (int) number(flag, value, 0, 1 << 30);
                        default -> throw new IllegalArgumentException("unknown flag: " + flag);
                    }
                }
            }
        }
        if (hosts.isEmpty()) {
            hosts.add(address("--host", "0.0.0.0"));
        }
        if ((altHost == null) != (altPort == null)) {
            throw new IllegalArgumentException("RFC 5780 needs a second address and a second port: give both"
                    + " --alt-host and --alt-port");
        }
        if (requireRfc5780 && altHost == null) {
            throw new IllegalArgumentException("--rfc5780 needs a second address and port: add --alt-host ADDR"
                    + " and --alt-port N (RFC 5780 reports them to clients in OTHER-ADDRESS)");
        }
        if (software != null && (software.isEmpty() || software.length() > 127)) {
            throw new IllegalArgumentException("--software must have 1..127 characters (RFC 8489 §14.14)");
        }
        int tcp = noTcp ? -1 : tcpPort != null ? tcpPort : port;
        // Lowering only the total cap lowers the per-source default with it.
        int perSource = tcpPerSource != null ? tcpPerSource
                : Math.min(StunServerConfig.TcpLimits.DEFAULT_MAX_PER_SOURCE, tcpMax);
        if (perSource > tcpMax) {
            throw new IllegalArgumentException("--tcp-max-per-source (" + perSource
                    + ") cannot exceed --tcp-max-connections (" + tcpMax + ")");
        }
        if (httpHost != null && httpPort == null) {
            throw new IllegalArgumentException("--http-host needs --http-port");
        }
        Optional<InetSocketAddress> http = httpPort == null ? Optional.empty()
                : Optional.of(new InetSocketAddress(httpHost != null ? httpHost : address("--http-host", "127.0.0.1"),
                        httpPort));
        try {
            return new Options(false, false, new StunServerConfig(hosts, port, tcp, Optional.ofNullable(altHost),
                    Optional.ofNullable(altPort), Optional.ofNullable(software), mapped, rfc3489, rate, burst, slots,
                    new StunServerConfig.TcpLimits(tcpMax, perSource, tcpIdle, tcpMessage), threads, rcvbuf, sndbuf),
                    http);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static InetAddress address(String flag, String value) {
        // Literal addresses only: a name would make start-up depend on DNS.
        if (!value.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException(flag + " needs an IPv4 or IPv6 address literal, not '" + value + "'");
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(flag + ": not an IP address: " + value);
        }
    }

    private static int port(String flag, String value, int min) {
        return (int) number(flag, value, min, 65535);
    }

    private static double number(String flag, String value, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, not '" + value + "'");
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException(flag + " must be in " + fmt(min) + ".." + fmt(max));
        }
        return d;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
