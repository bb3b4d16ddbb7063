package dev.ec2service.image.api;

import dev.ec2service.image.domain.Image;
import dev.ec2service.image.domain.ImageStatus;
import dev.ec2service.image.port.ImageState;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An image as the API shows it: its metadata (REQ-IMG-005) and the current state of its file. */
@Schema(name = "Image")
public record ImageResponse(
        String id,
        String name,
        String description,
        String os,
        String arch,
        String filePath,
        Instant createdAt,
        String defaultUser,
        @Schema(description = "catalog (fetched with POST /api/images/{id}/pull) or imported") String source,
        String downloadUrl,
        String checksumUrl,
        @Schema(description = "available, missing, downloading or error") ImageStatus status,
        @Schema(description = "why the image is missing or in error, or the phase of a running pull") String statusDetail,
        @Schema(description = "disk size the guest sees, in bytes, from the qcow2 header") Long virtualSize,
        @Schema(description = "size of the file on disk, in bytes") Long fileSize,
        @Schema(description = "SHA-256 verified by the last pull or computed on import") String sha256,
        @Schema(description = "bytes received by a running or interrupted pull") Long bytesDone,
        @Schema(description = "size of the file being pulled, once the server told it") Long bytesTotal) {

    static ImageResponse of(Image image, ImageState state) {
        return new ImageResponse(image.id, image.name, image.description, image.os, image.arch, image.filePath,
                image.createdAt, image.defaultUser, image.source, image.downloadUrl, image.checksumUrl, state.status(),
                state.detail(), state.virtualSize(), state.fileSize(), image.sha256, state.bytesDone(),
                state.bytesTotal());
    }
}
