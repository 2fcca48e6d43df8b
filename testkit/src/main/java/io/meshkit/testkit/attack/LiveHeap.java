package io.meshkit.testkit.attack;

import io.meshkit.testkit.ManagedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM really holds: its heap in use right after a full collection, read with the JDK's
 * {@code jcmd} ({@code GC.run}, then {@code GC.heap_info}). RSS alone cannot tell a leak from
 * garbage: under an allocation storm the collector grows the heap towards {@code -Xmx} however
 * little of it is live, so an attack test bounds both: RSS (the box) and the live heap (what the
 * attacker made the server keep).
 */
public final class LiveHeap {
    /**
     * G1: {@code garbage-first heap   total 262144K, used 23456K}; Serial and Parallel: one line per
     * generation ({@code def new generation   total 19648K, used 1477K}, {@code tenured generation …},
     * {@code PSYoungGen …}, {@code ParOldGen …}). Metaspace lines do not match (no "total").
     */
    private static final Pattern USED = Pattern.compile("(?m)^\\s*(?:garbage-first heap|def new generation|tenured generation"
            + "|PSYoungGen|ParOldGen)\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");

    private LiveHeap() {}

    /** Heap bytes in use after a full GC of {@code pid}, or -1 when it cannot be read (the process is gone). */
    public static long afterFullGc(long pid) {
        String jcmd = Path.of(ManagedProcess.javaExecutable()).resolveSibling("jcmd").toString();
        if (run(List.of(jcmd, Long.toString(pid), "GC.run")) == null) {
            return -1;
        }
        String info = run(List.of(jcmd, Long.toString(pid), "GC.heap_info"));
        if (info == null) {
            return -1;
        }
        Matcher m = USED.matcher(info);
        long used = 0;
        boolean found = false;
        while (m.find()) {
            used += Long.parseLong(m.group(1)) * 1024L;
            found = true;
        }
        return found ? used : -1;
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
