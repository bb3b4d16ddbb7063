package dev.ec2service.instance.api;

import dev.ec2service.instance.domain.InstanceType;
import dev.ec2service.instance.service.InstanceConfig;
import dev.ec2service.instance.service.InstanceService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a launch may ask for: the instance types and the limits of a launch request. */
@Path("/api")
@Tag(name = "Instances")
@Produces(MediaType.APPLICATION_JSON)
public class InstanceTypeResource {

    private final InstanceConfig config;

    InstanceTypeResource(InstanceConfig config) {
        this.config = config;
    }

    @GET
    @Path("/instance-types")
    @Operation(operationId = "listInstanceTypes", summary = "List instance types",
            description = "Every type an instance can be launched as, smallest first, with its vCPUs, memory and disk")
    @APIResponse(responseCode = "200", description = "The instance types",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = InstanceTypeResponse.class)))
    public List<InstanceTypeResponse> instanceTypes() {
        return Arrays.stream(InstanceType.values()).map(InstanceTypeResponse::of).toList();
    }

    @GET
    @Path("/limits")
    @Operation(operationId = "getLimits", summary = "Limits of a launch request",
            description = "The largest user data and the longest name a launch accepts, as configured")
    @APIResponse(responseCode = "200", description = "The limits",
            content = @Content(schema = @Schema(implementation = LimitsResponse.class)))
    public LimitsResponse limits() {
        return new LimitsResponse(config.maxUserDataBytes(), InstanceService.MAX_NAME_LENGTH);
    }
}
