package io.meshkit.signaling.cli;

import io.meshkit.signaling.app.AppFiles;
import io.meshkit.signaling.app.AppHandler;
import io.meshkit.signaling.app.AppOptions;
import io.meshkit.signaling.netty.ServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the handler that serves the browser app, when {@code --app_path} asks for it. */
final class AppServing {
    private static final Logger LOG = LoggerFactory.getLogger(AppServing.class);

    private AppServing() {}

    /** The handler for {@code app}, or {@code null} when the app is not served. */
    static AppHandler handler(AppOptions app, ServerOptions server) throws CliArgs.UsageException {
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
        return new AppHandler(app, files, server.path(), server.realm().key());
    }
}
