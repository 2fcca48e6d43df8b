package io.meshkit.signaling.netty;

import io.meshkit.beacon.BeaconGate;
import io.meshkit.signaling.beacon.BeaconService;
import io.meshkit.signaling.core.Outbound;
import io.meshkit.signaling.core.RealmListener;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The beacon on the main port (docs/PROTOCOL.md §13.3.3, §13.3.4): {@code GET|HEAD|POST /beacon} (an empty 204 that
 * exists for its headers), {@code GET|HEAD /beacon/key} (the JWK Set), the {@code X-Mesh-Beacon} header on every
 * response to an allowed origin, exposed through CORS, and the refusal of a new connection under
 * {@code --require-beacon}. The decisions are {@link BeaconService}'s; this class only speaks HTTP.
 */
final class BeaconHttp {
    static final String HEADER = "X-Mesh-Beacon";
    /** How long the keys may be cached: they change only when an operator changes them. */
    static final int KEYS_MAX_AGE_SECONDS = 300;

    /** Why a connection is refused: the {@code ERROR} text it gets and the reason it is counted under. */
    record Refusal(Outbound.ErrorText text, RealmListener.Rejection reason) {}

    private final BeaconService service;

    BeaconHttp(BeaconService service) {
        this.service = service;
    }

    /**
     * The answer to a beacon route, or null when {@code pathname} is none of them. {@code /beacon} follows the server's
     * CORS policy ({@code cors}) like its other routes, so another origin's page reads an answer without the header.
     */
    FullHttpResponse route(FullHttpRequest req, String pathname, Cors cors) {
        HttpMethod m = req.method();
        boolean get = m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD);
        if (pathname.equals("/beacon") && service.options().issuing() && (get || m.equals(HttpMethod.POST))) {
            FullHttpResponse res = ExpressResponses.empty(req, HttpResponseStatus.NO_CONTENT);
            cors.addSimple(req.headers(), res.headers());
            res.headers().set("Cache-Control", "no-store");
            return res;
        }
        if (pathname.equals("/beacon/key") && get) {
            return ExpressResponses.send(req, HttpResponseStatus.OK, ExpressResponses.JSON, service.keysJson(), h -> {
                h.add("Access-Control-Allow-Origin", "*");
                h.add("Cache-Control", "public, max-age=" + KEYS_MAX_AGE_SECONDS);
            });
        }
        return null;
    }

    /**
     * Adds the current beacon to {@code response} when {@code request} comes from an allowed origin, with what a page
     * needs to read it ({@code Access-Control-Allow-Origin} unless the CORS policy gave it already,
     * {@code Access-Control-Expose-Headers}, {@code Vary: Origin}). Other requests get nothing.
     */
    void decorate(HttpHeaders request, HttpHeaders response, long nowMillis) {
        String origin = request.get("Origin");
        String beacon = service.headerFor(origin, nowMillis);
        if (beacon == null) {
            return;
        }
        response.set(HEADER, beacon);
        if (!response.contains("Access-Control-Allow-Origin")) {
            response.set("Access-Control-Allow-Origin", origin);
        }
        response.add("Access-Control-Expose-Headers", HEADER);
        if (!response.containsValue("Vary", "Origin", true)) {
            response.add("Vary", "Origin");
        }
    }

    /** Whether a new connection for {@code id} presenting {@code beacon} is refused, and how; null when accepted. */
    Refusal refusal(String id, String beacon, long nowMillis) {
        BeaconGate.Verdict v = service.check(id, beacon, nowMillis);
        return switch (v) {
            case ACCEPTED -> null;
            case ABSENT -> new Refusal(Outbound.ErrorText.BEACON_ABSENT, RealmListener.Rejection.BEACON_ABSENT);
            case MALFORMED -> new Refusal(Outbound.ErrorText.BEACON_INVALID, RealmListener.Rejection.BEACON_MALFORMED);
            case EXPIRED -> new Refusal(Outbound.ErrorText.BEACON_EXPIRED, RealmListener.Rejection.BEACON_EXPIRED);
            case NOT_YET_VALID -> new Refusal(Outbound.ErrorText.BEACON_NOT_YET_VALID,
                    RealmListener.Rejection.BEACON_EARLY);
            case WRONG_PREFIX -> new Refusal(Outbound.ErrorText.BEACON_PREFIX, RealmListener.Rejection.BEACON_PREFIX);
            case FORGED -> new Refusal(Outbound.ErrorText.BEACON_SIGNATURE, RealmListener.Rejection.BEACON_FORGED);
        };
    }
}
