package dev.ec2service.host.api;

import dev.ec2service.host.service.HealthService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/monitor")
@Tag(name = "Monitor", description = "Health of the service and resource use of the host")
@Produces(MediaType.APPLICATION_JSON)
public class MonitorResource {

    private final HealthService health;
    private final HostSampler sampler;

    MonitorResource(HealthService health, HostSampler sampler) {
        this.health = health;
        this.sampler = sampler;
    }

    @GET
    @Path("/health")
    @Operation(operationId = "getHealth", summary = "Quick pulse",
            description = "libvirt connection and versions, accelerator in use, database, network, storage pool, "
                    + "QEMU's access to the data home and base images. status is ok only when a launch can succeed "
                    + "right now, else degraded with one warning per cause and its fix, or starting (with the steps "
                    + "still running in starting) for the first moments after the service opened its port. 503 while "
                    + "libvirt is unreachable.")
    @APIResponse(responseCode = "200", description = "The service answers; status is ok, degraded or starting",
            content = @Content(schema = @Schema(implementation = HealthResponse.class)))
    @APIResponse(responseCode = "503", description = "libvirt is unreachable; the body still reports everything else",
            content = @Content(schema = @Schema(implementation = HealthResponse.class)))
    public Response health() {
        HealthResponse body = health.health();
        return Response.status("unavailable".equals(body.status()) ? 503 : 200).entity(body).build();
    }

    @GET
    @Path("/stats")
    @Operation(operationId = "getHostStats", summary = "Host resource use",
            description = "CPU count and use, memory, disk of the data home's file system, instances by status, "
                    + "and a ten-minute history of CPU and memory")
    @APIResponse(responseCode = "200", description = "Current figures",
            content = @Content(schema = @Schema(implementation = StatsResponse.class)))
    public StatsResponse stats() {
        return sampler.take();
    }
}
