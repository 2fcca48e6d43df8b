package io.meshkit.signaling.cluster;

import io.lettuce.core.SslOptions;

/**
 * TLS to Redis ({@code rediss://}): Lettuce verifies the server's certificate and host name against
 * the JVM's trust store, or against the CA certificates of {@link ClusterOptions#redisCa()} (a
 * private CA, as Redis deployments usually have).
 */
final class RedisTls {
    private RedisTls() {}

    static SslOptions sslOptions(ClusterOptions options) {
        SslOptions.Builder b = SslOptions.builder().jdkSslProvider();
        if (options.redisCa() != null) {
            b.trustManager(options.redisCa().toFile());
        }
        return b.build();
    }
}
