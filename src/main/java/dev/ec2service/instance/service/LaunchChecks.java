package dev.ec2service.instance.service;

import dev.ec2service.image.domain.Image;
import dev.ec2service.image.domain.ImageErrors;
import dev.ec2service.image.port.ImageLookup;
import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.instance.domain.InstanceType;
import dev.ec2service.keypair.domain.SshKey;
import dev.ec2service.keypair.port.KeyPairLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Checks every field of a launch before anything is reserved or created, and resolves what it names. */
@ApplicationScoped
class LaunchChecks {

    /** A launch whose every field was checked: the type, name and user data to use, the image and key it names. */
    record Launch(InstanceType type, String name, byte[] userData, Image image, SshKey key) {
    }

    private final InstanceConfig config;
    private final ImageLookup images;
    private final KeyPairLookup keys;

    LaunchChecks(InstanceConfig config, ImageLookup images, KeyPairLookup keys) {
        this.config = config;
        this.images = images;
        this.keys = keys;
    }

    /** The session that reads outside a transaction is the request's (one is begun when none is active). */
    @ActivateRequestContext
    Launch check(CreateInstanceCommand command) {
        InstanceType type = type(command.instanceType());
        String name = validName(command.name());
        byte[] userData = command.userData() == null ? null
                : userData(command.userData().getBytes(StandardCharsets.UTF_8));
        if (command.imageId() == null || command.imageId().isBlank()) {
            throw ImageErrors.UNKNOWN_IMAGE.exception("image_id is required");
        }
        // Read without a transaction of their own: every transaction here begins IMMEDIATE, so it takes SQLite's
        // write lock, and a burst of launches had each check queue behind the others' and behind their rows'
        // inserts. A read in autocommit mode takes no lock in WAL mode.
        return new Launch(type, name, userData, images.requireAvailable(command.imageId()),
                command.sshKeyName() == null ? null : keys.requireExisting(command.sshKeyName()));
    }

    private static String validName(String name) {
        if (name == null) {
            return null;
        }
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (trimmed.length() > InstanceService.MAX_NAME_LENGTH) {
            throw InstanceErrors.INVALID_NAME.exception("name is " + trimmed.length() + " characters long; at most "
                    + InstanceService.MAX_NAME_LENGTH + " are allowed");
        }
        if (trimmed.codePoints().anyMatch(c -> Character.isISOControl(c) || !Character.isDefined(c))) {
            throw InstanceErrors.INVALID_NAME.exception("name may contain printable characters only");
        }
        return trimmed;
    }

    /** The instance type named {@code name}, refused when there is none. */
    InstanceType type(String name) {
        return InstanceType.byName(name).orElseThrow(() -> InstanceErrors.UNKNOWN_INSTANCE_TYPE.exception(
                "instance type '" + name + "' does not exist; use one of " + Arrays.stream(InstanceType.values())
                        .map(InstanceType::apiName).collect(Collectors.joining(", "))));
    }

    /** User data within the limit; none (null) when empty. */
    byte[] userData(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        if (bytes.length > config.maxUserDataBytes()) {
            throw InstanceErrors.USER_DATA_TOO_LARGE.exception("user data is " + bytes.length + " bytes; at most "
                    + config.maxUserDataBytes() + " bytes (16 KiB, as on EC2) are allowed");
        }
        return bytes;
    }
}
