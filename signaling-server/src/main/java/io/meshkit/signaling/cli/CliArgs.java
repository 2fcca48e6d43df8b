package io.meshkit.signaling.cli;

import io.meshkit.signaling.core.RealmConfig;
import io.meshkit.signaling.core.RealmLimits;
import io.meshkit.signaling.netty.Operations;
import io.meshkit.signaling.netty.ServerOptions;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference CLI's command line ({@code bin/peerjs.ts}, parsed by yargs 17) plus our limits:
 * {@code --name value}, {@code --name=value}, short aliases ({@code -p 9000}, {@code -p9000}),
 * booleans as {@code --flag}, {@code --flag true|false}, {@code --flag=false}, {@code --no-flag};
 * {@code --cors a b} and repeated {@code --cors} collect a list; unknown options are ignored, as yargs
 * does. {@code PORT} stands in for a missing {@code --port}, {@code PEERSERVER_PATH} is the default path.
 */
public final class CliArgs {
    private CliArgs() {}

    /** Thrown for a command line the server cannot run with; the message is for the operator. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** What the command line asked for. */
    public sealed interface Command {}

    /** Run the server. */
    /**
     * Run the server.
     *
     * @param warnings one line per flag given but not read, in the order of the names: accepted, as
     *                 yargs accepts unknown options, but said at start so a misspelt flag does not pass
     *                 silently
     */
    public record Run(ServerOptions options, Operations operations, List<String> warnings) implements Command {
        public Run {
            warnings = List.copyOf(warnings);
        }

        public Run(ServerOptions options, Operations operations) {
            this(options, operations, List.of());
        }
    }

    /** Print the usage text. */
    public record Help() implements Command {}

    /** Print the version. */
    public record Version() implements Command {}

    private static final Map<String, String> ALIASES = Map.of(
            "t", "expire_timeout", "c", "concurrent_limit", "k", "key", "H", "host", "p", "port");
    private static final Set<String> BOOLEANS = Set.of("allow_discovery", "proxied", "help", "version", "metrics",
            "require-beacon", "require_beacon");

