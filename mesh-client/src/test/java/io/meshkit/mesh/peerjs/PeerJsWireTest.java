package io.meshkit.mesh.peerjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PeerJsWireTest {
    @Test
    void shouldDecodeABrowserOffer() {
        String json = "{\"type\":\"OFFER\",\"src\":\"browser-1\",\"dst\":\"java-1\",\"payload\":{\"sdp\":{\"type\":\"offer\","
                + "\"sdp\":\"v=0\\r\\n\"},\"type\":\"data\",\"connectionId\":\"dc_abc\",\"label\":\"dc_abc\","
                + "\"reliable\":false,\"serialization\":\"binary\",\"metadata\":{\"k\":[1,2]}}}";
        SignalingMessage m = PeerJsWire.decode(json);
        assertThat(m).isInstanceOf(SignalingMessage.Offer.class);
        SignalingMessage.Offer o = (SignalingMessage.Offer) m;
        assertThat(o.src()).isEqualTo("browser-1");
        assertThat(o.payload().connectionId()).isEqualTo("dc_abc");
        assertThat(o.payload().serialization()).isEqualTo("binary");
        assertThat(o.payload().metadata()).isEqualTo(Map.of("k", java.util.List.of(1, 2)));
    }

    @Test
    void shouldDecodeACandidateAndServerMessages() {
        SignalingMessage c = PeerJsWire.decode("{\"type\":\"CANDIDATE\",\"src\":\"a\",\"payload\":{\"candidate\":"
                + "{\"candidate\":\"candidate:1 1 udp 1 198.18.0.2 5000 typ host\",\"sdpMLineIndex\":0,\"sdpMid\":\"0\"},"
                + "\"type\":\"data\",\"connectionId\":\"dc_x\"}}");
        assertThat(((SignalingMessage.Candidate) c).payload().candidate().sdpMid()).isEqualTo("0");
        assertThat(PeerJsWire.decode("{\"type\":\"OPEN\"}")).isInstanceOf(SignalingMessage.Open.class);
        assertThat(PeerJsWire.decode("{\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}"))
                .isInstanceOf(SignalingMessage.IdTaken.class);
        assertThat(PeerJsWire.decode("{\"type\":\"EXPIRE\",\"src\":\"x\"}")).isEqualTo(new SignalingMessage.Expire("x"));
    }

    @Test
    void shouldRejectMalformedMessagesAsValues() {
        assertThat(PeerJsWire.decode("nope")).isInstanceOf(SignalingMessage.Rejected.class);
        assertThat(PeerJsWire.decode("{\"type\":\"OFFER\",\"src\":\"a\",\"payload\":{}}"))
                .isInstanceOf(SignalingMessage.Rejected.class);
        assertThat(PeerJsWire.decode("{\"type\":\"LEAVE\"}")).isInstanceOf(SignalingMessage.Rejected.class);
        assertThat(PeerJsWire.decode("[".repeat(100))).isInstanceOf(SignalingMessage.Rejected.class);
        assertThat(PeerJsWire.decode("{\"type\":\"WHAT\"}")).isInstanceOf(SignalingMessage.Rejected.class);
    }

    @Test
    void shouldEncodeAnOfferWithPeerJsFields() throws Exception {
        String json = PeerJsWire.offer("dst-1", new SignalingMessage.OfferPayload(
                new SignalingMessage.SessionDescription("offer", "v=0"), "data", "dc_1", "dc_1", "json", true, null));
        var node = PeerJsWire.JSON.readTree(json);
        assertThat(node.get("type").asText()).isEqualTo("OFFER");
        assertThat(node.get("dst").asText()).isEqualTo("dst-1");
        assertThat(node.at("/payload/sdp/type").asText()).isEqualTo("offer");
        assertThat(node.at("/payload/serialization").asText()).isEqualTo("json");
        assertThat(node.at("/payload/label").asText()).isEqualTo("dc_1");
        assertThat(PeerJsWire.decode(json.replace("\"dst\"", "\"src\""))).isInstanceOf(SignalingMessage.Offer.class);
    }

    @Test
    void shouldBuildTheWebSocketUrlLikePeerJs() {
        SignalingEndpoint e = SignalingEndpoint.parse("https://0.peerjs.com", null);
        assertThat(e.webSocketUri("id-1", "tok").toString())
                .isEqualTo("wss://0.peerjs.com:443/peerjs?key=peerjs&id=id-1&token=tok&version=1.5.5");
        assertThat(SignalingEndpoint.parse("http://203.0.113.1:9000/app", "k").webSocketUri("a", "b").toString())
                .isEqualTo("ws://203.0.113.1:9000/app/peerjs?key=k&id=a&token=b&version=1.5.5");
        // With a beacon: where a page's PeerJS client puts it with key: 'k&beacon=' + beacon (PROTOCOL.md §13.3.4).
        assertThat(SignalingEndpoint.parse("http://203.0.113.1:9000/", "k").withBeacon("1.600.2.ab")
                .webSocketUri("b1-x", "t").toString())
                .isEqualTo("ws://203.0.113.1:9000/peerjs?key=k&beacon=1.600.2.ab&id=b1-x&token=t&version=1.5.5");
    }

    @Property(tries = 1000)
    void shouldNeverThrowOnArbitraryText(@ForAll String text) {
        assertThat(PeerJsWire.decode(text)).isNotNull();
    }
}
