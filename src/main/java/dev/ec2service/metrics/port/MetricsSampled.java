package dev.ec2service.metrics.port;

import dev.ec2service.metrics.domain.MetricSample;

/**
 * Fired (a synchronous CDI event) after each sample of a running instance is stored, so a live channel can push it
 * to the console. Observers must be quick and must not throw; the sampler logs and ignores their failures.
 */
public record MetricsSampled(MetricSample sample) {
}
