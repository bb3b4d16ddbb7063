package dev.ec2service.image.service;

import dev.ec2service.image.domain.Image;
import dev.ec2service.platform.api.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;

/** Base images: what instances are created from. */
@ApplicationScoped
public class ImageService {

    /** The image to launch from, refused (422) when unknown or when its file is missing (REQ-IMG-004). */
    public Image requireAvailable(String imageId) {
        Image image = Image.findById(imageId);
        if (image == null) {
            throw ProblemException.invalid("unknown-image", "image '" + imageId + "' does not exist");
        }
        if (!Files.isReadable(Path.of(image.filePath))) {
            throw ProblemException.invalid("image-missing", "the base image file of '" + imageId + "' is missing: "
                    + image.filePath);
        }
        return image;
    }
}
