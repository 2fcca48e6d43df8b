package io.meshkit.signaling.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The single-node directory: a map in insertion order, as the reference's {@code Realm.clients}. */
public final class LocalDirectory<C> implements Directory<C> {
    private final Map<String, Client<C>> clients = new LinkedHashMap<>();

    @Override
    public Client<C> get(String id) {
        return clients.get(id);
    }

    @Override
    public void put(Client<C> client) {
        clients.put(client.id(), client);
        client.held(true);
    }

    @Override
    public boolean remove(Client<C> client) {
        if (clients.remove(client.id(), client)) {
            client.held(false);
            return true;
        }
        return false;
    }

    @Override
    public int size() {
        return clients.size();
    }

    @Override
    public List<String> ids() {
        return new ArrayList<>(clients.keySet());
    }

    @Override
    public List<Client<C>> snapshot() {
        return new ArrayList<>(clients.values());
    }
}