    /** Parses {@code args} with {@code env} as the environment. */
    public static Command parse(List<String> args, Map<String, String> env) throws UsageException {
        ReadTracking single = new ReadTracking();
        List<String> cors = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name;
            String inline = null;
            if (a.startsWith("--") && a.length() > 2) {
                name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    inline = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (name.startsWith("no-") && BOOLEANS.contains(name.substring(3)) && inline == null) {
                    single.put(name.substring(3), "false");
                    continue;
                }
            } else if (a.startsWith("-") && a.length() > 1 && !isNumber(a)) {
                String letter = a.substring(1, 2);
                name = ALIASES.getOrDefault(letter, letter);
                String rest = a.substring(2);
                if (rest.startsWith("=")) {
                    inline = rest.substring(1);
                } else if (!rest.isEmpty()) {
                    inline = rest;
                }
            } else {
                continue; // positional: yargs keeps it in `_`, the server ignores it
            }
            if (name.equals("cors")) {
                if (cors == null) {
                    cors = new ArrayList<>();
                }
                if (inline != null) {
                    cors.add(inline);
                } else {
                    while (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                        cors.add(args.get(++i));
                    }
                }
                continue;
            }
            if (BOOLEANS.contains(name)) {
                if (inline != null) {
                    single.put(name, inline);
                } else if (i + 1 < args.size() && (args.get(i + 1).equals("true") || args.get(i + 1).equals("false"))) {
                    single.put(name, args.get(++i));
                } else {
                    single.put(name, "true");
                }
                continue;
            }
            if (inline == null) {
                if (i + 1 < args.size() && (!args.get(i + 1).startsWith("-") || isNumber(args.get(i + 1)))) {
                    inline = args.get(++i);
                } else {
                    inline = "";
                }
            }
            single.put(name, inline);
        }
        if (bool(single, "help", false)) {
            return new Help();
        }
        if (bool(single, "version", false)) {
            return new Version();
        }
        Integer port = single.containsKey("port") ? integer(single, "port", 0) : null;
        if (port == null) {
            String env0 = env.get("PORT");
            if (env0 == null || env0.isEmpty()) {
                throw new UsageException("Missing required argument: port");
            }
            try {
                port = Integer.parseInt(env0.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("PORT is not a port number");
            }
        }
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535");
        }
        String sslKey = single.get("sslkey");
        String sslCert = single.get("sslcert");
        if ((sslKey != null && !sslKey.isEmpty()) != (sslCert != null && !sslCert.isEmpty())) {
            // bin/peerjs.ts prints this and exits with 1.
            throw new UsageException("Warning: PeerServer will not run because either the key or the "
                    + "certificate has not been provided.");
        }
        String defaultPath = env.getOrDefault("PEERSERVER_PATH", "/");
        String path = single.getOrDefault("path", defaultPath);
        RealmConfig realm = new RealmConfig(
                single.getOrDefault("key", RealmConfig.DEFAULT_KEY),
                longValue(single, "expire_timeout", RealmConfig.DEFAULT_EXPIRE_TIMEOUT),
                longValue(single, "alive_timeout", RealmConfig.DEFAULT_ALIVE_TIMEOUT),
                integer(single, "concurrent_limit", RealmConfig.DEFAULT_CONCURRENT_LIMIT),
                positive(longValue(single, "cleanup_out_msgs", RealmConfig.DEFAULT_EXPIRE_SWEEP), "cleanup_out_msgs"),
                RealmConfig.DEFAULT_ALIVE_CHECK,
                integer(single, "max_queue_per_peer", RealmConfig.DEFAULT_MAX_QUEUED_PER_PEER),
                longValue(single, "max_queued_bytes", RealmConfig.DEFAULT_MAX_QUEUED_BYTES),
                realmLimits(single));
        ServerOptions.Limits limits;
        try {
            limits = new ServerOptions.Limits(
                    integer(single, "max_frame_bytes", ServerOptions.Limits.DEFAULT_MAX_FRAME_BYTES),
                    integer(single, "max_http_bytes", ServerOptions.Limits.DEFAULT_MAX_HTTP_REQUEST_BYTES),
                    integer(single, "rate_limit", ServerOptions.Limits.DEFAULT_RATE_LIMIT),
                    integer(single, "rate_burst", ServerOptions.Limits.DEFAULT_RATE_BURST),
                    integer(single, "max_outbound_bytes", ServerOptions.Limits.DEFAULT_MAX_OUTBOUND_BYTES),
                    longValue(single, "shutdown_grace", ServerOptions.Limits.DEFAULT_SHUTDOWN_GRACE),
                    longValue(single, "close_timeout", ServerOptions.Limits.DEFAULT_CLOSE_TIMEOUT),
                    integer(single, "max_connections_per_ip", ServerOptions.Limits.DEFAULT_MAX_CONNECTIONS_PER_SOURCE),
                    positive(longValue(single, "fragment_timeout", ServerOptions.Limits.DEFAULT_FRAGMENT_TIMEOUT),
                            "fragment_timeout"),
                    longValue(single, "max_unfinished_bytes", ServerOptions.Limits.DEFAULT_MAX_UNFINISHED_BYTES));
        } catch (IllegalArgumentException e) {
            throw new UsageException("a limit is out of range: " + e.getMessage());
        }
        String host = single.get("host");
        Operations.Transport transport;
        try {
            transport = Operations.Transport.parse(single.getOrDefault("transport", "auto"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--transport must be auto, epoll, io_uring or nio");
        }
        int ioThreads = integer(single, "io-threads", 0);
        if (ioThreads < 0 || ioThreads > 1024) {
            throw new UsageException("--io-threads must be 0 (one per core) to 1024");
        }
        Operations operations = new Operations(bool(single, "metrics", false), longValue(single, "drain_delay", 0),
                opsAddress(single), ioThreads, transport);
        try {
            ServerOptions options = new ServerOptions(
                host == null || host.isEmpty() ? null : host,
                port,
                path,
                realm,
                bool(single, "allow_discovery", false),
                bool(single, "proxied", false),
                cors,
                sslKey == null || sslKey.isEmpty() ? null : Path.of(sslKey),
                sslCert == null || sslCert.isEmpty() ? null : Path.of(sslCert),
                limits, trustedProxies(single));
            return new Run(options, operations, single.unreadWarnings());
        } catch (IllegalArgumentException e) {
            // e.g. a --trusted_proxies entry that is not an address or CIDR block
            throw new UsageException("--trusted_proxies: " + e.getMessage());
        }
    }

    /**
     * Our bounds on IDs, queues and sources. {@code --max_ids_per_ip} defaults to 256 but at most half
     * of {@code --concurrent_limit}: one address must never be able to take every slot.
     */
    private static RealmLimits realmLimits(Map<String, String> m) throws UsageException {
        int concurrent = integer(m, "concurrent_limit", RealmConfig.DEFAULT_CONCURRENT_LIMIT);
        int idsPerSource = m.containsKey("max_ids_per_ip") ? integer(m, "max_ids_per_ip", 0)
                : Math.min(RealmLimits.DEFAULT_MAX_IDS_PER_SOURCE, Math.max(1, concurrent / 2));
        try {
            return new RealmLimits(
                    (int) positive(integer(m, "max_id_length", RealmLimits.DEFAULT_MAX_ID_LENGTH), "max_id_length"),
                    integer(m, "max_queued_per_sender", RealmLimits.DEFAULT_MAX_QUEUED_PER_SENDER),
                    integer(m, "max_queues", RealmLimits.DEFAULT_MAX_QUEUES),
                    idsPerSource,
                    integer(m, "max_token_guesses", RealmLimits.DEFAULT_TOKEN_GUESSES_PER_MINUTE));
        } catch (IllegalArgumentException e) {
            throw new UsageException("a limit is out of range: " + e.getMessage());
        }
    }

    /** {@code --trusted_proxies} (or {@code --trusted-proxies}): CIDR blocks or addresses, separated by commas or blanks. */
    private static List<String> trustedProxies(Map<String, String> m) throws UsageException {
        String v = m.containsKey("trusted_proxies") ? m.get("trusted_proxies") : m.get("trusted-proxies");
        if (v == null || v.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : v.trim().split("[,\\s]+")) {
            out.add(part);
        }
        return out;
    }

    /** {@code --ops-port N} on {@code --ops-host ADDR} (an address literal, 127.0.0.1 by default), or null. */
    private static InetSocketAddress opsAddress(Map<String, String> m) throws UsageException {
        String host = m.get("ops-host");
        if (!m.containsKey("ops-port")) {
            if (host != null) {
                throw new UsageException("--ops-host needs --ops-port");
            }
            return null;
        }
        int port = integer(m, "ops-port", 0);
        if (port > 65535) {
            throw new UsageException("--ops-port must be between 0 and 65535");
        }
        String addr = host == null ? "127.0.0.1" : host.trim();
        // A literal only: a name would make start-up depend on DNS.
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(addr);
        if (ip == null) {
            throw new UsageException("--ops-host needs an IPv4 or IPv6 address literal, got " + describe(addr));
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException impossible) {
            throw new UsageException("--ops-host: not an address: " + describe(addr));
        }
    }

    private static boolean isNumber(String s) {
        return s.matches("-?\\d+(\\.\\d*)?(e-?\\d+)?");
    }

    private static boolean bool(Map<String, String> m, String name, boolean dflt) throws UsageException {
        String v = m.get(name);
        if (v == null) {
            return dflt;
        }
        return switch (v) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new UsageException("--" + name + " takes true or false");
        };
    }

