package dev.ec2service.instance.api;

import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.domain.PortForwardState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An instance as the API shows it: every field of REQ-INST-014 plus image, MAC and the reason for its state. */
public record InstanceResponse(
        String id,
        String name,
        @Schema(ref = InstanceTypesDocument.NAME_SCHEMA) String instanceType,
        InstanceStatus status,
        String stateReason,
        int vcpus,
        int memoryMb,
        int diskGb,
        String ipAddress,
        String macAddress,
        String sshKeyName,
        String imageId,
        String libvirtUuid,
        Instant createdAt,
        Instant launchedAt,
        Instant terminatedAt,
        @Schema(description = "Tags by key, the same ones the EC2 API's CreateTags and TagSpecification set")
        Map<String, String> tags,
        @Schema(description = "Port forwards from 127.0.0.1 on the host to the guest, by host port")
        List<PortForwardResponse> ports) {

    public static InstanceResponse of(Instance i, Map<String, String> tags, List<PortForwardState> ports) {
        return new InstanceResponse(i.id, i.name, i.instanceType, i.status, i.stateReason, i.vcpus, i.memoryMb,
                i.diskGb, i.ipAddress, i.macAddress, i.sshKeyName, i.imageId, i.libvirtUuid, i.createdAt, i.launchedAt,
                i.terminatedAt, tags, ports.stream().map(PortForwardResponse::of).toList());
    }
}
