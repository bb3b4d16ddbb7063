package dev.ec2service.image.service;

import dev.ec2service.image.domain.Image;
import dev.ec2service.image.domain.ImageStatus;
import dev.ec2service.image.port.ImageState;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Works out an image's status from the running pull, the file itself and the last recorded
 * failure. The file is checked on every call (a header read), so a file deleted or dropped in by
 * hand is reported truthfully without a restart.
 */
@ApplicationScoped
public class ImageStates {

    private final PullTracker pulls;
    private final ImagePaths paths;

    ImageStates(PullTracker pulls, ImagePaths paths) {
        this.pulls = pulls;
        this.paths = paths;
    }

    public ImageState of(Image image) {
        Optional<PullProgress> pull = pulls.running(image.id);
        if (pull.isPresent()) {
            PullProgress p = pull.get();
            Integer percent = p.percent();
            return new ImageState(ImageStatus.DOWNLOADING, p.phase() + (percent == null ? "" : " (" + percent + "%)"),
                    null, null, p.bytesDone(), p.bytesTotal());
        }
        FileCheck check = FileCheck.of(Path.of(image.filePath));
        if (check.ok()) {
            return new ImageState(ImageStatus.AVAILABLE, null, check.virtualSize(), check.fileSize(), null, null);
        }
        if (image.status == ImageStatus.ERROR && check.kind() == FileCheck.Kind.ABSENT) {
            return new ImageState(ImageStatus.ERROR, image.statusDetail, null, null, image.bytesDone, image.bytesTotal);
        }
        long partial = image.fromCatalog() ? partSize(image) : 0;
        if (partial > 0) {
            return new ImageState(ImageStatus.MISSING, "an interrupted download left " + partial
                    + " bytes; POST /api/images/" + image.id + "/pull resumes it", null, null, partial, image.bytesTotal);
        }
        return new ImageState(ImageStatus.MISSING, check.problem(), check.virtualSize(), check.fileSize(), null, null);
    }

    /** What a user can do to get the image's file, for messages. */
    public static String howToGet(Image image) {
        return image.fromCatalog()
                ? "get it with `POST /api/images/" + image.id + "/pull` or `make image IMAGE=" + image.id + "`"
                : "import it again with `POST /api/images`";
    }

    private long partSize(Image image) {
        try {
            Path part = paths.partFile(image);
            return Files.exists(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
