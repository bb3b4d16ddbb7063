package dev.ec2service.metrics;

import dev.ec2service.metrics.port.MetricsSampled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Hears the samples the sampler announces, as the live channel will. */
@ApplicationScoped
public class MetricsSampledRecorder {

    private final List<MetricsSampled> heard = new CopyOnWriteArrayList<>();

    void on(@Observes MetricsSampled event) {
        heard.add(event);
    }

    public boolean heardFrom(String instanceId) {
        return heard.stream().anyMatch(e -> e.sample().instanceId().equals(instanceId));
    }
}
