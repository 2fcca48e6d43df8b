package io.meshkit.signaling.cli;

import io.meshkit.beacon.BeaconKey;
import io.meshkit.signaling.app.AppBeacon;
import io.meshkit.signaling.app.AppFiles;
import io.meshkit.signaling.app.AppHandler;
import io.meshkit.signaling.app.AppOptions;
import io.meshkit.signaling.beacon.BeaconOptions;
import io.meshkit.signaling.netty.ServerOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the handler that serves the browser app, when {@code --app_path} asks for it. */
final class AppServing {
    private static final Logger LOG = LoggerFactory.getLogger(AppServing.class);

    private AppServing() {}

    /** The beacon's URL on the page's origin: this server's own route (docs/PROTOCOL.md §13.3.3). */
    static final String BEACON_URL = "/beacon";

    /**
     * The handler for {@code app}, or {@code null} when the app is not served. When this server issues the beacon
     * ({@code beacon} with a signing key), the app follows it: its config names this server's {@code /beacon} and the
     * keys the server accepts; the page's origin must then be one of the {@code --beacon-origin}s.
     */
    static AppHandler handler(AppOptions app, ServerOptions server, BeaconOptions beacon) throws CliArgs.UsageException {
        if (app == null) {
            return null;
        }
        AppFiles files;
        try {
            files = AppFiles.load(AppServing.class.getClassLoader());
        } catch (IllegalStateException e) {
            throw new CliArgs.UsageException("--app_path: " + e.getMessage());
        }
        // A response is written whole: one larger than the outbound limit would close its connection.
        if (files.largestBody() > server.limits().maxOutboundBytes()) {
            throw new CliArgs.UsageException("--app_path: the app's largest file (" + files.largestBody()
                    + " bytes) is larger than --max_outbound_bytes (" + server.limits().maxOutboundBytes() + ")");
        }
        LOG.atInfo().addKeyValue("path", app.mount()).addKeyValue("files", files.size())
                .addKeyValue("version", files.version())
                .log("Serving the browser app at {} ({} files, version {})", app.mount(), files.size(), files.version());
        AppBeacon follows = beaconOf(beacon);
        if (follows != null) {
            LOG.atInfo().log("The browser app follows the beacon at {} (its origin must be a --beacon-origin)",
                    follows.url());
        }
        return new AppHandler(app, files, server.path(), server.realm().key(), follows);
    }

    /** What the app's config says about the beacon: null unless this server issues one. */
    static AppBeacon beaconOf(BeaconOptions beacon) {
        if (beacon == null || !beacon.issuing()) {
            return null;
        }
        List<String> jwks = beacon.acceptedKeys().keys().stream().map(BeaconKey::jwk).toList();
        return new AppBeacon(BEACON_URL, jwks, beacon.periodSeconds());
    }
}
