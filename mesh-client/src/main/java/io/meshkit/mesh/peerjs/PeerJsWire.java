package io.meshkit.mesh.peerjs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshkit.mesh.peerjs.SignalingMessage.AnswerPayload;
import io.meshkit.mesh.peerjs.SignalingMessage.CandidatePayload;
import io.meshkit.mesh.peerjs.SignalingMessage.IceCandidate;
import io.meshkit.mesh.peerjs.SignalingMessage.OfferPayload;
import io.meshkit.mesh.peerjs.SignalingMessage.SessionDescription;

/**
 * The JSON text of the PeerJS signaling protocol (peerjs 1.5.5 {@code socket.ts}, {@code negotiator.ts};
 * peerjs-server 1.0.2): decoding what the server sends, encoding what we send.
 */
public final class PeerJsWire {
    /** Largest WebSocket text message accepted from the server. */
    public static final int MAX_FRAME_CHARS = 256 * 1024;
    /** JSON nesting limit (signaling messages nest 3 deep; metadata may add a few). */
    public static final int MAX_NESTING = 32;

    /** A mapper whose parser refuses oversized documents, strings and nesting. */
    public static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_FRAME_CHARS)
                    .maxStringLength(MAX_FRAME_CHARS)
                    .maxNestingDepth(MAX_NESTING)
                    .maxNumberLength(64)
                    .build())
            .build());

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PeerJsWire() {}

    /** Decodes one text frame from the server. Never throws for bad input. */
    public static SignalingMessage decode(String text) {
        if (text.length() > MAX_FRAME_CHARS) {
            return new SignalingMessage.Rejected("frame longer than " + MAX_FRAME_CHARS + " characters");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new SignalingMessage.Rejected("not JSON within limits");
        }
        if (root == null || !root.isObject() || !root.path("type").isTextual()) {
            return new SignalingMessage.Rejected("not an object with a string type");
        }
        String type = root.get("type").asText();
        JsonNode payload = root.path("payload");
        try {
            return switch (type) {
                case "OPEN" -> new SignalingMessage.Open();
                case "ID-TAKEN" -> new SignalingMessage.IdTaken();
                case "INVALID-KEY" -> new SignalingMessage.InvalidKey();
                case "ERROR" -> new SignalingMessage.ServerError(truncate(payload.path("msg").asText(""), 200));
                case "LEAVE" -> new SignalingMessage.Leave(src(root));
                case "EXPIRE" -> new SignalingMessage.Expire(src(root));
                case "OFFER" -> new SignalingMessage.Offer(src(root), offer(payload));
                case "ANSWER" -> new SignalingMessage.Answer(src(root), answer(payload));
                case "CANDIDATE" -> new SignalingMessage.Candidate(src(root), candidate(payload));
                default -> new SignalingMessage.Rejected("unknown message type");
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            return new SignalingMessage.Rejected(type + ": " + e.getMessage());
        }
    }

    private static String src(JsonNode root) {
        JsonNode src = root.get("src");
        if (src == null || !src.isTextual() || src.asText().isEmpty()
                || src.asText().length() > SignalingMessage.MAX_ID_CHARS) {
            throw new IllegalArgumentException("src missing or too long");
        }
        return src.asText();
    }

    private static OfferPayload offer(JsonNode p) {
        JsonNode metadata = p.get("metadata");
        return new OfferPayload(sdp(p.path("sdp")), text(p, "type"), text(p, "connectionId"),
                optText(p, "label"), optText(p, "serialization"), p.path("reliable").asBoolean(false),
                metadata == null || metadata.isNull() ? null : JSON.convertValue(metadata, Object.class));
    }

    private static AnswerPayload answer(JsonNode p) {
        return new AnswerPayload(sdp(p.path("sdp")), optText(p, "type"), text(p, "connectionId"));
    }

    private static CandidatePayload candidate(JsonNode p) {
        JsonNode c = p.path("candidate");
        if (!c.isObject()) {
            throw new IllegalArgumentException("payload.candidate is not an object");
        }
        IceCandidate ice = new IceCandidate(text(c, "candidate"), c.path("sdpMLineIndex").asInt(0),
                optText(c, "sdpMid"), optText(c, "usernameFragment"));
        return new CandidatePayload(ice, optText(p, "type"), text(p, "connectionId"));
    }

    private static SessionDescription sdp(JsonNode s) {
        if (!s.isObject()) {
            throw new IllegalArgumentException("payload.sdp is not an object");
        }
        return new SessionDescription(text(s, "type"), text(s, "sdp"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return v.asText();
    }

    private static String optText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    // ------------------------------------------------------------------ encoding

    /** {@code {"type":"HEARTBEAT"}}, sent every 5 s (socket.ts {@code pingInterval}). */
    public static String heartbeat() {
        return "{\"type\":\"HEARTBEAT\"}";
    }

    /** An {@code OFFER} for a DataConnection, with the payload fields of negotiator {@code _makeOffer}. */
    public static String offer(String dst, OfferPayload p) {
        ObjectNode payload = NODES.objectNode();
        payload.set("sdp", sdpNode(p.sdp()));
        payload.put("type", p.type());
        payload.put("connectionId", p.connectionId());
        payload.set("metadata", JSON.valueToTree(p.metadata()));
        payload.put("label", p.label());
        payload.put("reliable", p.reliable());
        payload.put("serialization", p.serialization());
        return envelope("OFFER", dst, payload);
    }

    /** An {@code ANSWER}: {@code {sdp, type, connectionId}} (negotiator {@code _makeAnswer}). */
    public static String answer(String dst, AnswerPayload p) {
        ObjectNode payload = NODES.objectNode();
        payload.set("sdp", sdpNode(p.sdp()));
        payload.put("type", p.type());
        payload.put("connectionId", p.connectionId());
        return envelope("ANSWER", dst, payload);
    }

    /** A {@code CANDIDATE}: {@code {candidate: {candidate, sdpMLineIndex, sdpMid}, type, connectionId}}. */
    public static String candidate(String dst, CandidatePayload p) {
        ObjectNode c = NODES.objectNode();
        c.put("candidate", p.candidate().candidate());
        c.put("sdpMLineIndex", p.candidate().sdpMLineIndex());
        c.put("sdpMid", p.candidate().sdpMid());
        if (p.candidate().usernameFragment() != null) {
            c.put("usernameFragment", p.candidate().usernameFragment());
        }
        ObjectNode payload = NODES.objectNode();
        payload.set("candidate", c);
        payload.put("type", p.type());
        payload.put("connectionId", p.connectionId());
        return envelope("CANDIDATE", dst, payload);
    }

    /** A {@code LEAVE} to {@code dst} (the server relays it; PeerJS closes connections with us). */
    public static String leave(String dst) {
        ObjectNode root = NODES.objectNode();
        root.put("type", "LEAVE");
        root.put("dst", dst);
        return root.toString();
    }

    private static ObjectNode sdpNode(SessionDescription sdp) {
        ObjectNode n = NODES.objectNode();
        n.put("type", sdp.type());
        n.put("sdp", sdp.sdp());
        return n;
    }

    private static String envelope(String type, String dst, ObjectNode payload) {
        ObjectNode root = NODES.objectNode();
        root.put("type", type);
        root.set("payload", payload);
        root.put("dst", dst);
        return root.toString();
    }
}
