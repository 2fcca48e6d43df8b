package io.meshkit.mesh.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The client's data directory. It holds the discovery UUID, generated once and reused on every
 * start, so a restarted client keeps its Discovery ID (and others recognise it by UUID).
 */
public final class DataDir {
    /** File holding the discovery UUID (one line). */
    public static final String DISCOVERY_UUID_FILE = "discovery-uuid";
    /** What a stored UUID must look like: a PeerJS ID part (hex and dashes here). */
    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}");

    private final Path dir;

    public DataDir(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    /** The persisted discovery UUID; created (atomically) on first use. */
    public String discoveryUuid() throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(DISCOVERY_UUID_FILE);
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!UUID_SHAPE.matcher(stored).matches()) {
                throw new IOException(file + " does not hold a UUID; remove it to generate a new one");
            }
            return stored;
        }
        String uuid = UUID.randomUUID().toString();
        Path tmp = Files.createTempFile(dir, DISCOVERY_UUID_FILE, ".tmp");
        Files.writeString(tmp, uuid + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return uuid;
    }
}
