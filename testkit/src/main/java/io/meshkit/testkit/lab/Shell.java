package io.meshkit.testkit.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the short administrative commands the lab is built from ({@code ip}, {@code nft},
 * {@code sysctl}) and turns a failure into an exception that carries the command and its output.
 */
final class Shell {
    /** A lab command that takes longer than this is hung (they normally take a few milliseconds). */
    static final long TIMEOUT_SECONDS = 30;

    private Shell() {}

    /** The result of a command that ran to its end. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code command}; throws unless it exits 0. Returns stdout and stderr together. */
    static String run(List<String> command) {
        return run(command, null);
    }

    /** Runs {@code command} with {@code stdin} as its input; throws unless it exits 0. */
    static String run(List<String> command, String stdin) {
        Result r = tryRun(command, stdin);
        if (!r.ok()) {
            throw new IllegalStateException("command failed (exit " + r.exitCode() + "): "
                    + String.join(" ", command) + "\n" + r.output());
        }
        return r.output();
    }

    /** Runs {@code command} and returns its exit code and output whatever they are. */
    static Result tryRun(List<String> command, String stdin) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            // Output of these commands is small; reading it before waitFor cannot dead-lock on a full pipe.
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("command hung: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
