package dev.ec2service.metrics.api;

import dev.ec2service.metrics.service.MetricsService;
import dev.ec2service.platform.api.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/instances/{id}/metrics")
@Tag(name = "Metrics", description = "CPU, memory, disk and network use of each instance, sampled while it runs")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {

    private final MetricsService metrics;

    MetricsResource(MetricsService metrics) {
        this.metrics = metrics;
    }

    @GET
    @Operation(operationId = "getInstanceMetrics", summary = "An instance's use over time",
            description = "Samples read from libvirt every 5 s while the instance runs (kept for an hour), then "
                    + "one-minute rollups (kept for a day). CPU is in percent of one host CPU; disk and network "
                    + "counters are cumulative since the instance last started, so a rate is the difference of two "
                    + "samples over their distance. A stopped or terminated instance keeps its samples until they "
                    + "age out. From the database alone: it answers while libvirt is unavailable.")
    @APIResponse(responseCode = "200", description = "The samples, oldest first",
            content = @Content(schema = @Schema(implementation = MetricsResponse.class)))
    @APIResponse(responseCode = "404", description = "No such instance", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "since is not an ISO-8601 instant (invalid-since)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MetricsResponse get(@PathParam("id") String id,
            @Parameter(description = "Only samples from this instant on, e.g. 2026-12-03T00:00:00Z; without it, the "
                    + "last hour", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("since") String since) {
        return new MetricsResponse(id, (int) metrics.config().sampleInterval().toSeconds(),
                metrics.since(id, since).stream().map(MetricsResponse.Sample::of).toList());
    }
}
