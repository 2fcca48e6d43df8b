package io.meshkit.signaling.metrics;

import io.meshkit.signaling.core.RealmListener;
import io.meshkit.signaling.wire.MessageType;

/** Reports every realm event to two listeners, first then second (logs, then metrics). */
public record BothListeners(RealmListener first, RealmListener second) implements RealmListener {
    @Override
    public void registered(String id) {
        first.registered(id);
        second.registered(id);
    }

    @Override
    public void reattached(String id) {
        first.reattached(id);
        second.reattached(id);
    }

    @Override
    public void rejected(Rejection reason, String source) {
        first.rejected(reason, source);
        second.rejected(reason, source);
    }

    @Override
    public void released(String id, Release reason) {
        first.released(id, reason);
        second.released(id, reason);
    }

    @Override
    public void relayed(MessageType type) {
        first.relayed(type);
        second.relayed(type);
    }

    @Override
    public void queued(MessageType type) {
        first.queued(type);
        second.queued(type);
    }

    @Override
    public void expired(int messages, int expireSent) {
        first.expired(messages, expireSent);
        second.expired(messages, expireSent);
    }

    @Override
    public void dropped(Drop reason, String source) {
        first.dropped(reason, source);
        second.dropped(reason, source);
    }

    @Override
    public void closed(Closure reason, String source) {
        first.closed(reason, source);
        second.closed(reason, source);
    }
}
