package io.meshkit.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The process's Prometheus registry: Micrometer's {@code micrometer-registry-prometheus} (on the
 * Prometheus Java client 1.x; the older {@code -simpleclient} registry is deprecated) with the
 * JVM and process binders. {@link #scrape()} renders the text exposition format 0.0.4.
 */
public final class PrometheusEndpoint implements AutoCloseable {
    /** The content type of {@link #scrape()}: Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;

    private PrometheusEndpoint(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
    }

    /** A registry with JVM memory, GC, threads, class loading, CPU, uptime and file-descriptor metrics. */
    public static PrometheusEndpoint create() {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(r);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(r);
        new JvmThreadMetrics().bindTo(r);
        new ClassLoaderMetrics().bindTo(r);
        new ProcessorMetrics().bindTo(r);
        new UptimeMetrics().bindTo(r);
        // Every connection is a descriptor: the limit is what caps connections first.
        new FileDescriptorMetrics().bindTo(r);
        return new PrometheusEndpoint(r, gc);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The current values in Prometheus text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
