package io.meshkit.signaling.diff;

import static io.meshkit.signaling.diff.DiffSupport.list;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reference and ours with only {@code --port}: the wire protocol and REST API on defaults. */
class ReferenceDefaultsDiffIT {
    private static DiffSupport diff;

    @BeforeAll
    static void start() {
        diff = new DiffSupport("defaults", List.of(), null);
    }

    @AfterAll
    static void stop() {
        if (diff != null) {
            diff.close();
        }
    }

    @Test
    void restInfoIdPeersAnd404() {
        diff.check("REST: GET / info, /peerjs/id, /peerjs/peers 401, 404 pages, HEAD, case and trailing slash", t -> list(
                t.http("GET", "/"),
                t.http("HEAD", "/"),
                t.http("GET", "/peerjs/id"),
                t.http("GET", "/PEERJS/ID/?x=1"),
                t.http("GET", "/anykey/peers"),
                t.http("GET", "/peerjs"),
                t.http("GET", "/nope/a/b?q=<x>"),
                t.http("GET", "/a%20b/c"),
                t.http("POST", "/peerjs/id"),
                t.http("DELETE", "/")),
                "application/json; charset=utf-8", "Cannot GET /nope/a/b", "401 Unauthorized", "<uuid>");
    }

    @Test
    void restCorsReflectsAnyOriginAndAnswersPreflight() {
        diff.check("REST: CORS reflect-any default and preflight", t -> list(
                t.http("GET", "/", "Origin: http://o.example"),
                t.http("GET", "/peerjs/peers", "Origin: http://o.example"),
                t.http("GET", "/missing/x/y", "Origin: http://o.example"),
                t.http("OPTIONS", "/peerjs/id", "Origin: http://o.example", "Access-Control-Request-Method: GET",
                        "Access-Control-Request-Headers: x-a, content-type"),
                t.http("OPTIONS", "/anything"),
                t.http("GET", "/", "If-None-Match: W/\"8c-OP0zOSq0rX5Ungn973BP6obbpvw\"")),
                "Access-Control-Allow-Origin: http://o.example", "204 No Content", "304 Not Modified");
    }

