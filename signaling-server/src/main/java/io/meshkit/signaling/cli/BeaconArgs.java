package io.meshkit.signaling.cli;

import io.meshkit.beacon.BeaconKey;
import io.meshkit.beacon.BeaconSigner;
import io.meshkit.beacon.PemKeys;
import io.meshkit.beacon.Period;
import io.meshkit.signaling.beacon.AllowedOrigins;
import io.meshkit.signaling.beacon.BeaconOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The beacon flags (ours; docs/PROTOCOL.md §13.3), read apart from {@link CliArgs} like the cluster's:
 * {@code --beacon-key FILE} (a P-256 private key in PEM, PKCS#8 or SEC 1), {@code --beacon-origin ORIGIN} (repeat
 * it), {@code --beacon-period SECONDS} (default 600; {@code 20s}, {@code 10m} also read), {@code --beacon-verify-key
 * HEX|FILE} (repeat it), {@code --require-beacon}. Each may also be written with {@code _} for {@code -}, as the
 * reference's own flags are.
 */
public final class BeaconArgs {
    /** The flags read here rather than by {@link CliArgs}, as documented. */
    static final Set<String> NAMES = Set.of("beacon-key", "beacon-origin", "beacon-period", "beacon-verify-key",
            "require-beacon");
    /** The same in both spellings ({@code _} for {@code -} too). */
    static final Set<String> FLAGS = Set.of("beacon-key", "beacon-origin", "beacon-period", "beacon-verify-key",
            "require-beacon", "beacon_key", "beacon_origin", "beacon_period", "beacon_verify_key", "require_beacon");
    /** A key file larger than this is a wrong path, not a P-256 key. */
    static final int MAX_KEY_FILE_BYTES = PemKeys.MAX_PEM_CHARS;

    private BeaconArgs() {}

    /** The beacon options, or {@code null} when no beacon flag is given. */
    public static BeaconOptions parse(List<String> args) throws CliArgs.UsageException {
        List<String> keyFile = values(args, "beacon-key");
        List<String> origins = values(args, "beacon-origin");
        List<String> period = values(args, "beacon-period");
        List<String> verify = values(args, "beacon-verify-key");
        Boolean require = bool(args, "require-beacon");
        if (keyFile.isEmpty() && origins.isEmpty() && period.isEmpty() && verify.isEmpty() && require == null) {
            return null;
        }
        if (require != null && !require && keyFile.isEmpty() && origins.isEmpty() && period.isEmpty()
                && verify.isEmpty()) {
            return null; // --require-beacon=false and nothing else: the default
        }
        try {
            BeaconSigner signer = keyFile.isEmpty() ? null : PemKeys.signingKey(read(last(keyFile), "--beacon-key"));
            AllowedOrigins allowed = origins.isEmpty() ? null : AllowedOrigins.of(origins);
            List<BeaconKey> keys = new ArrayList<>();
            for (String v : verify) {
                keys.add(verifyKey(v.trim()));
            }
            int seconds = period.isEmpty() ? Period.DEFAULT_LENGTH_SECONDS : seconds(last(period));
            return new BeaconOptions(signer, allowed, seconds, keys, require != null && require);
        } catch (PemKeys.KeyFormatException e) {
            throw new CliArgs.UsageException("--beacon-key: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException(e.getMessage());
        }
    }

    /** A public key: the raw point in 130 hex digits, or a PEM file (a public key, or a private key's public half). */
    private static BeaconKey verifyKey(String value) throws CliArgs.UsageException {
        if (value.matches("[0-9A-Fa-f]{130}")) {
            return BeaconKey.parseHex(value).orElseThrow(() -> new CliArgs.UsageException(
                    "--beacon-verify-key: 130 hex digits that are not a point of P-256"));
        }
        try {
            return PemKeys.publicKey(read(value, "--beacon-verify-key"));
        } catch (PemKeys.KeyFormatException e) {
            throw new CliArgs.UsageException("--beacon-verify-key " + value + ": " + e.getMessage());
        }
    }

    private static String read(String file, String flag) throws CliArgs.UsageException {
        Path path = Path.of(file.trim());
        try {
            if (Files.size(path) > MAX_KEY_FILE_BYTES) {
                throw new CliArgs.UsageException(flag + " " + path + " is larger than " + MAX_KEY_FILE_BYTES
                        + " bytes: not a P-256 key");
            }
            return Files.readString(path, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new CliArgs.UsageException(flag + " " + path + " cannot be read (" + e.getClass().getSimpleName()
                    + "); it takes a PEM file" + (flag.equals("--beacon-verify-key") ? " or 130 hex digits" : ""));
        }
    }

    private static int seconds(String v) throws CliArgs.UsageException {
        String s = v.trim().toLowerCase(Locale.ROOT);
        int unit = 1;
        if (s.endsWith("m")) {
            unit = 60;
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s) * unit;
            return Period.requireLength((int) Math.min(Integer.MAX_VALUE, n));
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException("--beacon-period " + v + ": seconds from " + Period.MIN_LENGTH_SECONDS
                    + " to " + Period.MAX_LENGTH_SECONDS + " (600, 20s, 10m)");
        }
    }

    private static String last(List<String> values) {
        return values.get(values.size() - 1);
    }

    /** Every value of {@code --name VALUE} or {@code --name=VALUE}, in either spelling. */
    private static List<String> values(List<String> args, String name) {
        List<String> out = new ArrayList<>();
        for (String n : List.of(name, name.replace('-', '_'))) {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--" + n) && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    out.add(args.get(++i));
                } else if (a.startsWith("--" + n + "=")) {
                    out.add(a.substring(n.length() + 3));
                }
            }
        }
        return out;
    }

    /** A boolean flag: present (or {@code true}) is true, {@code false} or {@code --no-…} false, absent null. */
    private static Boolean bool(List<String> args, String name) {
        Boolean found = null;
        for (String n : List.of(name, name.replace('-', '_'))) {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--" + n)) {
                    boolean explicit = i + 1 < args.size()
                            && (args.get(i + 1).equals("true") || args.get(i + 1).equals("false"));
                    found = !explicit || args.get(i + 1).equals("true");
                } else if (a.startsWith("--" + n + "=")) {
                    found = !a.substring(n.length() + 3).equals("false");
                } else if (a.equals("--no-" + n)) {
                    found = false;
                }
            }
        }
        return found;
    }

    /** Usage lines for the beacon flags. */
    public static String usage() {
        return String.join("\n",
                "Beacon (ours; docs/PROTOCOL.md §13.3, signaling-server/README.md):",
                "  --beacon-key FILE          P-256 private key in PEM (PKCS#8 or SEC 1): issue the beacon",
                "  --beacon-origin ORIGIN     an origin that gets X-Mesh-Beacon (exact scheme://host[:port]; repeat)",
                "  --beacon-period SECONDS    period length (default 600)",
                "  --beacon-verify-key K      another accepted public key: 130 hex digits or a PEM file (repeat)",
                "  --require-beacon           refuse IDs without the current or previous beacon's prefix");
    }
}