    private static long longValue(Map<String, String> m, String name, long dflt) throws UsageException {
        String v = m.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new UsageException("--" + name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a whole number, got " + describe(v));
        }
    }

    private static int integer(Map<String, String> m, String name, int dflt) throws UsageException {
        long n = longValue(m, name, dflt);
        if (n > Integer.MAX_VALUE) {
            throw new UsageException("--" + name + " is too large");
        }
        return (int) n;
    }

    private static long positive(long n, String name) throws UsageException {
        if (n <= 0) {
            throw new UsageException("--" + name + " must be positive");
        }
        return n;
    }

    private static String describe(String v) {
        return v.length() > 20 ? v.length() + " characters" : "\"" + v.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }

    /**
     * The flags as given, remembering which ones the parser read: a flag nobody read is one this server
     * does not know (a misspelling, or a flag of another peerjs-server version).
     */
    private static final class ReadTracking extends HashMap<String, String> {
        private static final long serialVersionUID = 1L;
        private final Set<Object> read = new HashSet<>();

        @Override
        public String get(Object key) {
            read.add(key);
            return super.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            read.add(key);
            return super.containsKey(key);
        }

        @Override
        public String getOrDefault(Object key, String dflt) {
            read.add(key);
            return super.getOrDefault(key, dflt);
        }

        /** One warning per flag given but never read, with the known flag it most likely meant. */
        List<String> unreadWarnings() {
            Set<String> known = new TreeSet<>(ClusterArgs.FLAGS);
            known.addAll(AppArgs.FLAGS);
            known.addAll(BeaconArgs.NAMES);
            for (Object k : read) {
                known.add((String) k);
            }
            known.add("cors");
            List<String> out = new ArrayList<>();
            for (String name : new TreeSet<>(keySet())) {
                if (read.contains(name) || ClusterArgs.FLAGS.contains(name) || AppArgs.FLAGS.contains(name)
                        || BeaconArgs.FLAGS.contains(name)) {
                    continue;
                }
                String flag = (name.length() == 1 ? "-" : "--") + name;
                String guess = closest(name, known);
                out.add("ignoring unknown flag " + flag + (guess == null ? "" : " (did you mean --" + guess + "?)"));
            }
            return out;
        }
    }

