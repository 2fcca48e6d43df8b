package io.meshkit.signaling.netty;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * The reference's CORS, npm {@code cors@2.8.5} with {@code origin: true} (reflect any origin) or,
 * with {@code --cors}, {@code origin: [list]} (reflect only listed origins, exact match). Every
 * response gets {@code Vary: Origin}; an allowed request origin is echoed in
 * {@code Access-Control-Allow-Origin}. Any {@code OPTIONS} is a preflight answered 204.
 */
final class Cors {
    /** cors' default {@code methods}. */
    static final String ALLOW_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE";

    private final List<String> origins;

    /** {@code origins == null}: reflect every origin. */
    Cors(List<String> origins) {
        this.origins = origins;
    }

    /** The origin to echo, or {@code null}. */
    String allowedOrigin(HttpHeaders request) {
        String origin = request.get("Origin");
        if (origin == null) {
            return null;
        }
        return origins == null || origins.contains(origin) ? origin : null;
    }

    /** Adds the headers of a simple (non-preflight) response, in the reference's order. */
    void addSimple(HttpHeaders request, HttpHeaders response) {
        String o = allowedOrigin(request);
        if (o != null) {
            response.add("Access-Control-Allow-Origin", o);
        }
        response.add("Vary", "Origin");
    }

    /** Adds the headers of a preflight response. */
    void addPreflight(HttpHeaders request, HttpHeaders response) {
        String o = allowedOrigin(request);
        if (o != null) {
            response.add("Access-Control-Allow-Origin", o);
        }
        response.add("Vary", "Origin, Access-Control-Request-Headers");
        response.add("Access-Control-Allow-Methods", ALLOW_METHODS);
        String requested = request.get("Access-Control-Request-Headers");
        if (requested != null && !requested.isEmpty()) {
            response.add("Access-Control-Allow-Headers", requested);
        }
    }
}
