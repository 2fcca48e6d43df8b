package io.meshkit.mesh.runtime;

import io.meshkit.mesh.core.Effect;
import io.meshkit.mesh.core.MeshEvent;

/**
 * One-line descriptions of core events and effects for DEBUG logs: kinds and PeerJS IDs only, never message payloads
 * (member names come from the network).
 */
final class Trace {
    private Trace() {}

    static String event(MeshEvent e) {
        if (e instanceof MeshEvent.Received r) {
            return "Received(" + r.localId() + " <- " + r.remoteId() + ", " + r.message().getClass().getSimpleName()
                    + ")";
        } else if (e instanceof MeshEvent.Discarded d) {
            return "Discarded(" + d.localId() + " <- " + d.remoteId() + ")";
        } else if (e instanceof MeshEvent.Timer t) {
            return "Timer(" + t.key().kind() + ", " + t.key().ref() + ")";
        } else if (e instanceof MeshEvent.AddNamespace a) {
            return "AddNamespace(" + a.spec().label() + ", " + a.spec().namespace() + ")";
        }
        return e.toString();
    }

    static String effect(Effect f) {
        if (f instanceof Effect.Send s) {
            return "Send(" + s.localId() + " -> " + s.remoteId() + ", " + s.message().getClass().getSimpleName() + ")";
        } else if (f instanceof Effect.Notify n) {
            return "Notify(" + n.notification().getClass().getSimpleName() + ")";
        }
        return f.toString();
    }
}
