package io.meshkit.stun.core;

/**
 * Which of the (up to four) local sockets a request arrived on or a response leaves from: RFC 5780
 * §4 uses a primary and an alternate IP, each with a primary and an alternate port.
 *
 * @param altIp on the alternate IP address
 * @param altPort on the alternate port
 */
public record Endpoint(boolean altIp, boolean altPort) {
    /** The primary address and port: the only endpoint without RFC 5780. */
    public static final Endpoint PRIMARY = new Endpoint(false, false);
}
