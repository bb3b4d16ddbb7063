package dev.ec2service.image.service;

import dev.ec2service.image.domain.Image;
import dev.ec2service.image.domain.ImageStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Writes the recorded state of an image's file, each write in its own short transaction: callers
 * are background pulls and copies that must never hold the SQLite write lock while doing I/O.
 */
@ApplicationScoped
public class ImageRecords {

    /** Records what a check of the file found. */
    public void checked(String id, FileCheck check) {
        update(id, image -> {
            if (check.ok()) {
                image.status = ImageStatus.AVAILABLE;
                image.statusDetail = null;
                image.bytesDone = null;
                image.bytesTotal = null;
            } else if (image.status != ImageStatus.ERROR || check.kind() != FileCheck.Kind.ABSENT) {
                // a missing file after a failed pull keeps the pull's error: it says more
                image.status = ImageStatus.MISSING;
                image.statusDetail = check.problem();
            }
            image.virtualSize = check.virtualSize();
            image.checkedAt = Instant.now();
        });
    }

    /** The file was deleted on purpose: whatever was recorded about it, errors included, is moot. */
    public void fileDeleted(String id) {
        update(id, image -> {
            image.status = ImageStatus.MISSING;
            image.statusDetail = null;
            image.virtualSize = null;
            image.sha256 = null;
            image.bytesDone = null;
            image.bytesTotal = null;
            image.checkedAt = Instant.now();
        });
    }

    public void downloading(String id, PullProgress progress) {
        update(id, image -> {
            image.status = ImageStatus.DOWNLOADING;
            image.statusDetail = progress.phase();
            image.bytesDone = progress.bytesDone();
            image.bytesTotal = progress.bytesTotal();
        });
    }

    public void failed(String id, String detail, PullProgress progress) {
        update(id, image -> {
            image.status = ImageStatus.ERROR;
            image.statusDetail = detail;
            image.bytesDone = progress.bytesDone();
            image.bytesTotal = progress.bytesTotal();
            image.checkedAt = Instant.now();
        });
    }

    /** A pull stopped without failing (shutdown): the partial file stays for the next pull. */
    public void interrupted(String id, PullProgress progress) {
        update(id, image -> {
            image.status = ImageStatus.MISSING;
            image.statusDetail = "download interrupted; POST /api/images/" + id + "/pull resumes it";
            image.bytesDone = progress.bytesDone();
            image.bytesTotal = progress.bytesTotal();
        });
    }

    public void pulled(String id, String sha256, FileCheck check) {
        update(id, image -> {
            image.status = ImageStatus.AVAILABLE;
            image.statusDetail = null;
            image.sha256 = sha256;
            image.virtualSize = check.virtualSize();
            image.bytesDone = null;
            image.bytesTotal = null;
            image.checkedAt = Instant.now();
        });
    }

    private static void update(String id, java.util.function.Consumer<Image> change) {
        QuarkusTransaction.requiringNew().run(() -> {
            Image image = Image.findById(id);
            if (image != null) {
                change.accept(image);
            }
        });
    }
}
