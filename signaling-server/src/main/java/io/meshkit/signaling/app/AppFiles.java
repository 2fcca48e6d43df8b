package io.meshkit.signaling.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The browser app's files (mesh-web's {@code io/meshkit/web/app/}), read once from the class path at start and
 * held in memory: about 40 files and 400 KiB, so serving never touches the disk and a request cannot name
 * anything outside this set.
 */
public final class AppFiles {
    /** Where mesh-web puts the app on the class path. */
    public static final String ROOT = "io/meshkit/web/app/";
    /** More files, or larger ones, mean something other than the app is on the class path at {@link #ROOT}. */
    static final int MAX_FILES = 512;
    static final int MAX_FILE_BYTES = 512 * 1024;
    private static final int MIN_GZIP_BYTES = 512;

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("webmanifest", "application/manifest+json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("md", "text/plain; charset=utf-8"));

    private final Map<String, AppFile> files;
    private final String version;

    private AppFiles(Map<String, AppFile> files, String version) {
        this.files = files;
        this.version = version;
    }

    /** The app as packaged on this class loader's class path; throws when it is not there. */
    public static AppFiles load(ClassLoader loader) {
        URL index = loader.getResource(ROOT + "index.html");
        if (index == null) {
            throw new IllegalStateException("the browser app is not on the class path (" + ROOT + "index.html)");
        }
        try {
            URI uri = index.toURI();
            if (uri.getScheme().equals("jar")) {
                // jar:file:/…/signaling-server.jar!/io/meshkit/web/app/index.html: a private view of the jar,
                // closed after reading (never the JDK's shared one, which others may hold open).
                String spec = uri.getRawSchemeSpecificPart();
                int sep = spec.indexOf("!/");
                try (FileSystem fs = FileSystems.newFileSystem(Path.of(new URI(spec.substring(0, sep))))) {
                    return read(fs.getPath(spec.substring(sep + 1)).getParent());
                }
            }
            return read(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the browser app from " + index + ": " + e, e);
        }
    }

    /** The files below {@code root}, each under its path relative to it. */
    static AppFiles read(Path root) throws IOException {
        Map<String, AppFile> out = new TreeMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(Files::isRegularFile).sorted().toList();
        }
        if (paths.size() > MAX_FILES) {
            throw new IllegalStateException("more than " + MAX_FILES + " files under " + root);
        }
        MessageDigest all = sha256();
        for (Path p : paths) {
            String rel = root.relativize(p).toString().replace('\\', '/');
            if (Files.size(p) > MAX_FILE_BYTES) {
                throw new IllegalStateException(rel + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            byte[] body = Files.readAllBytes(p);
            String hash = HexFormat.of().formatHex(sha256().digest(body));
            all.update((rel + "\0" + hash + "\0").getBytes(StandardCharsets.UTF_8));
            out.put(rel, new AppFile(rel, body, gzip(body), type(rel), "\"" + hash.substring(0, 32) + "\"",
                    rel.startsWith("vendor/") ? AppFile.IMMUTABLE : AppFile.REVALIDATE));
        }
        return new AppFiles(Map.copyOf(out), HexFormat.of().formatHex(all.digest()).substring(0, 16));
    }

    /** The file at {@code path} (relative to the app's root, no leading slash). */
    public Optional<AppFile> get(String path) {
        return Optional.ofNullable(files.get(path));
    }

    /** A digest of every file's path and content: changes whenever any file does. */
    public String version() {
        return version;
    }

    /** How many files. */
    public int size() {
        return files.size();
    }

    /** The largest response body the app can make (a file, or its gzip copy when that is what is sent). */
    public int largestBody() {
        return files.values().stream().mapToInt(f -> f.body().length).max().orElse(0);
    }

    static String type(String path) {
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static byte[] gzip(byte[] body) {
        if (body.length < MIN_GZIP_BYTES) {
            return null;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(body.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.size() < body.length ? buf.toByteArray() : null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
