package dev.ec2service.metrics.api;

import dev.ec2service.metrics.port.MetricsSampled;
import dev.ec2service.platform.events.ChangeFeed;
import dev.ec2service.platform.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Each stored sample goes to the console's events socket as it is taken ({@code metrics}, live only, in the shape
 * of {@code GET /api/instances/{id}/metrics}), so an open instance page draws it without asking every 5 s.
 */
@ApplicationScoped
class MetricsPush {

    private final ChangeFeed feed;

    MetricsPush(ChangeFeed feed) {
        this.feed = feed;
    }

    void onSample(@Observes MetricsSampled sampled) {
        if (feed.hasListeners()) {
            feed.sample(EventType.METRICS, sampled.sample().instanceId(), MetricsResponse.Sample.of(sampled.sample()));
        }
    }
}
