package dev.ec2service.instance.api;

import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.instance.service.CreateInstanceCommand;
import dev.ec2service.instance.service.InstanceChange;
import dev.ec2service.instance.service.InstanceListQuery;
import dev.ec2service.instance.service.InstanceService;
import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.network.domain.PortForward;
import dev.ec2service.network.domain.PortForwardState;
import dev.ec2service.platform.api.Problem;
import dev.ec2service.platform.error.RequestErrors;
import dev.ec2service.tag.domain.TaggedResource;
import dev.ec2service.tag.port.TagLookup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/instances")
@Tag(name = "Instances", description = "EC2-like instances, each a libvirt/QEMU virtual machine")
@Produces(MediaType.APPLICATION_JSON)
public class InstanceResource {

    /** The header carrying the next page's token of a listing. */
    public static final String NEXT_TOKEN_HEADER = "X-Next-Token";

    private final InstanceService instances;
    private final TagLookup tags;
    private final InstanceListAnswers listings;

    InstanceResource(InstanceService instances, TagLookup tags, InstanceListAnswers listings) {
        this.instances = instances;
        this.tags = tags;
        this.listings = listings;
    }

    private InstanceResponse view(Instance instance) {
        return InstanceResponse.of(instance, tags.tagsOf(TaggedResource.INSTANCE, instance.id),
                instances.ports(instance.id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createInstance", summary = "Launch an instance",
            description = "Validates, reserves an address and answers at once with status pending; the VM is "
                    + "provisioned in the background and becomes running when libvirt reports it running.")
    @APIResponse(responseCode = "201", description = "Accepted; the instance is pending",
            content = @Content(schema = @Schema(implementation = InstanceResponse.class)))
    @APIResponse(responseCode = "400", description = "Malformed body", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "No address left, not enough memory or disk on the host, or a "
            + "host port of ports already forwarded or in use by another program (host-port-in-use)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Unknown type, image or key, missing image file, bad name, "
            + "user data too large, or a bad port forward (invalid-port-forward)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "libvirt is unavailable, or the instance network is not running "
            + "(network-unavailable; health says why)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(CreateInstanceRequest request) {
        if (request == null) {
            throw RequestErrors.missingBody();
        }
        CreateInstanceCommand command = new CreateInstanceCommand(request.name(), request.instanceType(),
                request.imageId(), request.sshKeyName(), request.userData(), request.forwards());
        // what the launch inserted, not read back (three reads each launch in a burst waited for): a new instance
        // has no tags, and its forwards are the ones it claimed, none listening before it runs
        InstanceResponse created = InstanceResponse.of(instances.create(command), Map.of(),
                PortForwardState.claimed(command.ports()));
        return Response.created(URI.create("/api/instances/" + created.id())).entity(created).build();
    }

    @GET
    @Operation(operationId = "listInstances", summary = "List instances",
            description = "Oldest first (creation time, then id), as the database has them: one query, no libvirt "
                    + "call. Filters combine with and; a repeated status means any of them, a repeated tag all of "
                    + "them. Names and tag values take EC2's wildcards: * any characters, ? one, a backslash makes "
                    + "either literal. With limit, at most that many come back, and when more follow the next "
                    + "page's token is in the X-Next-Token header (and a Link header with rel=\"next\"); pass it "
                    + "back as next_token with the same filters. Without limit, every match.")
    @APIResponse(responseCode = "200", description = "The instances, terminated ones included",
            headers = @Header(name = NEXT_TOKEN_HEADER, description = "The next page's next_token, when there is one",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = InstanceResponse.class)))
    @APIResponse(responseCode = "422", description = "Unknown status, malformed tag filter, limit out of range or a "
            + "next_token this service did not hand out", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response list(
            @Parameter(description = "Only instances in this status; repeat for any of several",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = InstanceStatus.class))
            @QueryParam("status") List<String> status,
            @Parameter(description = "The name, wildcards allowed, e.g. web-*") @QueryParam("name") String name,
            @Parameter(description = "The image id") @QueryParam("image_id") String imageId,
            @Parameter(description = "key=value (value wildcards allowed), or key alone for any value; the key ends "
                    + "at the first '='; repeat for several") @QueryParam("tag") List<String> tag,
            @Parameter(description = "Page size", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "" + InstanceListQuery.MAX_LIMIT)) @QueryParam("limit") String limit,
            @Parameter(description = "X-Next-Token of the previous page") @QueryParam("next_token") String nextToken,
            @Context UriInfo uri) {
        InstanceListAnswers.Answer listing = listings.answer(InstanceListQuery.of(status, name, imageId, tag, limit,
                nextToken));
        Response.ResponseBuilder answer = Response.ok(listing.json(), MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"));
        listing.nextToken().ifPresent(token -> answer.header(NEXT_TOKEN_HEADER, token)
                .link(uri.getRequestUriBuilder().replaceQueryParam("next_token", token).build(), "next"));
        return answer.build();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getInstance", summary = "Describe an instance",
            description = "Status and address as libvirt reports them now")
    @APIResponse(responseCode = "200", description = "The instance",
            content = @Content(schema = @Schema(implementation = InstanceResponse.class)))
    @APIResponse(responseCode = "404", description = "No such instance", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "libvirt is unavailable", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public InstanceResponse get(@PathParam("id") String id) {
        return view(instances.get(id));
    }

    @GET
    @Path("/{id}/console")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(operationId = "getConsoleOutput", summary = "Serial console output",
            description = "The last bytes (at most 64 KiB) of the guest's serial console log, e.g. boot messages and "
                    + "cloud-init's output; empty before the first boot")
    @APIResponse(responseCode = "200", description = "Console text")
    @APIResponse(responseCode = "404", description = "No such instance", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String console(@PathParam("id") String id) {
        return instances.consoleTail(id);
    }

    @POST
    @Path("/{id}/start")
    @Operation(operationId = "startInstance", summary = "Start a stopped instance")
    @APIResponse(responseCode = "200", description = "Started; the instance is running",
            content = @Content(schema = @Schema(implementation = InstanceResponse.class)))
    @APIResponse(responseCode = "404", description = "No such instance", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The instance is not stopped", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "libvirt is unavailable, or the instance network is not running "
            + "(network-unavailable; health says why)", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public InstanceResponse start(@PathParam("id") String id) {
        return view(instances.start(id));
    }

    @POST
    @Path("/{id}/stop")
    @Operation(operationId = "stopInstance", summary = "Stop a running instance",
            description = "Presses the ACPI power button; the instance is stopping until the guest is off, and is "
                    + "forced off after the configured timeout")
    @APIResponse(responseCode = "200", description = "Stopping",
            content = @Content(schema = @Schema(implementation = InstanceResponse.class)))
    @APIResponse(responseCode = "404", description = "No such instance", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The instance is not running", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public InstanceResponse stop(@PathParam("id") String id) {
        return view(instances.stop(id));
    }

    @POST
    @Path("/{id}/reboot")
    @Operation(operationId = "rebootInstance", summary = "Reboot a running instance",
            description = "ACPI reboot; configuration, disk and address are kept")
    @APIResponse(responseCode = "200", description = "Reboot requested",
            content = @Content(schema = @Schema(implementation = InstanceResponse.class)))
    @APIResponse(responseCode = "404", description = "No such instance", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The instance is not running", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public InstanceResponse reboot(@PathParam("id") String id) {
        return view(instances.reboot(id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeInstance", summary = "Change the type or user data of a stopped instance",
            description = "As EC2's ModifyInstanceAttribute: only while stopped; the next start boots with the new "
                    + "type's vCPUs and memory (the disk keeps its size) and a seed with the new user data")
    @APIResponse(responseCode = "200", description = "Changed; the instance is still stopped",
            content = @Content(schema = @Schema(implementation = InstanceResponse.class)))
    @APIResponse(responseCode = "400", description = "Malformed body, or neither field given", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such instance", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The instance is not stopped", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Unknown type or user data too large", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "libvirt is unavailable", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public InstanceResponse change(@PathParam("id") String id, ChangeInstanceRequest request) {
        if (request == null || (request.instanceType() == null && request.userData() == null)) {
            throw RequestErrors.MALFORMED_BODY.exception("a JSON body with instance_type, user_data or both is required");
        }
        return view(instances.change(id, new InstanceChange(Optional.ofNullable(request.instanceType()),
                Optional.ofNullable(request.userData()).map(u -> u.getBytes(StandardCharsets.UTF_8)))));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "terminateInstance", summary = "Terminate an instance",
            description = "Powers it off, removes the domain, disk, seed ISO and directory, releases the address; "
                    + "the record stays as terminated")
    @APIResponse(responseCode = "200", description = "Terminated",
            content = @Content(schema = @Schema(implementation = InstanceResponse.class)))
    @APIResponse(responseCode = "404", description = "No such instance", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already terminated", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public InstanceResponse terminate(@PathParam("id") String id) {
        return view(instances.terminate(id));
    }

    @GET
    @Path("/{id}/ports")
    @Operation(operationId = "listPortForwards", summary = "List an instance's port forwards",
            description = "By host port, each with whether it listens now (while the instance is running)")
    @APIResponse(responseCode = "200", description = "The forwards",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = PortForwardResponse.class)))
    @APIResponse(responseCode = "404", description = "No such instance", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<PortForwardResponse> ports(@PathParam("id") String id) {
        return instances.ports(id).stream().map(PortForwardResponse::of).toList();
    }

    @POST
    @Path("/{id}/ports")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "addPortForward", summary = "Forward a host port to the instance",
            description = "Listens on 127.0.0.1:host (never another address) and relays each TCP connection to the "
                    + "guest's port, while the instance is running: at once if it runs, from its next start "
                    + "otherwise. The forward stays through stop and start and service restarts; terminate "
                    + "removes it.")
    @APIResponse(responseCode = "201", description = "Forwarding",
            headers = @Header(name = "Location", description = "The forward, for DELETE",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = PortForwardResponse.class)))
    @APIResponse(responseCode = "400", description = "Malformed body", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such instance", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The host port is forwarded to an instance (named) or in use by "
            + "another program (host-port-in-use), or the instance is terminated", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "A port missing or outside 1..65535, or a protocol other than "
            + "tcp (invalid-port-forward)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Response addPort(@PathParam("id") String id, PortForwardRequest request) {
        if (request == null) {
            throw RequestErrors.missingBody();
        }
        PortForwardResponse added = PortForwardResponse.of(instances.addPort(id, request.toForward()));
        return Response.created(URI.create("/api/instances/" + id + "/ports/" + added.host())).entity(added).build();
    }

    @DELETE
    @Path("/{id}/ports/{host}")
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(operationId = "removePortForward", summary = "Stop forwarding a host port",
            description = "Closes the listener and the connections it relays; the host port is free on return")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such instance, or it has no forward from that port",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The host port is not a number in 1..65535, or the protocol "
            + "is not tcp (invalid-port-forward)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    public Response removePort(@PathParam("id") String id,
            @Parameter(description = "The forward's host port", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "65535")) @PathParam("host") String host,
            @Parameter(description = "The forward's protocol", schema = @Schema(enumeration = { "tcp" },
                    defaultValue = "tcp")) @QueryParam("protocol") String protocol) {
        instances.removePort(id, PortForward.key(hostPort(host), protocol));
        return Response.noContent().build();
    }

    private static Integer hostPort(String host) {
        try {
            return Integer.valueOf(host);
        } catch (NumberFormatException e) {
            throw NetworkErrors.INVALID_PORT_FORWARD.exception("the host port in the path is not a number in 1..65535");
        }
    }
}
