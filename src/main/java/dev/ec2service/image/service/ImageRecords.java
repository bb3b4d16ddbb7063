package dev.ec2service.image.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ec2service.image.domain.Image;
import dev.ec2service.image.domain.ImageStatus;
import dev.ec2service.platform.events.ChangeFeed;
import dev.ec2service.platform.events.EventType;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Writes the recorded state of an image's file, each write in its own short transaction: callers
 * are background pulls and copies that must never hold the SQLite write lock while doing I/O. Each write is
 * announced on the events feed once committed (pull progress included, at the pull's save interval).
 */
@ApplicationScoped
public class ImageRecords {

    /**
     * The {@code data} of an {@code image} event on {@code /api/ws/events}: the recorded state (the id is the
     * event's id). {@code GET /api/images/{id}} also checks the file, so it may say more.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ImageEvent(String name, ImageStatus status, String statusDetail, Long bytesDone, Long bytesTotal,
            Long virtualSize) {

        static ImageEvent of(Image i) {
            return new ImageEvent(i.name, i.status, i.statusDetail, i.bytesDone, i.bytesTotal, i.virtualSize);
        }
    }

    private final ChangeFeed feed;

    ImageRecords(ChangeFeed feed) {
        this.feed = feed;
    }

    /** An image was added (imported) and committed. */
    public void created(Image image) {
        announce(image);
    }

    /** An image was deleted and the deletion committed. */
    public void deleted(String id) {
        feed.deleted(EventType.IMAGE, id);
    }

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

    private void update(String id, java.util.function.Consumer<Image> change) {
        Image changed = QuarkusTransaction.requiringNew().call(() -> {
            Image image = Image.findById(id);
            if (image != null) {
                change.accept(image);
            }
            return image;
        });
        if (changed != null) {
            announce(changed);
        }
    }

    private void announce(Image image) {
        try {
            feed.changed(EventType.IMAGE, image.id, ImageEvent.of(image));
        } catch (RuntimeException e) {
            Log.warnf("image %s: the change was not announced to event listeners: %s", image.id, e.getMessage());
        }
    }
}
