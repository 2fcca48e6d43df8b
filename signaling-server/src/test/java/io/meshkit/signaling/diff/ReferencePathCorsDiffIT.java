package io.meshkit.signaling.diff;

import static io.meshkit.signaling.diff.DiffSupport.list;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both servers with {@code --path /myapp --cors http://a.example http://b.example --proxied}. */
class ReferencePathCorsDiffIT {
    private static DiffSupport diff;

    @BeforeAll
    static void start() {
        diff = new DiffSupport("path-cors-proxied", List.of("--path", "/myapp", "--cors", "http://a.example",
                "http://b.example", "--proxied"), null);
    }

    @AfterAll
    static void stop() {
        if (diff != null) {
            diff.close();
        }
    }

    @Test
    void restUnderPathWithCorsList() {
        diff.check("--path and --cors list: REST under the mount, allowed vs other origins, outside the mount", t -> list(
                t.http("GET", "/myapp", "Origin: http://b.example"),
                t.http("GET", "/myapp/", "Origin: http://evil.example"),
                t.http("GET", "/MyApp/k/id", "Origin: http://a.example", "X-Forwarded-For: 203.0.113.9"),
                t.http("GET", "/myapp/k/peers"),
                t.http("OPTIONS", "/myapp/k/id", "Origin: http://evil.example", "Access-Control-Request-Method: GET"),
                t.http("GET", "/", "Origin: http://a.example"),
                t.http("GET", "/peerjs/id"),
                t.http("GET", "/myappx/k/id")),
                "Access-Control-Allow-Origin: http://b.example", "Cannot GET /myappx/k/id");
    }

    @Test
    void webSocketUnderPath() {
        diff.check("--path: WebSocket at {path}/peerjs, not at /peerjs", t -> {
            try (WsProbe ok = t.open("/myapp/peerjs?key=peerjs&id=p-a&token=t", "p-a");
                 WsProbe root = t.open("/peerjs?key=peerjs&id=p-b&token=t", "p-b");
                 WsProbe caps = t.open("/MYAPP/peerjs?key=peerjs&id=p-c&token=t", "p-c")) {
                return list(ok.next(), ok.sync(), root.next(), caps.next());
            }
        }, "{\"type\":\"OPEN\"}", "http 400");
    }
}
