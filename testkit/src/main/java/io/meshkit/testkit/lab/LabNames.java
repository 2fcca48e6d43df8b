package io.meshkit.testkit.lab;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of everything a lab creates outside its own namespaces, chosen so that concurrent runs on
 * one machine never collide and a later run can tell a crashed run's leftovers from a live run's.
 *
 * <p>A namespace is named {@code mk-<pid>-<4 hex>-<role>}: the owning JVM's PID says whether its
 * owner still lives; the random part separates two labs of one JVM. Interfaces live inside the
 * lab's namespaces (deleting a namespace deletes them) except the root-namespace end of a
 * {@link SingleHost} veth, whose name ({@code mk<4 hex>r}, within the 15-character limit of
 * {@code IFNAMSIZ}) cannot carry a PID, so its {@code ifalias} does: {@code meshkit-lab-<pid>}.
 */
public final class LabNames {
    /** Every lab namespace starts with this. */
    static final String NAMESPACE_PREFIX = "mk-";
    private static final Pattern NAMESPACE = Pattern.compile("^mk-(\\d+)-([0-9a-f]{4})-[a-z0-9-]+$");
    static final String ALIAS_PREFIX = "meshkit-lab-";
    private static final Pattern ROOT_LINK = Pattern.compile(
            "^\\d+: (mk[0-9a-f]{4}r)[@:].*alias " + ALIAS_PREFIX + "(\\d+)\\s*$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private LabNames() {}

    /** A fresh prefix {@code mk-<pid>-<4 hex>} for one lab. */
    static String newPrefix() {
        return NAMESPACE_PREFIX + ProcessHandle.current().pid() + "-" + hex4();
    }

    static String hex4() {
        return String.format("%04x", RANDOM.nextInt(0x10000));
    }

    /** The PID that owns lab namespace {@code name}, or empty when the name is not a lab's. */
    static Optional<Long> namespaceOwner(String name) {
        Matcher m = NAMESPACE.matcher(name);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** True while {@code pid} names a live process. */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Names of all network namespaces ({@code ip netns list}). */
    static List<String> namespaces() {
        List<String> names = new ArrayList<>();
        for (String line : Shell.run(List.of("ip", "netns", "list")).split("\n")) {
            String name = line.trim().split("\\s+")[0];
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Removes what crashed runs left behind: lab namespaces (killing the processes still inside)
     * and root-namespace lab links whose owning PID is dead. Live runs' labs are left alone.
     *
     * @return how many namespaces and links were removed
     */
    public static int sweep() {
        int removed = 0;
        for (String ns : namespaces()) {
            Optional<Long> owner = namespaceOwner(ns);
            if (owner.isPresent() && !alive(owner.get())) {
                Namespace.destroy(ns);
                removed++;
            }
        }
        for (String line : Shell.run(List.of("ip", "-o", "link", "show")).split("\n")) {
            Matcher m = ROOT_LINK.matcher(line.trim());
            if (m.matches() && !alive(Long.parseLong(m.group(2)))) {
                Shell.tryRun(List.of("ip", "link", "del", m.group(1)), null);
                removed++;
            }
        }
        return removed;
    }
}
