package io.meshkit.mesh.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.meshkit.mesh.contacts.ContactEvent;
import io.meshkit.mesh.peerjs.PeerJsWire;
import io.meshkit.mesh.rendezvous.RendezvousEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} control protocol: one JSON object per line on stdout for every event, one
 * JSON command per line on stdin ({@code {"cmd":"status"}}, {@code {"cmd":"quit"}}). Without
 * {@code --json}, events are printed as short human-readable lines. Documented in the module README.
 */
public final class ControlProtocol {
    /** Longest command line read from stdin; a longer one is discarded as an error. */
    public static final int MAX_COMMAND_CHARS = 64 * 1024;

    /** A command from stdin. */
    public sealed interface Command permits Status, Quit, Bad, Contacts, History, Contact, Special, Rendezvous,
        RenewTransportId {}

    /**
     * A command for special contacts ({@code special}, {@code special-decline}, {@code special-end}, {@code pause},
     * {@code resume}); what happens is told by events.
     */
    public record Special(RendezvousEvent event) implements Command {}

    /** {@code {"cmd":"rendezvous"}}: answered by a {@code rendezvous} event. */
    public record Rendezvous() implements Command {}

    /** {@code {"cmd":"new-transport-id"}}: register a new Transport ID; a {@code transport} event follows. */
    public record RenewTransportId() implements Command {}

    /** {@code {"cmd":"contacts"}}: answered by a {@code contacts} event. */
    public record Contacts() implements Command {}

    /** {@code {"cmd":"history","contact":FP,"limit":N}}: answered by a {@code history} event. */
    public record History(String contact, int limit) implements Command {}

    /**
     * A command for the contacts part ({@code request}, {@code accept}, {@code reject}, {@code ping}, {@code send},
     * {@code verify}); what happens is told by events.
     */
    public record Contact(ContactEvent event) implements Command {}

    /** Most messages a {@code history} command returns. */
    public static final int MAX_HISTORY = 1_000;

    /** {@code {"cmd":"status"}}: answered by a {@code status} event. */
    public record Status() implements Command {}

    /** {@code {"cmd":"quit"}}: leave cleanly, exit 0. */
    public record Quit() implements Command {}

    /** Not a command we know; answered by an {@code error} event with {@code reason}. */
    public record Bad(String reason) implements Command {}

    private final PrintStream out;
    private final boolean json;

    public ControlProtocol(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** True in {@code --json} mode. */
    public boolean json() {
        return json;
    }

    /** Prints one event (thread-safe: lines never interleave). */
    public synchronized void emit(Map<String, Object> event) {
        if (json) {
            try {
                out.println(PeerJsWire.JSON.writeValueAsString(event));
            } catch (JsonProcessingException e) {
                out.println("{\"event\":\"error\",\"reason\":\"unencodable event\"}");
            }
            return;
        }
        out.println(human(event));
    }

    private static String human(Map<String, Object> e) {
        Object name = e.get("event");
        if ("network".equals(name) || "status".equals(name)) {
            StringBuilder b = new StringBuilder(String.valueOf(name));
            if ("status".equals(name)) {
                b.append(": role=").append(e.get("role")).append(" namespace=").append(e.get("namespace"));
            }
            List<?> peers = (List<?>) e.get("peers");
            b.append(" peers(").append(peers == null ? 0 : peers.size()).append(")");
            if (peers != null) {
                for (Object p : peers) {
                    Map<?, ?> m = (Map<?, ?>) p;
                    b.append("\n  ").append(m.get("name")).append("  ").append(m.get("discoveryId"));
                }
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder(String.valueOf(name)).append(':');
        e.forEach((k, v) -> {
            if (!"event".equals(k)) {
                b.append(' ').append(k).append('=').append(v);
            }
        });
        return b.toString();
    }

    /** Parses one stdin line. */
    public Command parse(String line) {
        if (line.length() > MAX_COMMAND_CHARS) {
            return new Bad("command too long");
        }
        String s = line.trim();
        if (!json && !s.startsWith("{")) {
            // Human mode: bare words.
            return switch (s) {
                case "status" -> new Status();
                case "quit", "exit" -> new Quit();
                default -> new Bad("unknown command (status, quit)");
            };
        }
        JsonNode n;
        try {
            n = PeerJsWire.JSON.readTree(s);
        } catch (JsonProcessingException e) {
            return new Bad("not JSON");
        }
        if (n == null || !n.isObject() || !n.path("cmd").isTextual()) {
            return new Bad("expected {\"cmd\": …}");
        }
        try {
            return switch (n.get("cmd").asText()) {
                case "status" -> new Status();
                case "quit" -> new Quit();
                case "contacts" -> new Contacts();
                case "history" -> new History(text(n, "contact"), n.has("limit") ? limit(n.get("limit")) : 50);
                case "request" -> new Contact(new ContactEvent.RequestContact(text(n, "discoveryId")));
                case "accept" -> new Contact(new ContactEvent.Answer(number(n, "request"), true));
                case "reject" -> new Contact(new ContactEvent.Answer(number(n, "request"), false));
                case "ping" -> new Contact(new ContactEvent.Ping(text(n, "contact")));
                case "hangup" -> new Contact(new ContactEvent.Hangup(text(n, "contact")));
                case "send" -> new Contact(new ContactEvent.SendText(text(n, "contact"), text(n, "text")));
                case "verify" -> new Contact(new ContactEvent.SetVerified(text(n, "contact"),
                    !n.has("verified") || n.get("verified").asBoolean(true)));
                case "special" -> new Special(new RendezvousEvent.MakeSpecial(text(n, "contact")));
                case "special-decline" -> new Special(new RendezvousEvent.DeclineSpecial(text(n, "contact")));
                case "special-end" -> new Special(new RendezvousEvent.EndSpecial(text(n, "contact")));
                case "pause" -> new Special(new RendezvousEvent.Pause(text(n, "contact"), true));
                case "resume" -> new Special(new RendezvousEvent.Pause(text(n, "contact"), false));
                case "rendezvous" -> new Rendezvous();
                case "new-transport-id" -> new RenewTransportId();
                default -> new Bad("unknown cmd");
            };
        } catch (IllegalArgumentException e) {
            return new Bad(e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        if (!n.path(field).isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return n.get(field).asText();
    }

    private static long number(JsonNode n, String field) {
        if (!n.path(field).isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be an integer");
        }
        return n.get(field).asLong();
    }

    private static int limit(JsonNode v) {
        if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > MAX_HISTORY) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_HISTORY);
        }
        return v.asInt();
    }

    /** Reads a line of at most {@link #MAX_COMMAND_CHARS} (+1, so the caller sees it is too long). */
    static String readBoundedLine(BufferedReader in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return b.toString();
            }
            if (b.length() <= MAX_COMMAND_CHARS) {
                b.append((char) c);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }
}
