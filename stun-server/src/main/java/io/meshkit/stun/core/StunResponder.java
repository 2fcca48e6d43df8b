package io.meshkit.stun.core;

import io.meshkit.stun.core.ResponseAttribute.ErrorCode;
import io.meshkit.stun.core.ResponseAttribute.Fingerprint;
import io.meshkit.stun.core.ResponseAttribute.MappedAddress;
import io.meshkit.stun.core.ResponseAttribute.OtherAddress;
import io.meshkit.stun.core.ResponseAttribute.ResponseOrigin;
import io.meshkit.stun.core.ResponseAttribute.Software;
import io.meshkit.stun.core.ResponseAttribute.UnknownAttributes;
import io.meshkit.stun.core.ResponseAttribute.XorMappedAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sans-IO STUN Binding responder: one received packet (bytes, source, local endpoint, time)
 * in, one {@link Outcome} out. Keeps no per-request state; the only state is the bounded
 * {@link RateLimiter}. Thread-safe.
 */
public final class StunResponder {
    /**
     * Reason phrase of the 420 response. RFC 8489 §14.8 leaves the phrase free ("meant for
     * diagnostic purposes"); an empty one keeps the error response small (amplification).
     */
    public static final String UNKNOWN_ATTRIBUTE_REASON = "";

    private final ResponderConfig config;
    private final StunEncoder encoder;
    private final Optional<RateLimiter> rateLimiter;

    /** @param rateLimiter empty to answer every valid request */
    public StunResponder(ResponderConfig config, StunEncoder encoder, Optional<RateLimiter> rateLimiter) {
        this.config = config;
        this.encoder = encoder;
        this.rateLimiter = rateLimiter;
    }

    /** The configuration in force. */
    public ResponderConfig config() {
        return config;
    }

    /**
     * Decides the answer to {@code len} bytes of {@code buf} at {@code off}, received from
     * {@code source} over {@code transport} on local endpoint {@code arrivedOn} at {@code nowMillis}.
     */
    public Outcome handle(byte[] buf, int off, int len, InetSocketAddress source, Transport transport,
                          Endpoint arrivedOn, long nowMillis) {
        if (source == null || source.getAddress() == null || source.getPort() == 0
                || source.getAddress().isAnyLocalAddress() || source.getAddress().isMulticastAddress()) {
            return new Outcome.Drop(DropReason.BAD_SOURCE);
        }
        boolean changeUnderstood = config.rfc5780().isPresent() && transport == Transport.UDP;
        Parsed parsed = RequestParser.parse(buf, off, len, new ParsePolicy(config.rfc3489(), changeUnderstood));
        if (parsed instanceof Parsed.Rejected rejected) {
            return new Outcome.Drop(rejected.reason());
        }
        Parsed.BindingRequest request = (Parsed.BindingRequest) parsed;
        if (rateLimiter.isPresent() && !rateLimiter.get().tryAcquire(source.getAddress(), nowMillis)) {
            return new Outcome.Drop(DropReason.RATE_LIMITED);
        }
        if (!request.unknownRequired().isEmpty()) {
            return new Outcome.Reply(encoder.encode(unknownAttributes(request)), arrivedOn, source);
        }
        Endpoint from = changeUnderstood
                ? new Endpoint(arrivedOn.altIp() ^ request.changeIp(), arrivedOn.altPort() ^ request.changePort())
                : arrivedOn;
        InetSocketAddress to = changeUnderstood && request.responsePort() != 0
                ? new InetSocketAddress(source.getAddress(), request.responsePort())
                : source;
        return new Outcome.Reply(encoder.encode(success(request, source, changeUnderstood, arrivedOn, from)), from, to);
    }

    private ResponseSpec success(Parsed.BindingRequest request, InetSocketAddress source, boolean rfc5780,
                                 Endpoint arrivedOn, Endpoint from) {
        List<ResponseAttribute> attrs = new ArrayList<>(6);
        if (request.rfc3489()) {
            // RFC 3489 §11.2.1: such clients read MAPPED-ADDRESS; they cannot decode XOR-MAPPED-ADDRESS.
            attrs.add(new MappedAddress(source));
        } else {
            attrs.add(new XorMappedAddress(source));
            if (config.mappedAddress()) {
                attrs.add(new MappedAddress(source));
            }
            // Over TCP only the primary endpoint listens, so RFC 5780 attributes are UDP-only.
            config.rfc5780().filter(a -> rfc5780).ifPresent(a -> {
                // RFC 5780 §7.3/§7.4: where this response comes from, and the address with both
                // IP and port different from the one the request arrived on.
                attrs.add(new ResponseOrigin(a.address(from)));
                attrs.add(new OtherAddress(a.address(new Endpoint(!arrivedOn.altIp(), !arrivedOn.altPort()))));
            });
        }
        config.software().ifPresent(s -> attrs.add(new Software(s)));
        if (request.fingerprint()) {
            attrs.add(new Fingerprint());
        }
        return new ResponseSpec(StunWire.BINDING_SUCCESS, request.transactionId(), attrs);
    }

    private ResponseSpec unknownAttributes(Parsed.BindingRequest request) {
        List<ResponseAttribute> attrs = new ArrayList<>(4);
        attrs.add(new ErrorCode(StunWire.ERROR_UNKNOWN_ATTRIBUTE, UNKNOWN_ATTRIBUTE_REASON));
        attrs.add(new UnknownAttributes(request.unknownRequired().stream().mapToInt(Integer::intValue).toArray()));
        config.software().ifPresent(s -> attrs.add(new Software(s)));
        if (request.fingerprint()) {
            attrs.add(new Fingerprint());
        }
        return new ResponseSpec(StunWire.BINDING_ERROR, request.transactionId(), attrs);
    }
}
