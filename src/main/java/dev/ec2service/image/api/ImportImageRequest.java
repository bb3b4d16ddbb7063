package dev.ec2service.image.api;

import dev.ec2service.image.service.ImportCommand;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/images}: a qcow2 file on this host to register as an image. */
@Schema(name = "ImportImageRequest")
public record ImportImageRequest(
        @Schema(description = "1-64 of a-z 0-9 . _ -; generated (img-xxxxxxxx) when absent") String id,
        @NotBlank @Size(max = 128) String name,
        @Size(max = 1024) String description,
        @Schema(description = "operating system, e.g. ubuntu or debian") @NotBlank @Size(max = 64) String os,
        @Schema(description = "amd64 or arm64 (x86_64/aarch64 accepted); defaults to the host's") String arch,
        @Schema(description = "login user cloud-init installs the key for, e.g. ubuntu or debian")
        @NotBlank @Pattern(regexp = "[a-z_][a-z0-9_-]{0,31}", message = "must be a Linux user name") String defaultUser,
        @Schema(description = "absolute path of a standalone qcow2 file on the host; it is copied") @NotBlank String path) {

    ImportCommand toCommand() {
        return new ImportCommand(id, name, description, os, arch, defaultUser, path);
    }
}
