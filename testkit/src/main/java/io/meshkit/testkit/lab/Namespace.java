package io.meshkit.testkit.lab;

import io.meshkit.testkit.Chromium;
import io.meshkit.testkit.ManagedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One network namespace of a lab: runs commands and long-lived processes inside it, and launches
 * Chromium inside it. Processes started here are stopped when the lab closes, before the namespace
 * is deleted.
 */
public class Namespace {
    private final String name;
    private final List<AutoCloseable> owned = new CopyOnWriteArrayList<>();

    Namespace(String name) {
        this.name = name;
    }

    /** The namespace name, as {@code ip netns} knows it (for {@code ip netns exec NAME ...}). */
    public String name() {
        return name;
    }

    /** Runs {@code command} inside this namespace and returns its output; throws unless it exits 0. */
    public String exec(String... command) {
        return Shell.run(inside(List.of(command)));
    }

    /** Runs {@code command} inside this namespace; returns its exit code and output. */
    public ExecResult tryExec(String... command) {
        Shell.Result r = Shell.tryRun(inside(List.of(command)), null);
        return new ExecResult(r.exitCode(), r.output());
    }

    /** Exit code and output (stdout and stderr together) of a command. */
    public record ExecResult(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /**
     * Sends one UDP datagram {@code text} to {@code ip:port} from inside this namespace (bash's
     * {@code /dev/udp}, no JVM start) and returns the first line answered within {@code timeout},
     * or empty when nothing came back (or the send failed, e.g. with the link down).
     */
    public Optional<String> udpRequest(String ip, int port, String text, Duration timeout) {
        if (!ip.matches("[0-9.]{7,15}") || port < 1 || port > 65535 || text.contains("\n")) {
            throw new IllegalArgumentException("bad udpRequest " + ip + ":" + port);
        }
        String seconds = String.format(Locale.ROOT, "%.3f", timeout.toMillis() / 1000.0);
        ExecResult r = tryExec("bash", "-c",
                // head reads the whole datagram in one recv(); bash's read would take one byte
                // per recv() and lose the rest of a datagram.
                "exec 3<>/dev/udp/$1/$2 && printf '%s\\n' \"$3\" >&3 && timeout \"$4\" head -n 1 <&3",
                "udp", ip, Integer.toString(port), text, seconds);
        return r.ok() ? Optional.of(r.output().strip()) : Optional.empty();
    }

    /**
     * Polls until {@code ip:port} accepts a TCP connection from inside this namespace, or throws
     * {@link AssertionError} with {@code process}'s output (the server being waited for, may be null).
     */
    public void awaitTcp(String ip, int port, Duration timeout, ManagedProcess process) {
        if (!ip.matches("[0-9.]{7,15}") || port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad address " + ip + ":" + port);
        }
        Await.until(() -> {
            if (process != null && !process.isAlive()) {
                throw new AssertionError(process.logFile() + " exited:\n" + process.output());
            }
            return tryExec("bash", "-c", "exec 3<>/dev/tcp/$1/$2", "tcp", ip, Integer.toString(port)).ok();
        }, timeout, () -> ip + ":" + port + " not listening in " + name
                + (process == null ? "" : ":\n" + process.output()));
    }

    /**
     * Starts a long-lived process inside this namespace; its output goes to a log file (see
     * {@link ManagedProcess#output()}). The lab stops it on close if the test has not.
     */
    public ManagedProcess start(String processName, List<String> command) {
        ManagedProcess p = ManagedProcess.start(name + "-" + processName, inside(command));
        owned.add(p);
        return p;
    }

    /** Starts {@code mainClass} from the current JVM's class path inside this namespace. */
    public ManagedProcess startJava(String processName, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ManagedProcess.javaExecutable(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return start(processName, cmd);
    }

    /**
     * Launches Debian's Chromium inside this namespace (through an {@code ip netns exec} wrapper
     * that Playwright runs as the browser executable). Closed with the lab if the test has not.
     */
    public Chromium chromium(List<String> extraArgs) {
        Chromium c = Chromium.launchInNamespace(name, extraArgs);
        owned.add(c);
        return c;
    }

    /** Stops processes and browsers started here (newest first). */
    void stopOwned() {
        List<AutoCloseable> copy = new ArrayList<>(owned);
        for (int i = copy.size() - 1; i >= 0; i--) {
            try {
                copy.get(i).close();
            } catch (Exception | Error ignored) {
                // Best effort: the namespace's remaining processes are killed by destroy().
            }
        }
        owned.clear();
    }

    private List<String> inside(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(command);
        return cmd;
    }

    /** Kills every process still inside namespace {@code ns}, then deletes it (and its links). */
    static void destroy(String ns) {
        Shell.Result pids = Shell.tryRun(List.of("ip", "netns", "pids", ns), null);
        if (pids.ok()) {
            for (String pid : pids.output().split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
        Shell.tryRun(List.of("ip", "netns", "del", ns), null);
        try {
            Files.deleteIfExists(Chromium.namespaceWrapper(ns));
        } catch (IOException | RuntimeException ignored) {
            // Only a small script in the temp directory.
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
