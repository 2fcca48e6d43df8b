package io.meshkit.signaling.netty;

import static io.meshkit.signaling.netty.EmbeddedServer.frames;
import static io.meshkit.signaling.netty.EmbeddedServer.http;
import static io.meshkit.signaling.netty.EmbeddedServer.upgrade;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.beacon.Beacon;
import io.meshkit.beacon.BeaconSigner;
import io.meshkit.beacon.BeaconVectors;
import io.meshkit.beacon.Period;
import io.meshkit.signaling.beacon.AllowedOrigins;
import io.meshkit.signaling.beacon.BeaconOptions;
import io.meshkit.signaling.beacon.BeaconService;
import io.meshkit.signaling.core.RealmListener;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The beacon on the main port in our real pipeline: the header only for allowed origins, on /beacon and on every other
 * answer, exposed through CORS; /beacon/key; without beacon flags nothing changes; under --require-beacon a new
 * socket is refused with the PeerJS ERROR before the realm sees its ID, and counted.
 */
class BeaconHttpTest {
    /** A day: no period boundary falls between a request and the test's own signature. */
    private static final int DAY = 86_400;
    private static final BeaconSigner A = BeaconSigner.ofHex(BeaconVectors.A_D);
    private final List<RealmListener.Rejection> rejected = new ArrayList<>();
    private final RealmListener listener = new RealmListener() {
        @Override
        public void rejected(Rejection reason, String source) {
            rejected.add(reason);
        }
    };

    private EmbeddedChannel channel(boolean require, List<String> cors) {
        ServerOptions d = ServerOptions.defaults(0);
        ServerOptions o = new ServerOptions(null, 0, "/", d.realm(), false, false, cors, null, null, d.limits());
        BeaconService beacon = new BeaconService(new BeaconOptions(A,
                AllowedOrigins.of(List.of("https://app.example")), DAY, List.of(), require));
        return new EmbeddedServer(o, listener, beacon).channel();
    }

    private static String now() {
        return A.sign(Period.at(System.currentTimeMillis(), DAY)).text();
    }

    @Test
    void shouldGiveTheBeaconToTheAllowedOriginOnly() {
        EmbeddedChannel ch = channel(false, null);
        String res = http(ch, "POST /beacon HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n\r\n");
        assertThat(res).startsWith("HTTP/1.1 204").contains("X-Mesh-Beacon: " + now() + "\r\n")
                .contains("Access-Control-Allow-Origin: https://app.example\r\n")
                .contains("Access-Control-Expose-Headers: X-Mesh-Beacon\r\n").contains("Cache-Control: no-store");
        res = http(ch, "GET /beacon HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.evil.test\r\n\r\n");
        assertThat(res).startsWith("HTTP/1.1 204").doesNotContain("X-Mesh-Beacon").doesNotContain("Expose-Headers");
        res = http(ch, "GET /beacon HTTP/1.1\r\nHost: x\r\nOrigin: null\r\n\r\n");
        assertThat(res).doesNotContain("X-Mesh-Beacon");
        res = http(ch, "GET /beacon HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(res).doesNotContain("X-Mesh-Beacon");
        // every answer to an allowed origin carries it: the IP echo a page asks anyway
        res = http(ch, "GET /ip HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n\r\n");
        assertThat(res).startsWith("HTTP/1.1 200").contains("X-Mesh-Beacon: " + now() + "\r\n");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldLetTheBeaconOriginReadItWhenTheCorsListIsNarrower() {
        EmbeddedChannel ch = channel(false, List.of("https://other.example"));
        String res = http(ch, "GET /beacon HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n\r\n");
        assertThat(res).contains("Access-Control-Allow-Origin: https://app.example\r\n")
                .contains("X-Mesh-Beacon: ").contains("Vary: Origin");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldPublishTheKeys() {
        EmbeddedChannel ch = channel(false, null);
        String res = http(ch, "GET /beacon/key HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(res).startsWith("HTTP/1.1 200").contains("Access-Control-Allow-Origin: *")
                .endsWith("{\"keys\":[" + BeaconVectors.A_JWK + "],\"period\":" + DAY + "}");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldChangeNothingWithoutBeaconFlags() {
        EmbeddedChannel ch = new EmbeddedServer(ServerOptions.defaults(0)).channel();
        String res = http(ch, "GET /beacon HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n\r\n");
        assertThat(res).startsWith("HTTP/1.1 404").doesNotContain("X-Mesh-Beacon");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldRefuseAnIdWithoutTheCurrentBeaconLikeAnInvalidKey() {
        String beacon = now();
        String prefix = Beacon.parse(beacon).orElseThrow().prefix();
        EmbeddedChannel ok = channel(true, null);
        assertThat(upgrade(ok, "/peerjs?key=peerjs&beacon=" + beacon + "&id=" + prefix + "-a&token=t"))
                .startsWith("HTTP/1.1 101");
        assertThat(frames(ok)).containsExactly("msg {\"type\":\"OPEN\"}");
        ok.finishAndReleaseAll();

        String stale = A.sign(Period.at(System.currentTimeMillis(), DAY).previous().previous()).text();
        String[][] cases = {
            {"/peerjs?key=peerjs&id=mesh-a&token=t", "No beacon supplied"},
            {"/peerjs?key=peerjs&beacon=1.600.1.00&id=mesh-a&token=t", "Invalid beacon"},
            {"/peerjs?key=peerjs&beacon=" + beacon + "&id=mesh-a&token=t", "ID does not start with the beacon prefix"},
            {"/peerjs?key=peerjs&beacon=" + stale + "&id=" + Beacon.parse(stale).orElseThrow().prefix() + "-a&token=t",
                "Expired beacon"},
            {"/peerjs?key=peerjs&beacon=" + beacon.substring(0, beacon.length() - 2) + "00&id=" + prefix + "-a&token=t",
                "Invalid beacon signature"}};
        for (String[] c : cases) {
            EmbeddedChannel ch = channel(true, null);
            assertThat(upgrade(ch, c[0])).startsWith("HTTP/1.1 101");
            // Closed as after an invalid key: a Close frame without a status code, as the reference's ws.close().
            assertThat(frames(ch)).as(c[0]).containsExactly(
                    "msg {\"type\":\"ERROR\",\"payload\":{\"msg\":\"" + c[1] + "\"}}", "close -1");
            ch.finishAndReleaseAll();
        }
        assertThat(rejected).containsExactly(RealmListener.Rejection.BEACON_ABSENT,
                RealmListener.Rejection.BEACON_MALFORMED, RealmListener.Rejection.BEACON_PREFIX,
                RealmListener.Rejection.BEACON_EXPIRED, RealmListener.Rejection.BEACON_FORGED);
    }
}
