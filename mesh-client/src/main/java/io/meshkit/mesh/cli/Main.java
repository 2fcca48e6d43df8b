package io.meshkit.mesh.cli;

import io.meshkit.mesh.contacts.ContactsConfig;
import io.meshkit.mesh.discovery.NetworkWatch;
import io.meshkit.mesh.discovery.PublicIpDiscovery;
import io.meshkit.mesh.runtime.MeshRuntime;
import io.meshkit.mesh.runtime.RuntimeConfig;
import io.meshkit.mesh.storage.ChatStore;
import io.meshkit.mesh.storage.DataDir;
import io.meshkit.mesh.storage.IdentityStore;
import io.meshkit.mesh.storage.RendezvousStore;
import io.meshkit.mesh.tui.TerminalUi;
import io.meshkit.mesh.tui.TuiCommands;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar mesh-client.jar --name NAME --data-dir DIR --signaling URL --stun URI [--json] …}:
 * joins the mesh of its network and reports what happens. With {@code --json} it is driven by
 * programs through the control protocol of {@link ControlProtocol} (see the module README).
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** Keeps /dev/null open on file descriptor 1 once the last event is out (see {@link #silenceNativeStdout}). */
    private static FileOutputStream devNull;

    private Main() {}

    public static void main(String[] args) {
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        CliOptions options;
        try {
            options = CliOptions.parse(args);
        } catch (CliOptions.BadFlag e) {
            badCommandLine(new ControlProtocol(stdout, CliOptions.wantsJson(args)), e.flag(), e.getMessage());
            return;
        }
        if (options.help()) {
            System.out.println(CliOptions.usage());
            return;
        }
        if (options.version()) {
            String v = Main.class.getPackage().getImplementationVersion();
            System.out.println(v == null ? "unknown (not run from a jar)" : v);
            return;
        }
        ControlProtocol control = new ControlProtocol(stdout, options.json());
        // People at a terminal get the terminal UI; programs (--json, or no terminal) the control protocol.
        TerminalUi tui = null;
        if (!options.json() && System.console() != null) {
            try {
                java.nio.file.Files.createDirectories(options.dataDir());
                tui = new TerminalUi(options.dataDir().resolve("tui-history"));
            } catch (IOException e) {
                System.err.println("mesh-client: no terminal UI (" + e.getMessage() + "); plain lines instead");
            }
        }
        java.util.function.Consumer<Map<String, Object>> sink = tui != null ? tui::onEvent : control::emit;
        RuntimeConfig config;
        try {
            config = new RuntimeConfig(options.prefix(), options.name(),
                    new DataDir(options.dataDir()).discoveryUuid(), options.mesh(), options.signaling(),
                    options.signalingSettings().withObserver(new SignalingHealth(sink::accept)),
                    options.iceServers(), options.discovery(), options.beacon());
        } catch (IOException | IllegalArgumentException e) {
            badCommandLine(control, "data-dir", "--data-dir: " + e.getMessage());
            return;
        }
        MeshRuntime runtime = new MeshRuntime(config, sink::accept);
        try {
            runtime.enableContacts(new MeshRuntime.Contacts(
                    new IdentityStore(options.dataDir()).loadOrCreate(new SecureRandom()),
                    ChatStore.open(options.dataDir()), ContactsConfig.defaults()));
            runtime.enableRendezvous(new MeshRuntime.Rendezvous(RendezvousStore.open(options.dataDir()),
                    options.rendezvous()));
            if (options.transportId() != null) {
                runtime.useTransportId(options.transportId());
            }
        } catch (IOException | java.sql.SQLException e) {
            badCommandLine(control, "data-dir", "--data-dir: " + e.getMessage());
            return;
        }
        Thread hook = new Thread(() -> {
            runtime.stop(5_000);
            silenceNativeStdout(stdout);
        }, "mesh-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            runtime.start();
        } catch (RuntimeException bug) {
            LOG.error("the client failed to start", bug);
            Map<String, Object> fault = new java.util.LinkedHashMap<>();
            fault.put("event", "fault");
            fault.put("reason", "internal-error");
            fault.put("detail", bug.getClass().getSimpleName());
            control.emit(fault);
            Runtime.getRuntime().removeShutdownHook(hook);
            silenceNativeStdout(stdout);
            Runtime.getRuntime().halt(EXIT_INTERNAL_ERROR);
        }
        if (!options.metered()) {
            // Follow the network: a laptop that moves is moved to its new namespace (docs/PROTOCOL.md §2.5).
            java.net.http.HttpClient http = PublicIpDiscovery.httpClient();
            PublicIpDiscovery.Settings discovery = options.discovery();
            new NetworkWatch(() -> PublicIpDiscovery.discover(http, discovery), runtime::publicAddressChanged,
                    options.ipRecheck(), options.networkPoll(), NetworkWatch.SYSTEM).start();
        }
        if (tui != null) {
            tui.run(new TuiCommands.Actions() {
                @Override
                public void contact(io.meshkit.mesh.contacts.ContactEvent command) {
                    runtime.contactCommand(command);
                }

                @Override
                public void rendezvous(io.meshkit.mesh.rendezvous.RendezvousEvent command) {
                    runtime.rendezvousCommand(command);
                }

                @Override
                public Map<String, Object> rendezvousStatus() {
                    return runtime.rendezvousStatus();
                }

                @Override
                public Map<String, Object> history(String fingerprint, int limit) {
                    return runtime.history(fingerprint, limit);
                }

                @Override
                public Map<String, Object> status() {
                    return runtime.status();
                }

                @Override
                public void quit() {
                    runtime.stop(5_000);
                    silenceNativeStdout(stdout);
                    Runtime.getRuntime().halt(0);
                }
            });
        }
        readCommands(runtime, control, stdout);
        // stdin closed: keep running until killed (SIGTERM leaves cleanly through the hook).
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Exit status for a command line or data directory the client cannot run with. */
    static final int EXIT_BAD_COMMAND_LINE = 2;
    /** Exit status when the client itself failed (a bug: the log has the stack trace). */
    static final int EXIT_INTERNAL_ERROR = 1;

    /**
     * Reports a command line the client cannot run with, before anything touched the network: a {@code fault} event
     * ({@code reason} {@code "bad-flag"}, {@code flag}, {@code detail}) in {@code --json} mode, always a line on
     * stderr; then exits with {@value #EXIT_BAD_COMMAND_LINE}.
     */
    private static void badCommandLine(ControlProtocol control, String flag, String message) {
        Map<String, Object> fault = new java.util.LinkedHashMap<>();
        fault.put("event", "fault");
        fault.put("reason", "bad-flag");
        fault.put("flag", flag);
        fault.put("detail", message);
        if (control.json()) {
            control.emit(fault);
        }
        System.err.println("mesh-client: " + message + " (--help lists the flags)");
        System.exit(EXIT_BAD_COMMAND_LINE);
    }

    /**
     * Points file descriptor 1 at /dev/null once the last event has been written. libwebrtc (webrtc-java 0.14.0)
     * prints {@code VM attach current thread failed} and {@code Failed to attach thread N} to the process's stdout
     * from a native thread while the process exits, whatever the exit path (halt, exit, after disposing the factory:
     * tried), and a program reading {@code --json} must see JSON lines only. Closing descriptor 1 and opening
     * /dev/null at once gives /dev/null the lowest free descriptor, 1 (POSIX {@code open}), so those late native
     * writes land there.
     */
    static synchronized void silenceNativeStdout(PrintStream stdout) {
        if (devNull != null) {
            return;
        }
        stdout.flush();
        System.out.flush();
        try {
            new FileOutputStream(FileDescriptor.out).close();
            devNull = new FileOutputStream("/dev/null");
        } catch (IOException e) {
            LOG.debug("stdout: {}", e.toString());
        }
    }

    private static void readCommands(MeshRuntime runtime, ControlProtocol control, PrintStream stdout) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = ControlProtocol.readBoundedLine(in)) != null) {
                ControlProtocol.Command cmd = control.parse(line);
                if (cmd instanceof ControlProtocol.Status) {
                    control.emit(runtime.status());
                } else if (cmd instanceof ControlProtocol.Quit) {
                    runtime.stop(5_000);
                    control.emit(Map.of("event", "stopped"));
                    silenceNativeStdout(stdout);
                    Runtime.getRuntime().halt(0);
                } else if (cmd instanceof ControlProtocol.Contacts) {
                    control.emit(runtime.contactLists());
                } else if (cmd instanceof ControlProtocol.History h) {
                    control.emit(runtime.history(h.contact(), h.limit()));
                } else if (cmd instanceof ControlProtocol.Contact c) {
                    runtime.contactCommand(c.event());
                } else if (cmd instanceof ControlProtocol.Special sp) {
                    runtime.rendezvousCommand(sp.event());
                } else if (cmd instanceof ControlProtocol.Rendezvous) {
                    control.emit(runtime.rendezvousStatus());
                } else if (cmd instanceof ControlProtocol.RenewTransportId) {
                    runtime.renewTransportId();
                } else if (cmd instanceof ControlProtocol.Bad bad) {
                    Map<String, Object> error = new java.util.LinkedHashMap<>();
                    error.put("event", "error"); // "event" first, as in every other line
                    error.put("reason", bad.reason());
                    control.emit(error);
                }
            }
        } catch (IOException e) {
            LOG.debug("stdin: {}", e.toString());
        }
    }
}
