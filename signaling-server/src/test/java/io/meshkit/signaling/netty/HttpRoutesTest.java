package io.meshkit.signaling.netty;

import static io.meshkit.signaling.netty.EmbeddedServer.http;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** HTTP routes of ours that the reference lacks, and request limits. */
class HttpRoutesTest {
    @Test
    void shouldAnswerHealthOutsideTheMount() {
        ServerOptions o = ServerOptions.defaults(0);
        o = new ServerOptions(null, 0, "/myapp", o.realm(), false, false, null, null, null, o.limits());
        EmbeddedChannel ch = new EmbeddedServer(o).channel();
        String res = http(ch, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(res).startsWith("HTTP/1.1 200 OK").contains("Content-Type: text/plain; charset=utf-8").endsWith("\r\n\r\nok");
        ch.finishAndReleaseAll();
    }

    @Test
    void shouldRefuseAnOversizedRequestBody() {
        EmbeddedChannel ch = new EmbeddedServer(ServerOptions.defaults(0)).channel();
        String res = http(ch, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
        assertThat(res).startsWith("HTTP/1.1 413");
        ch.finishAndReleaseAll();
    }
}
