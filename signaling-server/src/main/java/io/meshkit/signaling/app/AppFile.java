package io.meshkit.signaling.app;

/**
 * One file of the app as served: its bytes (and a gzip copy when that is smaller), its type, a strong
 * entity tag from its content, and how long caches may keep it.
 *
 * @param path         path below the app's mount ({@code index.html}, {@code js/app/main.js})
 * @param body         the file
 * @param gzip         the file gzip-compressed, or {@code null} when that would not be smaller
 * @param contentType  {@code Content-Type}
 * @param etag         strong entity tag of {@code body} ({@code gzip} is served as {@code etag-gz})
 * @param cacheControl {@code Cache-Control}
 */
public record AppFile(String path, byte[] body, byte[] gzip, String contentType, String etag, String cacheControl) {
    /** Revalidated on every use (a 304 when unchanged): the app's own files have no version in their names. */
    public static final String REVALIDATE = "no-cache";
    /** For files whose name carries their version (the vendored PeerJS): a new version is a new name. */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** True for an HTML page (served with the app's Content-Security-Policy). */
    public boolean html() {
        return contentType.startsWith("text/html");
    }
}
