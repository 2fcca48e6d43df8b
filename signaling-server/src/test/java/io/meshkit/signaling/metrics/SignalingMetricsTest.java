package io.meshkit.signaling.metrics;

import io.meshkit.testkit.PrometheusText;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshkit.signaling.core.RealmListener;
import io.meshkit.signaling.wire.MessageType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The realm's events land on the right Prometheus series, with the documented names and labels. */
class SignalingMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SignalingMetrics metrics = new SignalingMetrics(registry);

    private PrometheusText scrape() {
        return PrometheusText.parse(registry.scrape());
    }

    @Test
    void shouldCountEveryRealmEventUnderItsLabel() {
        metrics.registered("a");
        metrics.registered("b");
        metrics.reattached("a");
        metrics.rejected(RealmListener.Rejection.ID_TAKEN, null);
        metrics.rejected(RealmListener.Rejection.INVALID_KEY, null);
        metrics.rejected(RealmListener.Rejection.ID_TAKEN, null);
        metrics.released("a", RealmListener.Release.ALIVE_TIMEOUT);
        metrics.relayed(MessageType.OFFER);
        metrics.relayed(MessageType.OFFER);
        metrics.relayed(MessageType.ID_TAKEN);
        metrics.queued(MessageType.CANDIDATE);
        metrics.expired(3, 2);
        metrics.dropped(RealmListener.Drop.RATE_LIMITED, null);
        metrics.dropped(RealmListener.Drop.QUEUE_FULL, null);
        metrics.closeSent(1009);
        metrics.closeSent(4000);

        PrometheusText p = scrape();
        assertThat(p.value("meshkit_signaling_registrations_total", "kind", "new")).isEqualTo(2);
        assertThat(p.value("meshkit_signaling_registrations_total", "kind", "reattach")).isEqualTo(1);
        assertThat(p.value("meshkit_signaling_rejected_total", "reason", "id_taken")).isEqualTo(2);
        assertThat(p.value("meshkit_signaling_rejected_total", "reason", "invalid_key")).isEqualTo(1);
        assertThat(p.value("meshkit_signaling_rejected_total", "reason", "concurrent_limit")).isZero();
        assertThat(p.value("meshkit_signaling_released_total", "reason", "alive_timeout")).isEqualTo(1);
        assertThat(p.value("meshkit_signaling_relays_total", "type", "OFFER")).isEqualTo(2);
        assertThat(p.value("meshkit_signaling_relays_total", "type", "ID-TAKEN")).isEqualTo(1);
        assertThat(p.value("meshkit_signaling_relays_total", "type", "ANSWER")).isZero();
        assertThat(p.value("meshkit_signaling_queued_total", "type", "CANDIDATE")).isEqualTo(1);
        assertThat(p.value("meshkit_signaling_expired_total")).isEqualTo(3);
        assertThat(p.value("meshkit_signaling_expire_sent_total")).isEqualTo(2);
        assertThat(p.value("meshkit_signaling_dropped_total", "reason", "rate_limited")).isEqualTo(1);
        assertThat(p.value("meshkit_signaling_dropped_total", "reason", "queue_full")).isEqualTo(1);
        assertThat(p.value("meshkit_signaling_ws_closes_total", "code", "1009")).isEqualTo(1);
        assertThat(p.value("meshkit_signaling_ws_closes_total", "code", "other")).isEqualTo(1);
    }

    @Test
    void shouldPreRegisterEverySeriesTheRelayPathTouches() {
        // A series that exists at 0 from the start: rate() works from the first scrape, and the
        // hot path never creates a meter.
        PrometheusText p = scrape();
        for (MessageType t : MessageType.values()) {
            assertThat(p.value("meshkit_signaling_relays_total", "type", t.wire())).as(t.name()).isZero();
            assertThat(p.value("meshkit_signaling_queued_total", "type", t.wire())).as(t.name()).isZero();
        }
        for (RealmListener.Drop d : RealmListener.Drop.values()) {
            assertThat(p.value("meshkit_signaling_dropped_total", "reason", SignalingMetrics.label(d))).isZero();
        }
        for (RealmListener.Rejection r : RealmListener.Rejection.values()) {
            assertThat(p.value("meshkit_signaling_rejected_total", "reason", SignalingMetrics.label(r))).isZero();
        }
        int before = registry.getMeters().size();
        metrics.relayed(MessageType.OFFER);
        metrics.dropped(RealmListener.Drop.MALFORMED, null);
        metrics.closeSent(1012);
        assertThat(registry.getMeters()).hasSize(before);
    }

    @Test
    void shouldTrackGaugesFromConnectionsAndRealmSamples() {
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionClosed();
        metrics.sample(7, 3, 1234, 2);
        metrics.tickLate(2_000_000);
        PrometheusText p = scrape();
        assertThat(p.value("meshkit_signaling_connections")).isEqualTo(1);
        assertThat(p.value("meshkit_signaling_ids_held")).isEqualTo(7);
        assertThat(p.value("meshkit_signaling_queue_messages")).isEqualTo(3);
        assertThat(p.value("meshkit_signaling_queue_bytes")).isEqualTo(1234);
        assertThat(p.value("meshkit_signaling_event_loop_lag_seconds_count")).isEqualTo(1);
        assertThat(p.has("meshkit_signaling_event_loop_lag_seconds_bucket")).isTrue();
    }

    @Test
    void shouldReportToBothListenersInOrder() {
        List<String> seen = new ArrayList<>();
        RealmListener a = new RealmListener() {
            @Override
            public void relayed(MessageType type) {
                seen.add("a " + type);
            }
        };
        RealmListener both = new BothListeners(a, metrics);
        both.relayed(MessageType.ANSWER);
        both.expired(1, 1);
        assertThat(seen).containsExactly("a ANSWER");
        assertThat(scrape().value("meshkit_signaling_relays_total", "type", "ANSWER")).isEqualTo(1);
        assertThat(scrape().value("meshkit_signaling_expired_total")).isEqualTo(1);
    }
}
