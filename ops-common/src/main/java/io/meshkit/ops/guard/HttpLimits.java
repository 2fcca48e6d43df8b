package io.meshkit.ops.guard;

/**
 * What one HTTP/1.1 client may make a server hold, for {@link HttpGuards}.
 *
 * @param requestTimeoutMillis a request (line, headers, body) must arrive whole within this long of its first byte
 * @param idleSeconds a connection with nothing read or written for this long is closed
 * @param maxPipelined requests that may wait behind the one being answered; more close the connection
 * @param maxUnwrittenBytes response bytes waiting for the peer to read them beyond which the connection is closed
 */
public record HttpLimits(long requestTimeoutMillis, int idleSeconds, int maxPipelined, long maxUnwrittenBytes) {
    /** Default request deadline: a request here is a line and a few headers, sent at once by any real client. */
    public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 10_000;
    /**
     * Default pipelining allowance: browsers do not pipeline, and curl, Go and Java clients wait for
     * each answer; a few allow the odd client that does, without letting one hold many requests.
     */
    public static final int DEFAULT_MAX_PIPELINED = 8;

    public HttpLimits {
        if (requestTimeoutMillis < 1 || idleSeconds < 1 || maxPipelined < 0 || maxUnwrittenBytes < 1) {
            throw new IllegalArgumentException("HTTP limits: request timeout >= 1 ms, idle >= 1 s, pipelined >= 0,"
                    + " unwritten bytes >= 1");
        }
    }
}
