package dev.ec2service.metrics.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How often running instances are sampled and how long their samples are kept. */
@ConfigMapping(prefix = "ec2.metrics")
public interface MetricsConfig {

    /**
     * How often every running instance's CPU, memory, disk and network counters are read; shorter than
     * {@link #rollupStep()}, which tells samples as read from rollups.
     */
    @WithDefault("5s")
    Duration sampleInterval();

    /** How long samples are kept as read; older ones are rolled up into one row per {@link #rollupStep()}. */
    @WithDefault("1h")
    Duration rawRetention();

    /** The span one rollup row summarises. */
    @WithDefault("1m")
    Duration rollupStep();

    /** How long rollups are kept; older ones are deleted. */
    @WithDefault("24h")
    Duration rollupRetention();

    /** How often samples are rolled up and pruned. */
    @WithDefault("1m")
    Duration pruneInterval();
}
