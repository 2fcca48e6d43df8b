package io.meshkit.testkit;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright for Java. Playwright never downloads a browser here (the
 * network is closed): it is pointed at {@code /usr/bin/chromium}, or at a wrapper script that runs
 * it inside a network namespace ({@code ip netns exec NS chromium "$@"}); Playwright talks to the
 * browser over a pipe, so the namespace does not get in its way.
 */
public final class Chromium implements AutoCloseable {
    /** Flags that keep Chromium quiet on a closed network (docs/ENVIRONMENT.md: background networking). */
    public static final List<String> FLAGS = List.of(
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-dev-shm-usage");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Chromium in the current network namespace. */
    public static Chromium launch(List<String> extraArgs) {
        Path exe = Ci.requireExecutable("/usr/bin/chromium", "chromium");
        return launchExecutable(exe, extraArgs);
    }

    /** Chromium inside network namespace {@code netns} (root only). */
    public static Chromium launchInNamespace(String netns, List<String> extraArgs) {
        Ci.requireRoot();
        Ci.requireExecutable("/usr/bin/chromium", "chromium");
        return launchExecutable(namespaceWrapper(netns), extraArgs);
    }

    private static Chromium launchExecutable(Path executable, List<String> extraArgs) {
        Playwright pw = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            List<String> args = new java.util.ArrayList<>(FLAGS);
            args.addAll(extraArgs);
            Browser b = pw.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(executable)
                    .setHeadless(true)
                    .setArgs(args));
            return new Chromium(pw, b);
        } catch (RuntimeException e) {
            pw.close();
            throw e;
        }
    }

    /** Writes (once per namespace) an executable that runs Chromium inside {@code netns}. */
    public static Path namespaceWrapper(String netns) {
        if (!netns.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("bad namespace name: " + netns);
        }
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "meshkit-chromium"));
            Path script = dir.resolve("chromium-in-" + netns);
            Files.writeString(script, "#!/bin/sh\nexec ip netns exec " + netns + " /usr/bin/chromium \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
