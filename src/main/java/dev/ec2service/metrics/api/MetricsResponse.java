package dev.ec2service.metrics.api;

import dev.ec2service.metrics.domain.MetricSample;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An instance's samples, oldest first: one-minute rollups for what is older than an hour, then 5-second ones. */
@Schema(name = "InstanceMetrics")
public record MetricsResponse(
        @Schema(required = true, description = "The instance") String instanceId,
        @Schema(required = true, description = "Seconds between samples of a running instance") int sampleIntervalSeconds,
        @Schema(required = true, description = "Samples from since on, oldest first") List<Sample> samples) {

    @Schema(name = "MetricSample")
    public record Sample(
            @Schema(required = true, description = "When it was read; for a rollup, the start of its minute") Instant at,
            @Schema(required = true, description = "Seconds the sample covers: the sample interval, or 60 for a one-minute rollup")
            int resolutionSeconds,
            @Schema(required = true, description = "Virtual CPUs of the instance") int vcpus,
            @Schema(required = true, description = "CPU used in percent of one host CPU, 0 to 100 x vcpus (rollups: the average)")
            double cpuPercent,
            @Schema(required = true, description = "Memory the instance's QEMU process holds on the host, in bytes (rollups: the "
                    + "average)") long memoryBytes,
            @Schema(required = true, description = "Bytes read from its disks since it was started (cumulative; it starts again "
                    + "from 0 when the instance starts)") long diskReadBytes,
            @Schema(required = true, description = "Bytes written to its disks since it was started (cumulative)") long diskWriteBytes,
            @Schema(required = true, description = "Bytes received on its network interface since it was started (cumulative)")
            long netRxBytes,
            @Schema(required = true, description = "Bytes sent on its network interface since it was started (cumulative)")
            long netTxBytes) {

        static Sample of(MetricSample s) {
            return new Sample(s.at(), s.resolutionSeconds(), s.vcpus(), s.cpuPercent(), s.memoryBytes(),
                    s.diskReadBytes(), s.diskWriteBytes(), s.netRxBytes(), s.netTxBytes());
        }
    }
}
