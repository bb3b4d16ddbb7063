package dev.ec2service.metrics.service;

import dev.ec2service.metrics.domain.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to keep, roll up and delete, as pure logic over a given moment: samples as read are kept for the raw
 * retention, then each complete step (a minute) of them becomes one rollup row; rollups are kept for the rollup
 * retention. The raw cutoff falls on a step boundary, so a step is only ever rolled up whole.
 */
public final class MetricsRetention {

    private final Duration rawRetention;
    private final Duration step;
    private final Duration rollupRetention;

    public MetricsRetention(Duration rawRetention, Duration step, Duration rollupRetention) {
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("the rollup step must be positive: " + step);
        }
        this.rawRetention = rawRetention;
        this.step = step;
        this.rollupRetention = rollupRetention;
    }

    static MetricsRetention of(MetricsConfig config) {
        return new MetricsRetention(config.rawRetention(), config.rollupStep(), config.rollupRetention());
    }

    /** Rows of this resolution or coarser are rollups; finer ones are samples as read. */
    public int stepSeconds() {
        return (int) step.toSeconds();
    }

    /** Samples as read from before this moment are rolled up and deleted: a step boundary. */
    public Instant rawCutoff(Instant now) {
        return floor(now.minus(rawRetention));
    }

    /** Rollups from before this moment are deleted. */
    public Instant rollupCutoff(Instant now) {
        return now.minus(rollupRetention);
    }

    /** The start of the step {@code at} falls in. */
    public Instant floor(Instant at) {
        long stepMs = step.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), stepMs) * stepMs);
    }

    /**
     * One rollup per instance and step of the given samples: CPU and memory averaged, vCPUs and the cumulative
     * counters as they were at the step's last sample. Rollups older than the rollup cutoff are not made at all.
     */
    public List<MetricSample> rollups(Instant now, List<MetricSample> expired) {
        Instant keepFrom = rollupCutoff(now);
        Map<String, List<MetricSample>> buckets = new LinkedHashMap<>();
        expired.stream().sorted(Comparator.comparing(MetricSample::at)).forEach(s -> buckets
                .computeIfAbsent(s.instanceId() + "\u0000" + floor(s.at()).toEpochMilli(), k -> new ArrayList<>())
                .add(s));
        List<MetricSample> result = new ArrayList<>();
        for (List<MetricSample> bucket : buckets.values()) {
            MetricSample last = bucket.get(bucket.size() - 1);
            Instant start = floor(last.at());
            if (start.isBefore(keepFrom)) {
                continue;
            }
            double cpu = bucket.stream().mapToDouble(MetricSample::cpuPercent).average().orElse(0);
            long memory = Math.round(bucket.stream().mapToLong(MetricSample::memoryBytes).average().orElse(0));
            result.add(new MetricSample(last.instanceId(), start, stepSeconds(), last.vcpus(), cpu, memory,
                    last.diskReadBytes(), last.diskWriteBytes(), last.netRxBytes(), last.netTxBytes()));
        }
        result.sort(Comparator.comparing(MetricSample::instanceId).thenComparing(MetricSample::at));
        return result;
    }
}
