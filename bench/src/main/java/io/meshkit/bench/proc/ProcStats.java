package io.meshkit.bench.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and memory of the server under test, read from {@code /proc/PID/stat} and
 * {@code /proc/PID/status} (Linux). The benchmark samples it at the start and the end of the
 * measured window: CPU % = (ticks at end - ticks at start) / clock ticks per second / window.
 */
public final class ProcStats {
    /** {@code sysconf(_SC_CLK_TCK)}; 100 on every Linux this runs on (bench/run passes {@code getconf CLK_TCK}). */
    private final long clockTicksPerSecond;
    private final long pid;

    public ProcStats(long pid, long clockTicksPerSecond) {
        this.pid = pid;
        this.clockTicksPerSecond = clockTicksPerSecond;
    }

    /** Several processes as one (the nodes of a cluster): CPU, memory and threads summed. */
    public static java.util.function.Supplier<Sample> sum(List<ProcStats> all) {
        return () -> {
            long now = System.nanoTime();
            double user = 0;
            double sys = 0;
            long rss = 0;
            long hwm = 0;
            int threads = 0;
            for (ProcStats p : all) {
                Sample s = p.sample();
                user += s.userSeconds();
                sys += s.systemSeconds();
                rss += s.rssKib();
                hwm += s.hwmKib();
                threads += s.threads();
            }
            return new Sample(now, user, sys, rss, hwm, threads);
        };
    }

    /** One sample: CPU seconds (user and system, all threads), resident set and its peak, in KiB. */
    public record Sample(long nanoTime, double userSeconds, double systemSeconds, long rssKib, long hwmKib,
                         int threads) {
        public double cpuSeconds() {
            return userSeconds + systemSeconds;
        }
    }

    public boolean available() {
        return pid > 0 && Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"));
    }

    public Sample sample() {
        long now = System.nanoTime();
        if (!available()) {
            return new Sample(now, 0, 0, 0, 0, 0);
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; the fields after its closing ')' are fixed.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // After ')' field index 0 is "state" (field 3): utime is field 14, stime field 15.
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            long rss = 0;
            long hwm = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).trim());
                }
            }
            return new Sample(now, utime / (double) clockTicksPerSecond, stime / (double) clockTicksPerSecond, rss, hwm,
                    threads);
        } catch (IOException | RuntimeException e) {
            return new Sample(now, 0, 0, 0, 0, 0);
        }
    }

    /**
     * CPU seconds the whole machine spent busy (all cores: user, nice, system, irq, softirq, steal
     * from {@code /proc/stat}); with the server's and the generator's own, what other processes
     * took during a window (a quiet machine shows next to nothing).
     */
    public double machineBusySeconds() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy / (double) clockTicksPerSecond;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU use between two samples, in percent of one core. */
    public static double cpuPercent(Sample from, Sample to) {
        double seconds = (to.nanoTime() - from.nanoTime()) / 1e9;
        return seconds <= 0 ? 0 : 100.0 * (to.cpuSeconds() - from.cpuSeconds()) / seconds;
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
