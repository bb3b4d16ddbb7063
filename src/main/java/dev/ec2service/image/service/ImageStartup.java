package dev.ec2service.image.service;

import dev.ec2service.image.config.ImagesConfig;
import dev.ec2service.image.domain.Image;
import dev.ec2service.platform.arch.Arch;
import dev.ec2service.platform.startup.StartupWork;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * At startup: detects the host's architecture (REQ-IMG-002), writes its catalogue into the images
 * table (REQ-IMG-001, REQ-IMG-005) and verifies every image's file (REQ-IMG-003), recording and
 * logging what it found. Runs as a startup step ({@link StartupWork}), after the schema migrator.
 */
@ApplicationScoped
public class ImageStartup {

    private final ImagesConfig config;
    private final ImagePaths paths;
    private final ImageRecords records;
    private final StartupWork startup;

    ImageStartup(ImagesConfig config, ImagePaths paths, ImageRecords records, StartupWork startup) {
        this.config = config;
        this.startup = startup;
        this.paths = paths;
        this.records = records;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        startup.add("images", 10, this::checkImages);
    }

    /** Until this has run, an image reads as it was last recorded (its row keeps the previous check). */
    void checkImages() {
        removeAbandonedImports();
        Arch.host().ifPresentOrElse(
                arch -> upsertCatalogue(ImageCatalogue.entries(arch, config.baseUrl())),
                () -> Log.warnf("no catalogue images for this host's architecture (%s); import images with "
                        + "POST /api/images", System.getProperty("os.arch")));
        verifyAll();
    }

    /** Inserts missing catalogue rows and refreshes existing ones; creation times are kept. */
    public void upsertCatalogue(List<CatalogueEntry> entries) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (CatalogueEntry e : entries) {
                Image image = Image.findById(e.id());
                boolean fresh = image == null;
                if (fresh) {
                    image = new Image();
                    image.id = e.id();
                    image.createdAt = Instant.now();
                }
                image.name = e.name();
                image.description = e.description();
                image.os = e.os();
                image.arch = e.arch();
                image.filePath = paths.catalogueFile(e.fileName()).toString();
                image.defaultUser = e.defaultUser();
                image.source = Image.SOURCE_CATALOG;
                image.downloadUrl = e.downloadUrl();
                image.checksumUrl = e.checksumUrl();
                if (fresh) {
                    image.persist();
                }
            }
        });
    }

    /** Checks every image's file and records the result (REQ-IMG-003). */
    public void verifyAll() {
        List<Image> images = QuarkusTransaction.requiringNew().call(() -> Image.<Image>listAll());
        for (Image image : images) {
            FileCheck check = FileCheck.of(Path.of(image.filePath));
            records.checked(image.id, check);
            if (check.ok()) {
                Log.infof("image %s available: %s (virtual size %d bytes)", image.id, image.filePath, check.virtualSize());
            } else {
                Log.warnf("image %s cannot be launched: %s; %s", image.id, check.problem(), ImageStates.howToGet(image));
            }
        }
    }

    /** A crash during an import leaves its temporary copy behind; nothing else refers to it. */
    private void removeAbandonedImports() {
        try (Stream<Path> files = Files.list(paths.dir())) {
            for (Path stale : files.filter(f -> f.getFileName().toString().endsWith(ImagePaths.IMPORT_SUFFIX)).toList()) {
                Files.deleteIfExists(stale);
                Log.infof("removed the temporary copy of an interrupted import: %s", stale);
            }
        } catch (IOException e) {
            Log.warnf("could not clean up %s: %s", paths.dir(), e.getMessage());
        }
    }
}
