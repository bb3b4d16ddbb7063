package dev.ec2service.image.api;

import static dev.ec2service.image.api.ImportRequestRules.DESCRIPTION_MAX;
import static dev.ec2service.image.api.ImportRequestRules.LINUX_USER;
import static dev.ec2service.image.api.ImportRequestRules.NAME_MAX;
import static dev.ec2service.image.api.ImportRequestRules.NOT_BLANK;
import static dev.ec2service.image.api.ImportRequestRules.OS_MAX;

import dev.ec2service.image.service.ImportCommand;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /api/images}: a qcow2 file on this host to register as an image. {@link ImportRequestRules} checks
 * it; the {@code @Schema} limits document those rules (a field that must not be blank is {@code pattern: \S}), as
 * Bean Validation's constraints did, with the user-name pattern now anchored.
 */
@Schema(name = "ImportImageRequest")
public record ImportImageRequest(
        @Schema(description = "1-64 of a-z 0-9 . _ -; generated (img-xxxxxxxx) when absent") String id,
        @Schema(required = true, pattern = NOT_BLANK, maxLength = NAME_MAX) String name,
        @Schema(maxLength = DESCRIPTION_MAX) String description,
        @Schema(description = "operating system, e.g. ubuntu or debian", required = true, pattern = NOT_BLANK,
                maxLength = OS_MAX) String os,
        @Schema(description = "amd64 or arm64 (x86_64/aarch64 accepted); defaults to the host's") String arch,
        @Schema(description = "login user cloud-init installs the key for, e.g. ubuntu or debian", required = true,
                pattern = LINUX_USER) String defaultUser,
        @Schema(description = "absolute path of a standalone qcow2 file on the host; it is copied", required = true,
                pattern = NOT_BLANK) String path) {

    ImportCommand toCommand() {
        return new ImportCommand(id, name, description, os, arch, defaultUser, path);
    }
}
