package io.meshkit.signaling.netty;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Netty strips {@code Content-Length} from 204 responses; Node keeps the {@code Content-Length: 0}
 * that the reference's CORS preflight sets, and clients can see it, so it stays.
 */
final class NodeStyleResponseEncoder extends HttpResponseEncoder {
    @Override
    protected void sanitizeHeadersBeforeEncode(HttpResponse msg, boolean isAlwaysEmpty) {
        if (msg.status().code() == HttpResponseStatus.NO_CONTENT.code()) {
            return;
        }
        super.sanitizeHeadersBeforeEncode(msg, isAlwaysEmpty);
    }
}
