package io.meshkit.testkit.attack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One line per attack run for the record ({@code target/attack-results.txt} of the module, and
 * stdout): which jar, whether the server lived, its peak RSS, what a legitimate client saw during
 * and after the attack, and the counter that moved. The same test run against the code before a fix
 * ({@code -Dmeshkit.attack.…Jar=…}) gives the "before" line. The live heap is {@link LiveHeap#afterFullGc}.
 */
public final class AttackReport {
    private AttackReport() {}

    /** Appends and prints one line, without a live-heap figure. */
    public static void record(String attack, Path jar, TargetProcess target, long peakRss, LatencyProbe.Phase during,
                              LatencyProbe.Phase after, String counter) {
        record(attack, jar, target, peakRss, -1, during, after, counter);
    }

    /** Appends and prints one line. */
    public static void record(String attack, Path jar, TargetProcess target, long peakRss, long liveHeap,
                              LatencyProbe.Phase during, LatencyProbe.Phase after, String counter) {
        String line = String.format(Locale.ROOT, "%s | jar %s | %s | peak RSS %s | live heap %s | %s | %s | %s",
                attack, jar, target.isAlive() ? "alive" : "DEAD (exit " + target.exitStatus() + ")", Rss.mib(peakRss),
                Rss.mib(liveHeap), during, after, counter);
        System.out.println("[attack] " + line);
        try {
            Path f = Path.of("target", "attack-results.txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // a convenience for the record; the assertions are what count
        }
    }
}
