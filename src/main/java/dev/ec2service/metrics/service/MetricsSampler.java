package dev.ec2service.metrics.service;

import dev.ec2service.hypervisor.DomainStats;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.instance.port.InstanceLookup;
import dev.ec2service.metrics.domain.MetricSample;
import dev.ec2service.metrics.port.MetricsSampled;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads every running instance's counters each {@code ec2.metrics.sample-interval}, stores a sample per instance
 * and fires {@link MetricsSampled} for it. A tick is a handful of short libvirt calls per instance and returns:
 * nothing waits or sleeps on the scheduler's worker. An instance whose counters cannot be read is skipped for that
 * tick; the others are sampled all the same. CPU use needs two readings, so an instance's first tick after it
 * starts (or after the service starts) only primes it.
 */
@ApplicationScoped
public class MetricsSampler {

    /** The previous reading of a domain's CPU time, to compute the CPU use over the interval. */
    private record Reading(Instant at, long cpuTimeNanos) {
    }

    private final Hypervisor hypervisor;
    private final InstanceLookup instances;
    private final MetricsStore store;
    private final MetricsRetention retention;
    private final int resolutionSeconds;
    private final Event<MetricsSampled> sampled;
    private final Map<String, Reading> previous = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    MetricsSampler(Hypervisor hypervisor, InstanceLookup instances, MetricsStore store, MetricsConfig config,
            Event<MetricsSampled> sampled) {
        this.hypervisor = hypervisor;
        this.instances = instances;
        this.store = store;
        this.retention = MetricsRetention.of(config);
        this.resolutionSeconds = (int) Math.max(1, config.sampleInterval().toSeconds());
        this.sampled = sampled;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Every {@code ec2.metrics.sample-interval} ({@link MetricsConfig#sampleInterval()} holds the default). */
    @Scheduled(every = "${ec2.metrics.sample-interval}", delayed = "${ec2.metrics.sample-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        List<String> running;
        try {
            running = instances.runningIds();
        } catch (RuntimeException e) {
            Log.warnf("metrics: cannot list the running instances: %s", e.getMessage());
            return;
        }
        previous.keySet().retainAll(new HashSet<>(running));
        for (String id : running) {
            if (stopping) {
                return;
            }
            try {
                sample(id).ifPresent(s -> {
                    store.insert(s);
                    announce(s);
                });
            } catch (HypervisorException e) {
                previous.remove(id);
                Log.debugf("metrics: %s skipped: %s", id, e.getMessage());
            } catch (RuntimeException e) {
                previous.remove(id);
                Log.warnf(e, "metrics: sampling %s failed", id);
            }
        }
    }

    /** Reads one instance; empty when it is not running or this reading only primes its CPU use. */
    Optional<MetricSample> sample(String id) {
        Optional<DomainStats> read = hypervisor.domainStats(id);
        Instant now = Instant.now();
        if (read.isEmpty()) {
            previous.remove(id);
            return Optional.empty();
        }
        DomainStats stats = read.get();
        Reading before = previous.put(id, new Reading(now, stats.cpuTimeNanos()));
        if (before == null) {
            return Optional.empty();
        }
        OptionalDouble cpu = MetricSample.cpuPercent(before.at(), before.cpuTimeNanos(), now, stats.cpuTimeNanos(),
                stats.vcpus());
        if (cpu.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MetricSample(id, now, resolutionSeconds, stats.vcpus(), cpu.getAsDouble(),
                stats.memoryBytes(), stats.diskReadBytes(), stats.diskWriteBytes(), stats.netRxBytes(),
                stats.netTxBytes()));
    }

    private void announce(MetricSample sample) {
        try {
            sampled.fire(new MetricsSampled(sample));
        } catch (RuntimeException e) {
            Log.warnf(e, "metrics: an observer of the sample of %s failed", sample.instanceId());
        }
    }

    /** Every {@code ec2.metrics.prune-interval}: rolls samples older than the raw retention up, deletes old rollups. */
    @Scheduled(every = "${ec2.metrics.prune-interval}", delayed = "${ec2.metrics.prune-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        try {
            int deleted = store.prune(retention, Instant.now());
            if (deleted > 0) {
                Log.debugf("metrics: %d old rows rolled up or deleted", deleted);
            }
        } catch (RuntimeException e) {
            Log.warnf("metrics: pruning failed: %s", e.getMessage());
        }
    }
}
