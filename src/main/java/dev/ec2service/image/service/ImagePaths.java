package dev.ec2service.image.service;

import dev.ec2service.image.domain.Image;
import dev.ec2service.platform.files.DataHome;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Where image files live under {@code <home>/images/}. Files still being written carry a leading
 * dot, so a half-written file is never mistaken for an image and a stray one is easy to spot.
 */
@ApplicationScoped
public class ImagePaths {

    /** Suffix of an import's temporary copy; leftovers from a crash are removed at startup. */
    static final String IMPORT_SUFFIX = ".importing";

    private final DataHome home;

    ImagePaths(DataHome home) {
        this.home = home;
    }

    public Path dir() {
        return home.images();
    }

    /** The file of a catalogue image, named as upstream names it. */
    public Path catalogueFile(String fileName) {
        return dir().resolve(fileName);
    }

    /** The file of an imported image. */
    public Path importedFile(String id) {
        return dir().resolve(id + ".qcow2");
    }

    /** Where a pull keeps the bytes received so far, so an interrupted download can resume. */
    public Path partFile(Image image) {
        return dir().resolve("." + Path.of(image.filePath).getFileName() + ".part");
    }

    /** A fresh temporary name for an import's copy. */
    public Path importTemp(String id) {
        return dir().resolve("." + id + "." + UUID.randomUUID().toString().substring(0, 8) + IMPORT_SUFFIX);
    }
}
