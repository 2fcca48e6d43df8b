package io.meshkit.e2e.web;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** "Converged": exactly one router, everyone else its member, everyone lists exactly the others. */
final class MeshGroups {
    private MeshGroups() {}

    /** A participant of a mesh as the tests see it: a browser page or a Java process. */
    interface Participant {
        String name();

        String role();

        String routerId();

        Set<String> peerNames();

        String describe();
    }

    static boolean converged(List<? extends Participant> group) {
        List<? extends Participant> routers = group.stream().filter(p -> "router".equals(p.role())).toList();
        if (routers.size() != 1) {
            return false;
        }
        String routerId = routers.get(0).routerId();
        for (Participant p : group) {
            if (routerId == null || !routerId.equals(p.routerId())) {
                return false;
            }
            if (p != routers.get(0) && !isMember(p.role())) {
                return false;
            }
            Set<String> others = new TreeSet<>();
            group.stream().filter(o -> o != p).forEach(o -> others.add(o.name()));
            if (!p.peerNames().equals(others)) {
                return false;
            }
        }
        return true;
    }

    /** The names of everyone in {@code group} but {@code p}. */
    static Set<String> others(List<? extends Participant> group, Participant p) {
        Set<String> out = new TreeSet<>();
        group.stream().filter(o -> o != p).forEach(o -> out.add(o.name()));
        return out;
    }

    /** The JavaScript client says "member", the Java CLI "peer". */
    static boolean isMember(String role) {
        return "member".equals(role) || "peer".equals(role);
    }

    static String describe(List<? extends Participant> group) {
        StringBuilder b = new StringBuilder();
        for (Participant p : group) {
            b.append(p.describe()).append('\n');
        }
        return b.toString();
    }
}
