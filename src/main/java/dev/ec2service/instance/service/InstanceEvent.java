package dev.ec2service.instance.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.domain.PortForwardState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} of an {@code instance} event on {@code /api/ws/events}: the instance as committed, with every
 * field of {@code GET /api/instances/{id}} (the id is the event's {@code id}), so a page can replace what it shows
 * (a type change also changes vCPUs and memory; a launch gains its libvirt UUID). Absent values travel as null.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InstanceEvent(String name, String instanceType, InstanceStatus status, String stateReason, int vcpus,
        int memoryMb, int diskGb, String ipAddress, String macAddress, String imageId, String sshKeyName,
        String libvirtUuid, String sshEndpoint, Instant createdAt, Instant launchedAt, Instant terminatedAt,
        Map<String, String> tags, List<Port> ports) {

    /** A port forward as {@code GET /api/instances/{id}/ports} shows it: whether it listens follows the status. */
    public record Port(int host, int guest, String protocol, boolean listening, String problem) {

        static Port of(PortForwardState s) {
            return new Port(s.forward().hostPort(), s.forward().guestPort(), s.forward().protocol().wire(),
                    s.listening(), s.problem());
        }
    }

    static InstanceEvent of(Instance i, Map<String, String> tags, List<PortForwardState> ports) {
        return new InstanceEvent(i.name, i.instanceType, i.status, i.stateReason, i.vcpus, i.memoryMb, i.diskGb,
                i.ipAddress, i.macAddress, i.imageId, i.sshKeyName, i.libvirtUuid,
                i.sshEndpoint().map(Instance.SshEndpoint::toString).orElse(null), i.createdAt, i.launchedAt,
                i.terminatedAt, tags, ports.stream().map(Port::of).toList());
    }
}
