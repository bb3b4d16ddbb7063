package dev.ec2service.instance.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code data} of an {@code instance} event on {@code /api/ws/events}: the instance as committed, with every
 * field of {@code GET /api/instances/{id}} (the id is the event's {@code id}), so a page can replace what it shows
 * (a type change also changes vCPUs and memory; a launch gains its libvirt UUID). Absent values travel as null.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InstanceEvent(String name, String instanceType, InstanceStatus status, String stateReason, int vcpus,
        int memoryMb, int diskGb, String ipAddress, String macAddress, String imageId, String sshKeyName,
        String libvirtUuid, Instant createdAt, Instant launchedAt, Instant terminatedAt, Map<String, String> tags) {

    static InstanceEvent of(Instance i, Map<String, String> tags) {
        return new InstanceEvent(i.name, i.instanceType, i.status, i.stateReason, i.vcpus, i.memoryMb, i.diskGb,
                i.ipAddress, i.macAddress, i.imageId, i.sshKeyName, i.libvirtUuid, i.createdAt, i.launchedAt,
                i.terminatedAt, tags);
    }
}
