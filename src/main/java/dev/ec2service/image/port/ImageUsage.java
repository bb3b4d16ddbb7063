package dev.ec2service.image.port;

import java.util.List;

/**
 * "Is this image in use?" Asked before an image or its file is deleted. Declared here, where the question is
 * asked, and answered by the feature that knows which instances run from which image.
 */
public interface ImageUsage {

    /** The instances launched from the image that are not terminated: how many, and up to {@code sample} ids in id order. */
    Users users(String imageId, int sample);

    /**
     * Lets go of what is kept ready for launches from the image (a QEMU prepared ahead on a disk over it), so no
     * paused QEMU keeps its deleted file open. Asked once the image (or its file) is deleted.
     */
    void letGo(String imageId);

    /** How many instances use an image, and the first of them by id. */
    record Users(long count, List<String> firstIds) {
    }
}
