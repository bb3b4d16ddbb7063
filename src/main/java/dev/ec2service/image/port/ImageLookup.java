package dev.ec2service.image.port;

import dev.ec2service.image.domain.Image;
import java.util.List;
import java.util.Optional;

/** Images as other features need them: one to launch from, the user to log in as. */
public interface ImageLookup {

    /** The image to launch from, refused (invalid argument) when unknown or when its file is not usable. */
    Image requireAvailable(String imageId);

    /** Every image, catalogue and imported, by id. */
    List<Image> list();

    /** What the image's file is like right now (present, downloading, missing, broken). */
    ImageState state(Image image);

    /** The image's default login user, when the image exists and names one. */
    Optional<String> defaultUser(String imageId);
}