    @Test
    void openAndRefusals() {
        diff.check("WS: OPEN; missing id/token/key; invalid key; wrong path; handshake without key", t -> {
            try (WsProbe ok = t.open("/peerjs?key=peerjs&id=open-a&token=t1", "open-a");
                 WsProbe noId = t.open("/peerjs?key=peerjs&token=t1", "x");
                 WsProbe noToken = t.open("/peerjs?key=peerjs&id=open-b", "x");
                 WsProbe noKey = t.open("/peerjs?id=open-c&token=t", "x");
                 WsProbe emptyId = t.open("/peerjs?key=peerjs&id=&token=t", "x");
                 WsProbe badKey = t.open("/peerjs?key=nope&id=open-d&token=t", "x");
                 WsProbe badPath = t.open("/peerjs/?key=peerjs&id=open-e&token=t", "x");
                 WsProbe rootPath = t.open("/?key=peerjs&id=open-f&token=t", "x")) {
                return list("ok", ok.next(), "noId", noId.until("close", WsProbe.WAIT), "noToken",
                        noToken.until("close", WsProbe.WAIT), "noKey", noKey.until("close", WsProbe.WAIT),
                        "emptyId", emptyId.until("close", WsProbe.WAIT), "badKey", badKey.until("close", WsProbe.WAIT),
                        "badPath", badPath.next(), "rootPath", rootPath.next(),
                        "upgradeWithoutKey", t.http("GET", "/peerjs?key=peerjs&id=x&token=y", "Upgrade: websocket",
                                "Connection: Upgrade", "Sec-WebSocket-Version: 13"),
                        "upgradeBadVersion", t.http("GET", "/peerjs?key=peerjs&id=x&token=y", "Upgrade: websocket",
                                "Connection: Upgrade", "Sec-WebSocket-Version: 7",
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="));
            }
        }, "{\"type\":\"OPEN\"}", "No id, token, or key supplied to websocket server", "Invalid key provided",
                "close 1005", "http 400");
    }

    @Test
    void idTakenAndReattachWithSameToken() {
        // What happens to the replaced socket differs on purpose (ours tells it and closes it; the
        // reference leaves it open and speaking for the ID; docs/SIGNALING.md): its transcript is not
        // compared here. ImpersonationAttackIT and RealmBoundsTest cover ours.
        diff.check("WS: ID-TAKEN for another token; same token re-attaches without OPEN and receives for the ID", t -> {
            try (WsProbe a = t.client("peerjs", "take-a", "tok");
                 WsProbe peer = t.client("peerjs", "take-p", "tp");
                 WsProbe thief = t.open("/peerjs?key=peerjs&id=take-a&token=other", "x")) {
                List<String> stolen = thief.until("close", WsProbe.WAIT);
                try (WsProbe again = t.open("/peerjs?key=peerjs&id=take-a&token=tok", "take-a")) {
                    // The new socket gets no OPEN; prove it is attached by messaging the ID.
                    peer.send("{\"type\":\"OFFER\",\"dst\":\"take-a\",\"payload\":{\"n\":1}}");
                    List<String> newGets = again.until("msg", WsProbe.WAIT);
                    // The new socket speaks for take-a, and a message to the ID reaches it.
                    again.send("{\"type\":\"ANSWER\",\"dst\":\"take-p\",\"payload\":{\"n\":2}}");
                    List<String> peerGets = peer.until("msg", WsProbe.WAIT);
                    List<String> newSelf = again.sync();
                    return list("thief", stolen, "new socket", newGets, newSelf, "peer", peerGets);
                }
            }
        }, "{\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}",
                "{\"type\":\"OFFER\",\"src\":\"take-p\",\"dst\":\"take-a\",\"payload\":{\"n\":1}}",
                "{\"type\":\"ANSWER\",\"src\":\"take-a\",\"dst\":\"take-p\",\"payload\":{\"n\":2}}");
    }

    @Test
    void relayStampsSrcAndKeepsOnlyTypeSrcDstPayload() {
        diff.check("WS: relay of OFFER/ANSWER/CANDIDATE/LEAVE/EXPIRE with src stamped, extra fields dropped", t -> {
            try (WsProbe a = t.client("peerjs", "rel-a", "ta"); WsProbe b = t.client("peerjs", "rel-b", "tb")) {
                // Fields in any order; b's barrier makes sure the server handled it before a goes on
                // (the server orders messages per socket, not across sockets).
                b.send("{\"payload\":{\"sdp\":\"x\"},\"dst\":\"rel-a\",\"type\":\"ANSWER\"}");
                List<String> bBefore = b.sync();
                a.send("{\"type\":\"OFFER\",\"src\":\"forged\",\"dst\":\"rel-b\",\"extra\":1,\"payload\":{\"sdp\":\"v=0\\r\\n\",\"type\":\"offer\",\"connectionId\":\"dc_1\",\"browser\":\"chrome\",\"label\":\"l\",\"reliable\":true,\"serialization\":\"binary\",\"metadata\":{\"k\":[1,2.5,null,\"é\"]}}}");
                a.send("{\"type\":\"CANDIDATE\",\"dst\":\"rel-b\",\"payload\":{\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 198.18.0.1 5000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0},\"type\":\"data\",\"connectionId\":\"dc_1\"}}");
                a.send("{\"type\":\"CANDIDATE\",\"dst\":\"rel-b\"}");
                a.send("{\"type\":\"CANDIDATE\",\"dst\":\"rel-b\",\"payload\":null}");
                a.send("{\"type\":\"CANDIDATE\",\"dst\":\"rel-b\",\"payload\":\"s\\\"q\\u00e9\"}");
                a.send("{\"type\":\"CANDIDATE\",\"dst\":\"rel-b\",\"payload\":[1,{\"a\":{}}]}");
                a.send("{\"type\":\"EXPIRE\",\"dst\":\"rel-b\"}");
                a.send("{\"type\":\"OFFER\",\"type\":\"ANSWER\",\"dst\":\"rel-x\",\"dst\":\"rel-b\",\"payload\":1,\"payload\":2}");
                a.sendBinary("{\"type\":\"OFFER\",\"dst\":\"rel-b\",\"payload\":\"binary frame\"}");
                a.send("{\"type\":\"LEAVE\",\"dst\":\"rel-b\",\"payload\":{\"why\":\"bye\"}}");
                List<String> toA = a.sync();
                List<String> toB = b.sync();
                return list("b before", bBefore, "a got", toA, "b got", toB);
            }
        }, "\"src\":\"rel-a\",\"dst\":\"rel-b\"", "\"type\":\"LEAVE\"");
    }

    @Test
    void ignoredInputKeepsTheConnection() {
        diff.check("WS: unknown/missing type, no dst, invalid JSON, arrays, primitives, HEARTBEAT, OPEN from client: no answer, socket stays", t -> {
            try (WsProbe a = t.client("peerjs", "ign-a", "ta"); WsProbe b = t.client("peerjs", "ign-b", "tb")) {
                for (String s : List.of("{\"type\":\"HELLO\",\"dst\":\"ign-b\"}", "{\"dst\":\"ign-b\"}",
                        "{\"type\":\"OFFER\"}", "{\"type\":\"OFFER\",\"dst\":\"\"}", "{\"type\":\"OFFER\",\"dst\":null}",
                        "not json", "{\"type\":\"OFFER\",", "[1,2]", "42", "null", "\"OFFER\"",
                        "{\"type\":\"HEARTBEAT\"}", "{\"type\":\"OPEN\",\"dst\":\"ign-b\"}",
                        "{\"type\":\"offer\",\"dst\":\"ign-b\"}", "{\"type\":\"ID-TAKEN\",\"dst\":\"ign-b\"}",
                        "{\"type\":\"OFFER\",\"dst\":\"ign-b\"} trailing", "{\"type\":\"LEAVE\",\"dst\":\"ign-absent\"}",
                        "{\"type\":\"EXPIRE\",\"dst\":\"ign-absent\"}")) {
                    a.send(s);
                }
                return list("a", a.sync(), "b", b.sync());
            }
        }, "a", "b");
    }

    @Test
    void queuedMessagesAreDeliveredAfterOpen() {
        diff.check("WS: messages to an absent ID are queued and delivered after its OPEN, in order", t -> {
            try (WsProbe a = t.client("peerjs", "q-a", "ta")) {
                a.send("{\"type\":\"OFFER\",\"dst\":\"q-late\",\"payload\":{\"n\":1}}");
                a.send("{\"type\":\"CANDIDATE\",\"dst\":\"q-late\",\"payload\":{\"n\":2}}");
                a.send("{\"type\":\"LEAVE\",\"dst\":\"q-late\"}");
                a.sync();
                try (WsProbe late = t.open("/peerjs?key=peerjs&id=q-late&token=tl", "q-late")) {
                    return list("late", late.next(), late.next(), late.next(), late.sync(), "a", a.sync());
                }
            }
        }, "{\"type\":\"OPEN\"}", "\"payload\":{\"n\":2}");
    }

    @Test
    void closeAndLeaveWithoutDstReleaseTheId() {
        diff.check("WS: closing the socket frees the ID at once; LEAVE without dst frees it too", t -> {
            WsProbe a = t.client("peerjs", "rel-close", "t1");
            a.closeNormally();
            String reclaimed = claimWithin(t, "rel-close", "t2");
            try (WsProbe b = t.client("peerjs", "rel-leave", "t1")) {
                // (No barrier on b here: its own ID is gone, so a message to itself would wait in a queue.)
                b.send("{\"type\":\"LEAVE\"}");
                String afterLeave = claimWithin(t, "rel-leave", "t9");
                a.close();
                return list(a.until("close", WsProbe.WAIT), "reclaimed after close", reclaimed,
                        "claimed after LEAVE", afterLeave);
            }
        }, "reclaimed after close", "msg {\"type\":\"OPEN\"}");
    }

    /** Polls (bounded) until another token gets OPEN for {@code id}; the server processes a close asynchronously. */
    static String claimWithin(DiffSupport.Target t, String id, String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String last = "never tried";
        while (System.nanoTime() < deadline) {
            try (WsProbe p = t.open("/peerjs?key=peerjs&id=" + id + "&token=" + token, id)) {
                last = p.next();
                if (last.equals("msg {\"type\":\"OPEN\"}")) {
                    return last;
                }
            }
        }
        return last;
    }
}
