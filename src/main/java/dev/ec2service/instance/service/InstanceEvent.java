package dev.ec2service.instance.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code data} of an {@code instance} event on {@code /api/ws/events}: the instance as committed, with the
 * fields of {@code GET /api/instances/{id}} that change (the id is the event's {@code id}). Instances have no
 * port mappings: a guest is reached on its own address. Absent values travel as null, so a client can apply
 * the data over what it has.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InstanceEvent(String name, String instanceType, InstanceStatus status, String stateReason,
        String ipAddress, String macAddress, String imageId, String sshKeyName, Instant launchedAt,
        Instant terminatedAt, Map<String, String> tags) {

    static InstanceEvent of(Instance i, Map<String, String> tags) {
        return new InstanceEvent(i.name, i.instanceType, i.status, i.stateReason, i.ipAddress, i.macAddress, i.imageId,
                i.sshKeyName, i.launchedAt, i.terminatedAt, tags);
    }
}
