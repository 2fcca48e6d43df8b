package io.meshkit.signaling.netty;

import io.meshkit.signaling.core.RealmListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Structured logs of the realm's events: IDs and reasons as key-value pairs, never a payload or any
 * raw client input. Connects and disconnects are DEBUG (the reference prints them; at scale they
 * are noise), refusals are DEBUG too (a client can cause any number of them).
 */
public final class LoggingRealmListener implements RealmListener {
    private static final Logger LOG = LoggerFactory.getLogger("io.meshkit.signaling.realm");

    @Override
    public void registered(String id) {
        LOG.atDebug().addKeyValue("id", safe(id)).log("Client connected");
    }

    @Override
    public void reattached(String id) {
        LOG.atDebug().addKeyValue("id", safe(id)).log("Client re-attached");
    }

    @Override
    public void released(String id, Release reason) {
        LOG.atDebug().addKeyValue("id", safe(id)).addKeyValue("reason", reason).log("Client disconnected");
    }

    @Override
    public void rejected(Rejection reason) {
        LOG.atDebug().addKeyValue("reason", reason).log("socket refused");
    }

    @Override
    public void dropped(Drop reason) {
        LOG.atTrace().addKeyValue("reason", reason).log("message dropped");
    }

    /** Client IDs are untrusted input: logged only when they look like PeerJS IDs. */
    static String safe(String id) {
        if (id != null && id.length() <= 64 && id.matches("[A-Za-z0-9 _-]+")) {
            return id;
        }
        return "<unprintable id, " + (id == null ? 0 : id.length()) + " chars>";
    }
}
