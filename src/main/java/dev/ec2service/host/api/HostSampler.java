package dev.ec2service.host.api;

import dev.ec2service.host.port.InstanceCensus;
import dev.ec2service.host.service.HealthService;
import dev.ec2service.host.service.HostResources;
import dev.ec2service.platform.events.ChangeFeed;
import dev.ec2service.platform.events.EventType;
import dev.ec2service.platform.events.EventsConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * The host's figures, as {@code GET /api/monitor/stats} answers them and as {@code host} events push them every
 * {@code ec2.events.host-sample-interval} while someone listens on {@code /api/ws/events} (and never otherwise),
 * each followed by a {@code health} message (the body of {@code GET /api/monitor/health}), so the console sees
 * libvirt go and come back without polling.
 */
@ApplicationScoped
public class HostSampler {

    private final HostResources host;
    private final InstanceCensus census;
    private final HealthService health;
    private final ChangeFeed feed;
    private final EventsConfig config;
    private volatile Instant lastSample = Instant.EPOCH;

    HostSampler(HostResources host, InstanceCensus census, HealthService health, ChangeFeed feed, EventsConfig config) {
        this.host = host;
        this.census = census;
        this.health = health;
        this.feed = feed;
        this.config = config;
    }

    StatsResponse take() {
        HostResources.Memory memory = host.memory();
        HostResources.Disk disk = host.disk();
        Map<String, Long> counts = census.countsByStatus();
        return new StatsResponse(
                new StatsResponse.Cpu(host.cpuCount(), host.cpuPercent()),
                new StatsResponse.Memory(memory.totalBytes(), memory.usedBytes(), memory.availableBytes()),
                new StatsResponse.Disk(disk.path().toString(), disk.totalBytes(), disk.freeBytes()),
                counts,
                host.history().stream()
                        .map(s -> new StatsResponse.Sample(s.at(), s.cpuPercent(), s.memoryUsedBytes()))
                        .toList());
    }

    /** A worker thread, off the event loop: the figures read /proc, the file system and the database. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void push() {
        if (!feed.hasListeners() || Instant.now().isBefore(lastSample.plus(config.hostSampleInterval()))) {
            return;
        }
        lastSample = Instant.now();
        try {
            feed.sample(EventType.HOST, take());
        } catch (RuntimeException e) {
            Log.debugf("host sample not pushed: %s", e.getMessage());
        }
        try {
            feed.sample(EventType.HEALTH, health.health());
        } catch (RuntimeException e) {
            Log.debugf("health not pushed: %s", e.getMessage());
        }
    }
}