    /**
     * The known flag {@code name} most likely meant: the same words with {@code -} for {@code _} (or
     * in another case), else the nearest within a few edits; {@code null} when none is that close.
     */
    static String closest(String name, Collection<String> known) {
        String norm = name.toLowerCase(Locale.ROOT).replace('-', '_');
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            if (k.length() < 2) {
                continue;
            }
            if (k.equals(norm)) {
                return k;
            }
            int d = editDistance(norm, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.min(2, Math.max(1, norm.length() / 3)) ? best : null;
    }

    /** Levenshtein distance (insert, delete, substitute) of two flag names. */
    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The usage text. */
    public static String usage() {
        return String.join("\n",
                "Usage: signaling-server [options]   (same flags as peerjs-server 1.0.2's `peerjs`)",
                "",
                "  -p, --port              port (or env PORT)                                [required]",
                "  -H, --host              host to bind (default: all interfaces)",
                "      --path              custom path (default: env PEERSERVER_PATH or /)",
                "  -k, --key               connection key (default: peerjs)",
                "  -t, --expire_timeout    timeout for queued messages, ms (default: 5000)",
                "      --alive_timeout     broken connection check timeout, ms (default: 60000)",
                "  -c, --concurrent_limit  concurrent limit (default: 5000)",
                "      --allow_discovery   allow discovery of peers (GET {path}{key}/peers)",
                "      --proxied           behind a reverse proxy: trust X-Forwarded-For",
                "      --sslkey            path to SSL key (PEM, PKCS#8)",
                "      --sslcert           path to SSL certificate (PEM)",
                "      --cors              list of allowed CORS origins (default: reflect any)",
                "      --cleanup_out_msgs  period of the queue expiry sweep, ms (default: 1000)",
                "",
                "Limits beyond the reference (see README.md):",
                "      --max_frame_bytes     largest WebSocket message (default: 65536)",
                "      --max_http_bytes      largest HTTP request body (default: 8192)",
                "      --rate_limit          messages/s per connection, 0 = off (default: 500)",
                "      --rate_burst          burst of that rate (default: 1000)",
                "      --max_outbound_bytes  unsent bytes per socket before it counts as dead (default: 1048576)",
                "      --max_queue_per_peer  messages queued for one absent ID (default: 64)",
                "      --max_queued_bytes    bytes queued in total, IDs and overhead included (default: 16777216)",
                "      --max_queued_per_sender  messages one client may have queued (default: 128)",
                "      --max_queues          absent IDs with queued messages (default: 10000)",
                "      --max_id_length       longest ID; IDs must also match the PeerJS client's rule (default: 128)",
                "      --max_ids_per_ip      IDs one address (IPv6: /64) may hold (default: 256, at most half of -c)",
                "      --max_connections_per_ip  connections one address (IPv6: /64) may have open (default: 512)",
                "      --max_token_guesses   wrong tokens per ID and per address per minute (default: 100)",
                "      --fragment_timeout    ms a fragmented message may take to complete (default: 10000)",
                "      --max_unfinished_bytes  bytes of unfinished fragmented messages, all sockets (default: 8388608)",
                "      --trusted_proxies     with --proxied: CIDRs of proxies whose X-Forwarded-For is read (default: the peer only)",
                "      --shutdown_grace      ms clients get to answer Close 1012 on shutdown (default: 2000)",
                "      --close_timeout       ms to wait for a peer's Close before cutting TCP (default: 5000)",
                "",
                "Operations (docs/OPERATIONS.md):",
                "      --ops-port            serve GET /health, /ready, /metrics (Prometheus text) on this port (default: off)",
                "      --ops-host            address of the ops port, a literal (default: 127.0.0.1; 0.0.0.0 for a remote scraper)",
                "      --metrics             also serve GET /metrics on the main port (default: false)",
                "      --drain_delay         ms /ready answers 503 on shutdown before sockets are closed (default: 0)",
                "      --io-threads          event loops (default: 0 = one per core this process may use; cluster mode: 1)",
                "      --transport           auto, epoll, io_uring or nio (default: auto = epoll on Linux)",
                "      --help, --version");
    }
}
