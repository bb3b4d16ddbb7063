package dev.ec2service.host.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Host resource use for the console's host view (REQ-LIM-003). */
public record StatsResponse(Cpu cpu, Memory memory, Disk disk, Map<String, Long> instances, List<Sample> history) {

    public record Cpu(int count, double usagePercent) {
    }

    public record Memory(long totalBytes, long usedBytes, long availableBytes) {
    }

    public record Disk(String path, long totalBytes, long freeBytes) {
    }

    public record Sample(Instant at, double cpuPercent, long memoryUsedBytes) {
    }
}
