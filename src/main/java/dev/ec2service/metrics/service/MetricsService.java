package dev.ec2service.metrics.service;

import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.instance.port.InstanceLookup;
import dev.ec2service.metrics.domain.MetricSample;
import dev.ec2service.metrics.domain.MetricsErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Reads an instance's samples for the API; from the database alone, so it answers while libvirt is away. */
@ApplicationScoped
public class MetricsService {

    private final InstanceLookup instances;
    private final MetricsStore store;
    private final MetricsConfig config;

    MetricsService(InstanceLookup instances, MetricsStore store, MetricsConfig config) {
        this.instances = instances;
        this.store = store;
        this.config = config;
    }

    public MetricsConfig config() {
        return config;
    }

    /**
     * The instance's samples and rollups from {@code since} (an ISO-8601 instant) on, oldest first; without since,
     * those of the raw retention (the last hour). Refuses an unknown instance and a since that is not an instant.
     */
    public List<MetricSample> since(String instanceId, String since) {
        Instant from = parse(since);
        if (!instances.exists(instanceId)) {
            throw InstanceErrors.NOT_FOUND.exception("instance '" + instanceId + "' does not exist");
        }
        return store.since(instanceId, from);
    }

    private Instant parse(String since) {
        if (since == null || since.isBlank()) {
            return Instant.now().minus(config.rawRetention());
        }
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw MetricsErrors.INVALID_SINCE.exception("since must be an ISO-8601 instant such as "
                    + "2026-12-03T00:00:00Z");
        }
    }
}
