package dev.ec2service.image.service;

import dev.ec2service.image.config.ImagesConfig;
import dev.ec2service.image.domain.Image;
import dev.ec2service.image.domain.ImageErrors;
import dev.ec2service.image.download.ChecksumList;
import dev.ec2service.image.download.DownloadException;
import dev.ec2service.image.download.DownloadLimits;
import dev.ec2service.image.download.DownloadRefusedException;
import dev.ec2service.image.download.ResumableDownload;
import dev.ec2service.image.download.Sha256;
import dev.ec2service.platform.config.Ec2Config;
import dev.ec2service.platform.error.ErrorCode;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches a catalogue image's official file in the background: checksum list first (a wrong
 * entry fails in a second, not after a gigabyte), then the resumable download into
 * {@code .<file>.part}, then SHA-256 verification, and only then an atomic move into place, so the
 * image path never holds an unverified byte.
 */
@ApplicationScoped
public class ImagePuller {

    /** Whether a pull was started or there was nothing to do. */
    public enum Start {
        STARTED, ALREADY_AVAILABLE
    }

    private static final long GIB = 1024L * 1024 * 1024;

    private final PullTracker pulls;
    private final ImagePaths paths;
    private final ImageRecords records;
    private final Duration saveInterval;
    private final ExecutorService executor;
    private final ResumableDownload download;

    /** How long a pull request waits for the server to announce the file's size before it starts anyway. */
    private static final Duration SIZE_PROBE_TIMEOUT = Duration.ofSeconds(10);

    ImagePuller(PullTracker pulls, ImagePaths paths, ImageRecords records, ImagesConfig config, Ec2Config ec2) {
        this.pulls = pulls;
        this.paths = paths;
        this.records = records;
        this.saveInterval = config.download().progressSaveInterval();
        AtomicInteger threads = new AtomicInteger();
        // one thread per running pull (at most one per image) plus the HTTP client's own work
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "image-pull-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(config.download().connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .build();
        DownloadLimits limits = new DownloadLimits(config.download().maxSize().asLongValue(),
                "ec2.images.download.max-size", ec2.limits().diskHeadroomGb() * GIB, "ec2.limits.disk-headroom-gb",
                () -> Files.getFileStore(paths.dir()).getUsableSpace());
        this.download = new ResumableDownload(http, new ResumableDownload.Settings(config.download().stallTimeout(),
                config.download().attempts(), config.download().retryDelay(), limits));
    }

    /** Starts pulling image {@code id}; refused when unknown, not downloadable or already pulling. */
    public Start start(String id) {
        Image image = QuarkusTransaction.requiringNew().call(() -> Image.<Image>findById(id));
        if (image == null) {
            throw ImageErrors.NOT_FOUND.exception("Image '" + id + "' does not exist");
        }
        if (!image.fromCatalog() || image.downloadUrl == null || image.checksumUrl == null) {
            throw ImageErrors.NOT_DOWNLOADABLE.exception("image '" + id + "' was imported and has no download "
                    + "source; import it again with POST /api/images");
        }
        if (FileCheck.of(Path.of(image.filePath)).ok() && pulls.running(id).isEmpty()) {
            return Start.ALREADY_AVAILABLE;
        }
        PullProgress progress = pulls.begin(id).orElseThrow(() -> ImageErrors.PULL_IN_PROGRESS.exception(
                "image '" + id + "' is already being downloaded; follow it with GET /api/images/" + id));
        try {
            refuseWhatCannotFit(image);
        } catch (RuntimeException e) {
            pulls.end(id);
            throw e;
        }
        try {
            records.downloading(id, progress);
            executor.execute(() -> run(image, progress));
        } catch (RuntimeException e) {
            pulls.end(id);
            throw e;
        }
        Log.infof("pull of image %s started from %s", id, image.downloadUrl);
        return Start.STARTED;
    }

    /**
     * A pull whose file is over the cap, or would leave less than the disk headroom free, is refused here with
     * a refusal when the server announces the size; otherwise the download checks again when its response arrives.
     */
    private void refuseWhatCannotFit(Image image) {
        URI url = URI.create(image.downloadUrl);
        Optional<Long> size;
        try {
            size = download.announcedSize(url, SIZE_PROBE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (size.isEmpty()) {
            return;
        }
        try {
            download.checkLimits(url, size.get(), paths.partFile(image));
        } catch (DownloadRefusedException e) {
            ErrorCode code = e.reason() == DownloadRefusedException.Reason.TOO_LARGE ? ImageErrors.DOWNLOAD_TOO_LARGE
                    : ImageErrors.INSUFFICIENT_DISK;
            Log.warnf("pull of image %s refused: %s", image.id, e.getMessage());
            throw code.exception(e.getMessage());
        } catch (DownloadException e) {
            Log.warnf("pull of image %s: %s; the download checks its size again", image.id, e.getMessage());
        }
    }

    private void run(Image image, PullProgress progress) {
        Path target = Path.of(image.filePath);
        Path part = paths.partFile(image);
        try {
            progress.phase("fetching the checksum list");
            String fileName = Path.of(URI.create(image.downloadUrl).getPath()).getFileName().toString();
            ChecksumList sums = ChecksumList.parse(download.text(URI.create(image.checksumUrl)));
            String expected = sums.find(fileName).orElseThrow(() -> new DownloadException(
                    "the checksum list " + image.checksumUrl + " has no entry for " + fileName, false));

            progress.phase("downloading");
            records.downloading(image.id, progress);
            long[] lastSave = {System.nanoTime()};
            download.fetch(URI.create(image.downloadUrl), part, progress, () -> {
                if (System.nanoTime() - lastSave[0] >= saveInterval.toNanos()) {
                    lastSave[0] = System.nanoTime();
                    records.downloading(image.id, progress);
                }
            });

            progress.phase("verifying the SHA-256 checksum");
            String actual = Sha256.of(part);
            if (!actual.equals(expected)) {
                Files.deleteIfExists(part);
                throw new DownloadException("SHA-256 mismatch for " + fileName + ": the checksum list says " + expected
                        + " but the download has " + actual + "; the download was deleted, pull again", false);
            }
            FileCheck check = FileCheck.of(part);
            if (!check.ok()) {
                Files.deleteIfExists(part);
                throw new DownloadException("the verified download is not a usable base image: " + check.problem(), false);
            }
            moveIntoPlace(part, target);
            records.pulled(image.id, actual, FileCheck.of(target));
            Log.infof("image %s pulled and verified (sha256 %s): %s", image.id, actual, target);
        } catch (DownloadException e) {
            String detail = e.getMessage() + (Files.exists(part)
                    ? "; the " + progress.bytesDone() + " bytes received are kept and the next pull resumes from them"
                    : "");
            Log.warnf("pull of image %s failed: %s", image.id, detail);
            recordQuietly(() -> records.failed(image.id, detail, progress));
        } catch (InterruptedException e) {
            Log.infof("pull of image %s interrupted; %s keeps the bytes received", image.id, part);
            recordQuietly(() -> records.interrupted(image.id, progress));
        } catch (IOException | RuntimeException e) {
            Log.errorf(e, "pull of image %s failed unexpectedly", image.id);
            recordQuietly(() -> records.failed(image.id, "pull failed: " + e.getMessage(), progress));
        } finally {
            pulls.end(image.id);
        }
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // both live in the images directory, so this only happens on exotic file systems
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void recordQuietly(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            Log.warnf("could not record the outcome of a pull: %s", e.getMessage());
        }
    }

    /** Stops running pulls before the database closes; their partial files stay for the next pull. */
    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
