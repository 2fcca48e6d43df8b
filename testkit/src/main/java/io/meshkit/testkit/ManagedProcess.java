package io.meshkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output (stdout and stderr together) goes to a log file, so a failing test
 * can print what the process said. {@link #close()} stops it (SIGTERM, then SIGKILL) with its
 * descendants.
 */
public final class ManagedProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command}; its output goes to a temporary log file named after {@code name}. */
    public static ManagedProcess start(String name, List<String> command) {
        try {
            Path log = Files.createTempFile("meshkit-" + name.replaceAll("[^A-Za-z0-9_.-]", "_") + "-", ".log");
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ManagedProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** How a short command ended: its exit status and everything it printed (stdout and stderr together). */
    public record Finished(int exitCode, String output) {}

    /**
     * Runs a short command to its end, within {@code timeout}; a command still running then is
     * killed and fails the test with what it printed.
     */
    public static Finished run(String name, List<String> command, Duration timeout) {
        try (ManagedProcess p = start(name, command)) {
            boolean ended;
            try {
                ended = p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!ended) {
                throw new AssertionError(name + " did not end within " + timeout + ": " + command + "\n" + p.output());
            }
            return new Finished(p.process.exitValue(), p.output());
        }
    }

    /** The java launcher of the running JVM, for starting our servers as child processes. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Polls until {@code host:port} accepts a TCP connection, or fails with the process output. */
    public ManagedProcess awaitTcp(String host, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                return this;
            } catch (IOException notYet) {
                try {
                    process.waitFor(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException(name + " did not listen on " + host + ":" + port + " within " + timeout
                + ":\n" + output());
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    public Process process() {
        return process;
    }

    public Path logFile() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
