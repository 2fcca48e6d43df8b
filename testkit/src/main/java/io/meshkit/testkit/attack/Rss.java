package io.meshkit.testkit.attack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process's resident set size from {@code /proc/PID/status} ({@code VmRSS}), and a sampler that
 * keeps the peak while an attack runs (RSS can spike and fall back between two assertions).
 */
public final class Rss {
    private Rss() {}

    /** {@code VmRSS} of {@code pid} in bytes, or -1 when the process is gone. */
    public static long of(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024L;
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Samples a process's RSS every {@code periodMillis} on a daemon thread and keeps the peak. */
    public static final class Sampler implements AutoCloseable {
        private final long pid;
        private final AtomicLong peak = new AtomicLong(-1);
        private final Thread thread;
        private volatile boolean running = true;

        public Sampler(long pid, long periodMillis) {
            this.pid = pid;
            this.thread = new Thread(() -> {
                while (running) {
                    long r = of(pid);
                    peak.accumulateAndGet(r, Math::max);
                    try {
                        Thread.sleep(periodMillis); // sampling period, not synchronisation
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler-" + pid);
            thread.setDaemon(true);
            thread.start();
        }

        /** The highest RSS seen so far, in bytes (-1 if never read). */
        public long peakBytes() {
            return Math.max(peak.get(), of(pid));
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }

    /** Bytes as MiB, for messages. */
    public static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
