package dev.ec2service.metrics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * One sample of an instance's use: a 5-second sample as read, or a rollup of the samples of one minute.
 *
 * @param instanceId the instance
 * @param at when it was read; for a rollup, the start of its minute
 * @param resolutionSeconds 5 for a sample as read, 60 for a one-minute rollup
 * @param vcpus the instance's virtual CPUs at the time
 * @param cpuPercent CPU used since the previous sample, in percent of one host CPU: from 0 to 100 x vcpus (a
 *        rollup holds the minute's average)
 * @param memoryBytes memory the instance holds on the host (a rollup: the minute's average)
 * @param diskReadBytes bytes read from its disks since its QEMU process started (cumulative; a rollup: the value
 *        at the end of its minute)
 * @param diskWriteBytes bytes written to its disks, cumulative like diskReadBytes
 * @param netRxBytes bytes received on its network interface, cumulative like diskReadBytes
 * @param netTxBytes bytes sent on its network interface, cumulative like diskReadBytes
 */
public record MetricSample(String instanceId, Instant at, int resolutionSeconds, int vcpus, double cpuPercent,
        long memoryBytes, long diskReadBytes, long diskWriteBytes, long netRxBytes, long netTxBytes) {

    /**
     * CPU use between two readings of a domain's cumulative CPU time, in percent of one host CPU (100 is one vCPU
     * kept busy), held between 0 and 100 x vcpus: QEMU's own threads can add a little more than its vCPUs use.
     * Empty when there is no usable interval or the counter went back (the domain was started again).
     */
    public static OptionalDouble cpuPercent(Instant previousAt, long previousCpuNanos, Instant at,
            long cpuNanos, int vcpus) {
        long wallNanos = Duration.between(previousAt, at).toNanos();
        long used = cpuNanos - previousCpuNanos;
        if (wallNanos <= 0 || used < 0) {
            return OptionalDouble.empty();
        }
        double percent = 100.0 * used / wallNanos;
        return OptionalDouble.of(Math.min(percent, 100.0 * Math.max(1, vcpus)));
    }
}
