package dev.ec2service.terminal.api;

import dev.ec2service.platform.api.Problem;
import dev.ec2service.terminal.service.TerminalSessions;
import dev.ec2service.terminal.service.TerminalTarget;
import dev.ec2service.terminal.service.TerminalTargets;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The terminal's preflight: the same checks as the WebSocket upgrade, with an answer a browser can read
 * (it cannot see why an upgrade was refused). The web console calls it before opening the socket.
 */
@Path("/api/instances/{id}/terminal")
@Tag(name = "Terminal", description = "A shell on a running instance in the browser: a WebSocket at "
        + "/api/ws/terminal/{id}, and the check the console makes before opening it")
public class TerminalResource {

    /** A terminal can be opened now, logging in as {@code user} at {@code address}. */
    @Schema(name = "TerminalReadiness")
    public record Readiness(boolean ready, String user, String address) {
    }

    private final TerminalTargets targets;
    private final TerminalSessions sessions;

    TerminalResource(TerminalTargets targets, TerminalSessions sessions) {
        this.targets = targets;
        this.sessions = sessions;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "checkTerminal", summary = "Can a terminal be opened?",
            description = "Answers 200 when WS /api/ws/terminal/{id} would "
            + "be accepted, else the problem the upgrade would be refused with (REQ-TERM-007/008).")
    @APIResponse(responseCode = "200", description = "ready", content = @Content(schema = @Schema(implementation = Readiness.class)))
    @APIResponse(responseCode = "404", description = "no such instance",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "not running, no address or no key to log in with",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "as many terminals open on the instance, or on the service, as allowed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "libvirt unreachable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Readiness check(@PathParam("id") String id) {
        TerminalTarget target = targets.resolve(id);
        sessions.requireCapacity(target.instanceId());
        return new Readiness(true, target.user(), target.address());
    }
}
