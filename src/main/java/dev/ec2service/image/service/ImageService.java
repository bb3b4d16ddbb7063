package dev.ec2service.image.service;

import dev.ec2service.image.domain.Image;
import dev.ec2service.image.domain.ImageErrors;
import dev.ec2service.image.domain.ImageStatus;
import dev.ec2service.image.port.ImageLookup;
import dev.ec2service.image.port.ImageState;
import dev.ec2service.image.port.ImageUsage;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Base images: what instances are created from. */
@ApplicationScoped
public class ImageService implements ImageLookup {

    private final ImageStates states;
    private final PullTracker pulls;
    private final ImagePaths paths;
    private final ImageRecords records;
    private final ImageUsage usage;

    ImageService(ImageStates states, PullTracker pulls, ImagePaths paths, ImageRecords records, ImageUsage usage) {
        this.states = states;
        this.pulls = pulls;
        this.paths = paths;
        this.records = records;
        this.usage = usage;
    }

    /**
     * A read alone: in the caller's transaction, or in none (health reads without SQLite's write lock). Outside one,
     * the session is the request's; one is begun when none is active.
     */
    @Override
    @ActivateRequestContext
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Image> list() {
        return Image.listAll(Sort.by("id"));
    }

    /** The image, or a not-found refusal. */
    @Transactional
    public Image get(String id) {
        Image image = Image.findById(id);
        if (image == null) {
            throw ImageErrors.NOT_FOUND.exception("Image '" + id + "' does not exist");
        }
        return image;
    }

    @Override
    public ImageState state(Image image) {
        return states.of(image);
    }

    /**
     * The image to launch from, refused (invalid argument) when unknown or when its file is not usable (REQ-IMG-004).
     * A read alone: in the caller's transaction, or in none (a launch's checks read without SQLite's write lock).
     */
    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Image requireAvailable(String imageId) {
        Image image = Image.findById(imageId);
        if (image == null) {
            throw ImageErrors.UNKNOWN_IMAGE.exception("image '" + imageId + "' does not exist");
        }
        ImageState state = states.of(image);
        if (state.status() == ImageStatus.DOWNLOADING) {
            throw ImageErrors.IMAGE_MISSING.exception("the base image file of '" + imageId
                    + "' is still being downloaded (" + state.detail() + "); wait until GET /api/images/" + imageId
                    + " reports it available");
        }
        if (state.status() != ImageStatus.AVAILABLE) {
            throw ImageErrors.IMAGE_MISSING.exception("the base image file of '" + imageId
                    + "' is missing or unusable: " + image.filePath
                    + (state.detail() == null ? "" : " (" + state.detail() + ")") + "; " + ImageStates.howToGet(image));
        }
        return image;
    }

    @Override
    @Transactional
    public Optional<String> defaultUser(String imageId) {
        Image image = Image.findById(imageId);
        return image == null || image.defaultUser == null || image.defaultUser.isBlank() ? Optional.empty()
                : Optional.of(image.defaultUser);
    }

    /** Deletes an imported image, row and file; catalogue images and images in use are refused (conflict). */
    public void delete(String id) {
        Path file = QuarkusTransaction.requiringNew().call(() -> {
            Image image = get(id);
            if (image.fromCatalog()) {
                throw ImageErrors.CATALOG_IMAGE.exception("image '" + id + "' is part of the catalogue and "
                        + "cannot be deleted; DELETE /api/images/" + id + "/file removes only its downloaded file");
            }
            refuseWhileUsed(image);
            image.delete();
            return Path.of(image.filePath);
        });
        records.deleted(id);
        deleteQuietly(file);
        usage.letGo(id);
        Log.infof("image %s deleted with its file %s", id, file);
    }

    /** Deletes the downloaded file of a catalogue image (and any partial download); the entry stays. */
    public void deleteFile(String id) {
        Image image = QuarkusTransaction.requiringNew().call(() -> {
            Image found = get(id);
            if (!found.fromCatalog()) {
                throw ImageErrors.NOT_CATALOG_IMAGE.exception("image '" + id + "' was imported; "
                        + "DELETE /api/images/" + id + " removes it with its file");
            }
            refuseWhileUsed(found);
            return found;
        });
        deleteQuietly(Path.of(image.filePath));
        deleteQuietly(paths.partFile(image));
        records.fileDeleted(id);
        // once the file is gone, so no refill prepares from it again
        usage.letGo(id);
        Log.infof("file of catalogue image %s deleted: %s", id, image.filePath);
    }

    private void refuseWhileUsed(Image image) {
        if (pulls.running(image.id).isPresent()) {
            throw ImageErrors.PULL_IN_PROGRESS.exception("image '" + image.id + "' is being downloaded; "
                    + "wait for the pull to finish");
        }
        ImageUsage.Users users = usage.users(image.id, 5);
        long count = users.count();
        if (count > 0) {
            List<String> ids = users.firstIds();
            throw ImageErrors.IN_USE.exception("image '" + image.id + "' is used by " + count
                    + " instance(s) that are not terminated (" + String.join(", ", ids) + (count > ids.size() ? ", ..." : "")
                    + "); terminate them first");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warnf("could not delete %s: %s", file, e.getMessage());
        }
    }
}
