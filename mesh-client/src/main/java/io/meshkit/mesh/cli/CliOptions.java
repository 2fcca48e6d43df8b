package io.meshkit.mesh.cli;

import io.meshkit.beacon.BeaconKey;
import io.meshkit.beacon.BeaconKeys;
import io.meshkit.beacon.PemKeys;
import io.meshkit.mesh.beacon.BeaconSettings;
import io.meshkit.mesh.core.MeshConfig;
import io.meshkit.mesh.core.wire.FriendlyName;
import io.meshkit.mesh.core.wire.PeerJsId;
import io.meshkit.mesh.discovery.PublicIpDiscovery;
import io.meshkit.mesh.discovery.StunBinding;
import io.meshkit.mesh.peerjs.SignalingClient;
import io.meshkit.mesh.peerjs.SignalingEndpoint;
import io.meshkit.mesh.rendezvous.RendezvousConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line (and the optional {@code --config} properties file, whose keys are the flag names
 * without {@code --}; flags win). Defaults point at the public services the browser apps use.
 */
public final class CliOptions {
    /** PeerJS's public cloud server (the PeerJS client's default). */
    public static final String DEFAULT_SIGNALING = SignalingEndpoint.PUBLIC_URL;
    /** Google's public STUN server (the PeerJS client's default ICE server). */
    public static final String DEFAULT_STUN = "stun:stun.l.google.com:19302";
    /** A public IP echo (plain text). */
    public static final String DEFAULT_IP_ECHO = "https://api.ipify.org";
    /** Default ID prefix. */
    public static final String DEFAULT_PREFIX = "mesh";

    static final Set<String> VALUED = Set.of("name", "data-dir", "signaling", "stun", "ip-echo", "key", "prefix",
            "config", "heartbeat", "ttl", "jitter", "connect-timeout", "held-id", "max-slots",
            "signaling-heartbeat", "stun-timeout", "stun-attempts", "http-timeout", "beacon-url", "beacon-origin",
            "beacon-verify-key", "ip-recheck", "network-poll",
            "rendezvous-budget", "transport-id");
    /** Flags that may be given several times (or once with values separated by commas). */
    static final Set<String> REPEATABLE = Set.of("beacon-verify-key");
    static final Set<String> SWITCHES = Set.of("json", "metered", "no-stun", "help", "version");

    /** The friendly name without {@code --name}. */
    public static final String DEFAULT_NAME = "mesh-client";

    /**
     * A command line the client cannot run with: an unknown flag, a missing or invalid value. The message is fit for
     * the user and never quotes a value that could carry control characters (a bad name is described by the code
     * point and position of what is wrong).
     */
    public static final class BadFlag extends IllegalArgumentException {
        private final String flag;

        BadFlag(String flag, String message) {
            super(message);
            this.flag = flag;
        }

        /** The flag (without {@code --}), or null for an argument that is not a flag. */
        public String flag() {
            return flag;
        }
    }

    private final Map<String, String> values;

    private CliOptions(Map<String, String> values) {
        this.values = values;
    }

