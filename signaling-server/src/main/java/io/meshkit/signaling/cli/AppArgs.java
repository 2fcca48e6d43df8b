package io.meshkit.signaling.cli;

import io.meshkit.signaling.app.AppOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags that serve the browser app (ours; the reference serves no files). {@code --app_path P} turns it on:
 * the app at {@code P} ({@code /app/}, or {@code /} for the root). The rest say what the app's generated
 * {@code config.json} tells it, each derived from the server's own flags when absent (see {@link AppOptions}):
 * {@code --app_signaling URL}, {@code --app_stun URL[,URL]}, {@code --app_ip_echo URL}, {@code --app_prefix P}.
 */
public final class AppArgs {
    /** The flags read here (the main parser does not warn about them). */
    static final java.util.Set<String> FLAGS = java.util.Set.of("app_path", "app_signaling", "app_stun", "app_ip_echo",
            "app_prefix");

    private AppArgs() {}

    /** The app's options, or {@code null} when the app is not served. */
    public static AppOptions parse(List<String> args) throws CliArgs.UsageException {
        String path = value(args, "app_path");
        String signaling = value(args, "app_signaling");
        String stun = value(args, "app_stun");
        String echo = value(args, "app_ip_echo");
        String prefix = value(args, "app_prefix");
        if (path == null || path.isBlank()) {
            if (signaling != null || stun != null || echo != null || prefix != null) {
                throw new CliArgs.UsageException("--app_signaling, --app_stun, --app_ip_echo and --app_prefix need"
                        + " --app_path (where the app is served, e.g. /app/)");
            }
            return null;
        }
        String mount = path.trim();
        if (!mount.endsWith("/")) {
            mount = mount + "/";
        }
        List<String> stunUrls = new ArrayList<>();
        if (stun != null) {
            for (String s : stun.trim().split("[,\\s]+")) {
                if (!s.isEmpty()) {
                    stunUrls.add(s);
                }
            }
        }
        try {
            return new AppOptions(mount, blankToNull(signaling), stunUrls, blankToNull(echo),
                    prefix == null || prefix.isBlank() ? AppOptions.DEFAULT_PREFIX : prefix.trim());
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException("--app_*: " + e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** {@code --name VALUE} or {@code --name=VALUE}; the last one wins, as yargs does. */
    private static String value(List<String> args, String name) {
        String found = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--" + name) && i + 1 < args.size()) {
                found = args.get(++i);
            } else if (a.startsWith("--" + name + "=")) {
                found = a.substring(name.length() + 3);
            }
        }
        return found;
    }

    /** The lines {@code --help} adds. */
    static String usage() {
        return """
                The browser app (mesh-web; see its README, "Serving"):
                      --app_path        serve the app at this path, e.g. /app/ (or / for the root; default: off)
                      --app_signaling   the signaling URL the app uses, http[s]://host:port/path/ (default: the page's own
                                        origin and --path)
                      --app_stun        STUN URLs for the app, comma-separated; {host} = the page's host name (default: none)
                      --app_ip_echo     HTTP IP echo for the app (default: this server's {path}ip)
                      --app_prefix      the app's ID prefix (default: mesh)""";
    }
}
