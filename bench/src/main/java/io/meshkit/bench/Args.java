package io.meshkit.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options of a benchmark generator, with typed defaults. */
public final class Args {
    /** A command line the generator cannot run with; the message names the option. */
    public static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();

    /** Parses {@code --name value} pairs; anything else is an error. */
    public Args(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--") || i + 1 >= argv.length) {
                throw new UsageException("expected --name value, got: " + a);
            }
            values.put(a.substring(2), argv[++i]);
        }
    }

    public String string(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    public String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("missing --" + name);
        }
        return v;
    }

    public int integer(String name, int dflt) {
        String v = values.get(name);
        return v == null ? dflt : (int) number(name, v);
    }

    /**
     * Runs the shell command in option {@code name}, if given, and waits for it (at most 60 s): the
     * hooks by which bench/run starts and dumps a JFR recording exactly around the measured window.
     */
    public void hook(String name) throws java.io.IOException, InterruptedException {
        String cmd = values.get(name);
        if (cmd != null && !cmd.isBlank()) {
            new ProcessBuilder("sh", "-c", cmd).inheritIO().start().waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    public long pid(String name) {
        String v = values.get(name);
        return v == null ? -1 : number(name, v);
    }

    private static long number(String name, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a whole number, not '" + v + "'");
        }
    }
}
