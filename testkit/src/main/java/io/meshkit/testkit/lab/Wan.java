package io.meshkit.testkit.lab;

/**
 * The WAN segment: a namespace holding the bridge that every NAT's WAN leg plugs into, with the
 * "internet servers" address 203.0.113.1 (RFC 5737 TEST-NET-3) on it. Our servers (signaling,
 * STUN, HTTP) run here and listen on {@link #ADDRESS} or on all interfaces.
 */
public final class Wan extends Namespace {
    /** The servers' address on the WAN bridge. */
    public static final String ADDRESS = "203.0.113.1";

    Wan(String name) {
        super(name);
    }

    /** {@value #ADDRESS}. */
    public String address() {
        return ADDRESS;
    }
}
