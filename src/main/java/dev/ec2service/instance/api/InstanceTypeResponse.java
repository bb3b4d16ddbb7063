package dev.ec2service.instance.api;

import dev.ec2service.instance.domain.InstanceType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An instance type of REQ-INST-002 and the resources an instance of it gets. */
@Schema(name = "InstanceType")
public record InstanceTypeResponse(
        @Schema(ref = InstanceTypesDocument.NAME_SCHEMA, description = "The name to launch with", examples = "t2.micro")
        String name,
        @Schema(description = "Virtual CPUs", examples = "1") int vcpus,
        @Schema(description = "Memory in MiB", examples = "1024") int memoryMb,
        @Schema(description = "Root disk in GiB", examples = "8") int diskGb) {

    static InstanceTypeResponse of(InstanceType type) {
        return new InstanceTypeResponse(type.apiName(), type.vcpus(), type.memoryMb(), type.diskGb());
    }
}
