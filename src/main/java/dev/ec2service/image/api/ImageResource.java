package dev.ec2service.image.api;

import dev.ec2service.image.domain.Image;
import dev.ec2service.image.service.ImageImporter;
import dev.ec2service.image.service.ImagePuller;
import dev.ec2service.image.service.ImageService;
import dev.ec2service.platform.api.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

/** Base images: the catalogue, imports and downloads. Every method blocks (files, DB), so all run on workers. */
@Path("/api/images")
@Tag(name = "Images", description = "Base images instances are created from: the Ubuntu catalogue and imported qcow2 files")
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {

    private final ImageService images;
    private final ImageImporter importer;
    private final ImagePuller puller;

    ImageResource(ImageService images, ImageImporter importer, ImagePuller puller) {
        this.images = images;
        this.importer = importer;
        this.puller = puller;
    }

    @GET
    @Operation(operationId = "listImages", summary = "List images",
            description = "The catalogue for this host's architecture and every imported image, each with the current "
                    + "state of its file (available, missing, downloading with progress, or error)")
    @APIResponse(responseCode = "200", description = "All images, ordered by id",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ImageResponse.class)))
    public List<ImageResponse> list() {
        return images.list().stream().map(this::describe).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getImage", summary = "Describe an image",
            description = "Metadata and file state; follow a pull's progress here")
    @APIResponse(responseCode = "200", description = "The image",
            content = @Content(schema = @Schema(implementation = ImageResponse.class)))
    @APIResponse(responseCode = "404", description = "No such image",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ImageResponse get(@PathParam("id") String id) {
        return describe(images.get(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "importImage", summary = "Import an image",
            description = "Registers a standalone qcow2 file on this host: it is checked (qcow2 header, no backing "
                    + "file, architecture) and copied into the data home's images directory")
    @APIResponse(responseCode = "201", description = "Imported",
            content = @Content(schema = @Schema(implementation = ImageResponse.class)))
    @APIResponse(responseCode = "400", description = "The body is not valid JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "An image with this id exists (image-exists)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Refused: validation-failed, invalid-image-id, invalid-path, "
            + "unreadable-image-file, not-qcow2, not-standalone, unknown-arch or foreign-arch",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "507", description = "Not enough free space in the data home (insufficient-storage)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<ImageResponse> importImage(ImportImageRequest request) {
        ImportRequestRules.check(request);
        Image image = importer.importImage(request.toCommand());
        return RestResponse.ResponseBuilder.<ImageResponse>created(URI.create("/api/images/" + image.id))
                .entity(describe(image)).build();
    }

    @DELETE
    @Path("/{id}")
    // no body on success, so a generated client accepts only the problem of a refusal
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @ResponseStatus(204)
    @Operation(operationId = "deleteImage", summary = "Delete an imported image",
            description = "Removes the row and the file. Catalogue images "
            + "cannot be deleted; DELETE /api/images/{id}/file removes their downloaded file.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such image",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A catalogue image (catalog-image), or used by an instance that "
            + "is not terminated (image-in-use)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void delete(@PathParam("id") String id) {
        images.delete(id);
    }

    @DELETE
    @Path("/{id}/file")
    // no body on success, so a generated client accepts only the problem of a refusal
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @ResponseStatus(204)
    @Operation(operationId = "deleteImageFile", summary = "Delete a catalogue image's file",
            description = "Frees the disk space of a downloaded catalogue image (and of an interrupted download); "
                    + "the catalogue entry stays and can be pulled again")
    @APIResponse(responseCode = "204", description = "The file is gone")
    @APIResponse(responseCode = "404", description = "No such image",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Used by an instance that is not terminated, or being pulled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "An imported image (not-catalog-image)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void deleteFile(@PathParam("id") String id) {
        images.deleteFile(id);
    }

    @POST
    @Path("/{id}/pull")
    @Operation(operationId = "pullImage", summary = "Download a catalogue image",
            description = "Fetches the official file in the background, resuming an interrupted download, verifies "
                    + "its SHA-256 against the published SHA256SUMS and only then puts it in place. Follow the "
                    + "progress with GET /api/images/{id}.")
    @APIResponse(responseCode = "202", description = "Download started",
            content = @Content(schema = @Schema(implementation = ImageResponse.class)))
    @APIResponse(responseCode = "200", description = "The file is already present and usable; nothing to do",
            content = @Content(schema = @Schema(implementation = ImageResponse.class)))
    @APIResponse(responseCode = "404", description = "No such image",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A pull of this image is already running (pull-in-progress); "
            + "the file the server announces is larger than ec2.images.download.max-size (download-too-large) or "
            + "would leave less than the disk headroom free (insufficient-disk)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "An imported image has nothing to download (not-downloadable)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<ImageResponse> pull(@PathParam("id") String id) {
        ImagePuller.Start start = puller.start(id);
        ImageResponse body = describe(images.get(id));
        return start == ImagePuller.Start.STARTED ? RestResponse.accepted(body) : RestResponse.ok(body);
    }

    private ImageResponse describe(Image image) {
        return ImageResponse.of(image, images.state(image));
    }
}
