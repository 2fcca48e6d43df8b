package io.meshkit.signaling.core;

import io.meshkit.signaling.wire.PeerJsEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Records the realm's effects as readable lines: {@code conn <- json} and {@code conn closed KIND}. */
final class RecordingOutbox implements Outbox<String> {
    final List<String> effects = new ArrayList<>();
    final Set<String> dead = new HashSet<>();

    @Override
    public boolean send(String connection, Outbound message) {
        if (dead.contains(connection)) {
            return false;
        }
        effects.add(connection + " <- " + text(message));
        return true;
    }

    @Override
    public void close(String connection, CloseKind kind) {
        effects.add(connection + " closed " + kind);
    }

    /** Everything since the last call. */
    List<String> take() {
        List<String> out = new ArrayList<>(effects);
        effects.clear();
        return out;
    }

    static String text(Outbound m) {
        byte[] b;
        if (m instanceof Outbound.Relay r) {
            b = PeerJsEncoder.relay(r.type(), r.src(), r.dst(), r.payload());
        } else if (m instanceof Outbound.Open) {
            b = PeerJsEncoder.open();
        } else if (m instanceof Outbound.IdTaken) {
            b = PeerJsEncoder.idTaken();
        } else {
            b = PeerJsEncoder.error(((Outbound.Error) m).text().text());
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