    /**
     * True when {@code args} ask for the JSON control protocol, even if they are otherwise invalid (so that a bad
     * command line is reported as a JSON event to the program that started the client).
     */
    public static boolean wantsJson(String[] args) {
        for (String a : args) {
            if (a.equals("--json") || a.equalsIgnoreCase("--json=true")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses and checks {@code args} (and the {@code --config} file): every value is validated here, at start, before
     * anything touches the network. Throws {@link BadFlag}.
     */
    public static CliOptions parse(String[] args) {
        CliOptions o = read(args);
        o.name();
        o.dataDir();
        o.prefix();
        o.signaling();
        o.stun();
        o.ipEcho();
        o.mesh();
        o.signalingSettings();
        o.discovery();
        o.beacon();
        o.ipRecheck();
        o.networkPoll();
        o.rendezvous();
        o.transportId();
        return o;
    }

    private static CliOptions read(String[] args) {
        Map<String, String> v = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new BadFlag(null, "unexpected argument (flags start with --)");
            }
            String key = a.substring(2);
            String value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (SWITCHES.contains(key)) {
                v.put(key, value == null ? "true" : value);
            } else if (VALUED.contains(key)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new BadFlag(key, "--" + key + " needs a value");
                    }
                    value = args[++i];
                }
                if (REPEATABLE.contains(key) && v.containsKey(key)) {
                    value = v.get(key) + "," + value;
                }
                v.put(key, value);
            } else {
                throw new BadFlag(null, "unknown flag --" + key);
            }
        }
        if (v.containsKey("config")) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(v.get("config")), StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new BadFlag("config", "cannot read --config " + v.get("config") + ": " + e.getMessage());
            }
            for (String k : p.stringPropertyNames()) {
                if (!VALUED.contains(k) && !SWITCHES.contains(k)) {
                    throw new BadFlag(null, "unknown key in config file: " + k);
                }
                v.putIfAbsent(k, p.getProperty(k).trim());
            }
        }
        return new CliOptions(v);
    }

    public boolean help() {
        return flag("help");
    }

    /** {@code --version}: print the version from the jar's manifest and exit. */
    public boolean version() {
        return flag("version");
    }

    public boolean json() {
        return flag("json");
    }

    public boolean metered() {
        return flag("metered");
    }

    /** The friendly name, checked against the protocol's rules ({@link FriendlyName}). */
    public String name() {
        String name = values.getOrDefault("name", DEFAULT_NAME);
        FriendlyName.problem(name).ifPresent(p -> {
            throw new BadFlag("name", "--name: " + p);
        });
        return name;
    }

    public Path dataDir() {
        return Path.of(values.getOrDefault("data-dir",
                Path.of(System.getProperty("user.home"), ".mesh-client").toString()));
    }

    public String prefix() {
        if (values.containsKey("prefix") && values.containsKey("beacon-url")) {
            throw new BadFlag("prefix", "--prefix and --beacon-url exclude each other: the beacon gives the prefix");
        }
        String prefix = values.getOrDefault("prefix", DEFAULT_PREFIX);
        if (!PeerJsId.isValid(prefix)) {
            throw new BadFlag("prefix", "--prefix must be letters and digits with single -, _ or space between");
        }
        return prefix;
    }

    /**
     * Where the beacon comes from ({@code --beacon-url}, {@code --beacon-origin}, {@code --beacon-verify-key}), or null
     * without {@code --beacon-url}: then the fixed {@code --prefix} is used (docs/PROTOCOL.md §13.3.5).
     */
    public BeaconSettings beacon() {
        if (!values.containsKey("beacon-url")) {
            for (String k : List.of("beacon-origin", "beacon-verify-key")) {
                if (values.containsKey(k)) {
                    throw new BadFlag(k, "--" + k + " needs --beacon-url");
                }
            }
            return null;
        }
        if (!values.containsKey("beacon-origin")) {
            throw new BadFlag("beacon-origin", "--beacon-url needs --beacon-origin (the application's origin, "
                    + "which the issuer allows)");
        }
        if (!values.containsKey("beacon-verify-key")) {
            throw new BadFlag("beacon-verify-key", "--beacon-url needs --beacon-verify-key (the issuer's public key: "
                    + "130 hex digits, or a PEM file)");
        }
        List<BeaconKey> keys = new java.util.ArrayList<>();
        for (String k : values.get("beacon-verify-key").split(",")) {
            keys.add(verifyKey(k.trim()));
        }
        BeaconKeys accepted = checked("beacon-verify-key", () -> BeaconKeys.of(keys));
        URI url = checked("beacon-url", () -> URI.create(values.get("beacon-url").trim()));
        return checked("beacon-url", () -> new BeaconSettings(url, values.get("beacon-origin").trim(), accepted));
    }

    /** A verification key: the raw point in hex (as the signaling server prints it), or a PEM file. */
    private static BeaconKey verifyKey(String value) {
        if (value.matches("[0-9A-Fa-f]{130}")) {
            return BeaconKey.parseHex(value).orElseThrow(() -> new BadFlag("beacon-verify-key",
                    "--beacon-verify-key: 130 hex digits that are not a P-256 point"));
        }
        String pem;
        try {
            pem = Files.readString(Path.of(value), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new BadFlag("beacon-verify-key", "--beacon-verify-key: neither 130 hex digits nor a readable PEM file ("
                    + e.getClass().getSimpleName() + ")");
        }
        try {
            return PemKeys.publicKey(pem);
        } catch (PemKeys.KeyFormatException e) {
            throw new BadFlag("beacon-verify-key", "--beacon-verify-key: " + e.getMessage());
        }
    }

    public SignalingEndpoint signaling() {
        return checked("signaling", () -> SignalingEndpoint.parse(values.getOrDefault("signaling", DEFAULT_SIGNALING),
                values.getOrDefault("key", SignalingEndpoint.DEFAULT_KEY)));
    }

    /** The STUN server, or null with {@code --no-stun}. */
    public StunBinding.Server stun() {
        return flag("no-stun") ? null
                : checked("stun", () -> StunBinding.Server.parse(values.getOrDefault("stun", DEFAULT_STUN)));
    }

    /** {@code value.get()}, with its {@link IllegalArgumentException} reported against {@code flag}. */
    private static <T> T checked(String flag, java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (BadFlag e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BadFlag(flag, "--" + flag + ": " + e.getMessage());
        }
    }

    /** ICE servers for WebRTC: the STUN server as a URL (none with {@code --no-stun}). */
    public List<String> iceServers() {
        StunBinding.Server s = stun();
        return s == null ? List.of() : List.of("stun:" + s.host() + ":" + s.port());
    }

    /**
     * The IP echo: {@code --ip-echo}; else ipify with the public signaling server, else our
     * signaling server's {@code {path}ip}.
     */
    public URI ipEcho() {
        if (values.containsKey("ip-echo")) {
            URI u = checked("ip-echo", () -> URI.create(values.get("ip-echo")));
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())
                    || u.getHost() == null) {
                throw new BadFlag("ip-echo", "--ip-echo must be an http or https URL");
            }
            return u;
        }
        if (!values.containsKey("signaling")) {
            return URI.create(DEFAULT_IP_ECHO);
        }
        return signaling().httpBase().resolve("ip");
    }

    public MeshConfig mesh() {
        try {
            return meshUnchecked();
        } catch (BadFlag e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BadFlag(null, "mesh timings: " + e.getMessage());
        }
    }

    private MeshConfig meshUnchecked() {
        MeshConfig c = MeshConfig.defaults();
        if (values.containsKey("heartbeat")) {
            c = c.withHeartbeatMillis(millis("heartbeat"));
        }
        if (values.containsKey("ttl")) {
            c = c.withTtlMillis(millis("ttl"));
        }
        if (values.containsKey("jitter")) {
            c = c.withJitterMillis(millis("jitter"));
        }
        if (values.containsKey("connect-timeout")) {
            c = c.withConnectTimeoutMillis(millis("connect-timeout"));
        }
        if (values.containsKey("held-id")) {
            c = c.withHeldIdMillis(millis("held-id"));
        }
        if (values.containsKey("max-slots")) {
            c = c.withMaxSlots(integer("max-slots"));
        }
        return c;
    }

    /** Special contacts and rendezvous: the budget (most rendezvous namespaces held at once, default 4). */
    public RendezvousConfig rendezvous() {
        RendezvousConfig d = RendezvousConfig.defaults();
        if (!values.containsKey("rendezvous-budget")) {
            return d;
        }
        int b = integer("rendezvous-budget");
        if (b < 1 || b > 64) {
            throw new BadFlag("rendezvous-budget", "--rendezvous-budget must be in 1..64");
        }
        return d.withBudget(b);
    }

    /**
     * A Transport ID to start with instead of a fresh one ({@code --transport-id}), or null. For tests and bots that
     * want a fixed address; anyone may claim any free ID, which is exactly why a Transport ID proves nothing.
     */
    public String transportId() {
        String id = values.get("transport-id");
        if (id != null && !PeerJsId.isValid(id)) {
            throw new BadFlag("transport-id", "--transport-id must be a valid PeerJS ID");
        }
        return id;
    }

    /** A long-running client's settings: reconnects never stop (see {@link SignalingClient.Settings#LONG_RUNNING}). */
    public SignalingClient.Settings signalingSettings() {
        SignalingClient.Settings d = SignalingClient.Settings.LONG_RUNNING;
        return values.containsKey("signaling-heartbeat")
                ? d.withHeartbeat(Duration.ofMillis(millis("signaling-heartbeat")))
                : d;
    }

    /** How often the public address is discovered again ({@code --ip-recheck}, default 5 minutes; 0: never). */
    public Duration ipRecheck() {
        return Duration.ofMillis(values.containsKey("ip-recheck") ? millis("ip-recheck") : 5 * 60_000L);
    }

    /** How often the machine's interfaces are polled for a change ({@code --network-poll}, default 2 s; 0: never). */
    public Duration networkPoll() {
        return Duration.ofMillis(values.containsKey("network-poll") ? millis("network-poll") : 2_000L);
    }

    public PublicIpDiscovery.Settings discovery() {
        return new PublicIpDiscovery.Settings(stun(), ipEcho(), metered(),
                values.containsKey("stun-attempts") ? integer("stun-attempts") : 3,
                Duration.ofMillis(values.containsKey("stun-timeout") ? millis("stun-timeout") : 500),
                Duration.ofMillis(values.containsKey("http-timeout") ? millis("http-timeout") : 3000));
    }

    private boolean flag(String k) {
        return "true".equalsIgnoreCase(values.getOrDefault(k, "false"));
    }

    private int integer(String k) {
        try {
            return Integer.parseInt(values.get(k).trim());
        } catch (NumberFormatException e) {
            throw new BadFlag(k, "--" + k + " must be an integer");
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    /** A duration flag: {@code 1500}, {@code 1500ms}, {@code 5s}, {@code 2m}. */
    long millis(String k) {
        Matcher m = DURATION.matcher(values.get(k).trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new BadFlag(k, "--" + k + " must be a duration like 500ms, 5s or 2m");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            default -> n;
        };
    }

    static String usage() {
        return String.join("\n",
                "usage: java -jar mesh-client.jar [flags]",
                "  --name NAME            friendly name shown to others (default mesh-client)",
                "  --data-dir DIR         where the discovery UUID is kept (default ~/.mesh-client)",
                "  --signaling URL        PeerJS server, http[s]://host:port/path/ (default " + DEFAULT_SIGNALING + ")",
                "  --key K                PeerJS API key (default peerjs)",
                "  --stun URI             STUN server for discovery and ICE (default " + DEFAULT_STUN + ")",
                "  --no-stun              skip STUN (HTTP IP echo only; ICE host candidates only)",
                "  --ip-echo URL          HTTP IP echo (default " + DEFAULT_IP_ECHO + ", or {signaling}ip when --signaling is set)",
                "  --metered              the link is metered: discovery off",
                "  --prefix P             ID prefix (default " + DEFAULT_PREFIX + ")",
                "  --beacon-url URL --beacon-origin ORIGIN --beacon-verify-key HEX|PEM-FILE (repeatable)",
                "                         take the prefix from the issuer's beacon instead, and follow it",
                "  --json                 JSON control protocol on stdin/stdout",
                "  --config FILE          properties file with the same keys (flags win)",
                "  --heartbeat D --ttl D --jitter D --connect-timeout D --held-id D --max-slots N",
                "                         mesh timings (D: 500ms, 5s, 2m; defaults 60s, 90s, 3s, 3s, 90s, 16)",
                "  --signaling-heartbeat D  PeerJS HEARTBEAT period (default 5s)",
                "  --stun-timeout D --stun-attempts N --http-timeout D   discovery timeouts (500ms, 3, 3s)",
                "  --ip-recheck D         discover the public address again this often (default 5m; 0 never)",
                "  --network-poll D       poll the machine's addresses for a change this often (default 2s; 0 never)",
                "  --rendezvous-budget N  most rendezvous namespaces held at once for special contacts (default 4)",
                "  --transport-id ID      start with this Transport ID instead of a fresh one (tests, bots)",
                "  --version              the version; --help this text",
                "exit status 2 for a bad command line");
    }
}
