package dev.ec2service.image.service;

import dev.ec2service.image.config.ImagesConfig;
import dev.ec2service.image.domain.Image;
import dev.ec2service.image.domain.ImageErrors;
import dev.ec2service.image.domain.ImageStatus;
import dev.ec2service.image.download.Sha256;
import dev.ec2service.platform.arch.Arch;
import dev.ec2service.platform.error.DomainException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Registers a qcow2 file on the host as an image: checks it, copies it to
 * {@code <home>/images/<id>.qcow2} under a temporary name and moves it into place, then inserts
 * the row. A refusal at any step leaves neither a file nor a row behind. Blocking (the copy):
 * called on a worker thread.
 */
@ApplicationScoped
public class ImageImporter {

    static final Pattern ID = Pattern.compile("[a-z0-9._-]{1,64}");

    private final ImagePaths paths;
    private final ImageRecords records;
    private final boolean allowForeignArch;
    /** Ids being imported right now: a second import of the same id waits for no copy to find out it lost. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    ImageImporter(ImagePaths paths, ImagesConfig config, ImageRecords records) {
        this.paths = paths;
        this.records = records;
        this.allowForeignArch = config.allowForeignArch();
    }

    public Image importImage(ImportCommand command) {
        String id = command.id() == null ? newId() : validId(command.id());
        String arch = archOf(command.arch());
        Path source = sourceOf(command.path());
        FileCheck check = FileCheck.of(source);
        refuseUnusable(check);
        if (!inFlight.add(id)) {
            throw exists(id);
        }
        try {
            if (QuarkusTransaction.requiringNew().call(() -> Image.findById(id) != null)) {
                throw exists(id);
            }
            Path target = paths.importedFile(id);
            String sha256 = copyIntoPlace(source, target, id);
            try {
                Image image = insert(command, id, arch, target, sha256, FileCheck.of(target));
                records.created(image);
                Log.infof("image %s imported from %s into %s (%s, virtual size %d bytes)", id, source, target, arch,
                        check.virtualSize());
                return image;
            } catch (RuntimeException e) {
                deleteQuietly(target);
                throw e;
            }
        } finally {
            inFlight.remove(id);
        }
    }

    private String copyIntoPlace(Path source, Path target, String id) {
        refuseWithoutRoom(source);
        Path temp = paths.importTemp(id);
        try {
            MessageDigest digest = Sha256.digest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest);
                    OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
                in.transferTo(out);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            // the source may have changed between the check and the copy: what counts is the copy
            refuseUnusable(FileCheck.of(temp));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            return Sha256.hex(digest);
        } catch (IOException e) {
            throw ImageErrors.COPY_FAILED.exception(
                    "copying " + source + " into " + paths.dir() + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** A copy that fills the disk would fail late and starve the instances' disks meanwhile: refuse it up front. */
    private void refuseWithoutRoom(Path source) {
        try {
            long needed = Files.size(source);
            long free = Files.getFileStore(paths.dir()).getUsableSpace();
            if (needed > free) {
                throw ImageErrors.INSUFFICIENT_STORAGE.exception(
                        "importing " + source + " needs " + needed + " bytes but the file system of " + paths.dir()
                                + " has " + free + " free");
            }
        } catch (IOException e) {
            throw ImageErrors.UNREADABLE_FILE.exception("cannot measure " + source + ": " + e.getMessage(), e);
        }
    }

    private static Image insert(ImportCommand command, String id, String arch, Path target, String sha256,
            FileCheck check) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Image image = new Image();
            image.id = id;
            image.name = command.name();
            image.description = command.description();
            image.os = command.os();
            image.arch = arch;
            image.filePath = target.toString();
            image.defaultUser = command.defaultUser();
            image.source = Image.SOURCE_IMPORTED;
            image.createdAt = Instant.now();
            image.sha256 = sha256;
            image.virtualSize = check.virtualSize();
            image.status = check.ok() ? ImageStatus.AVAILABLE : ImageStatus.MISSING;
            image.checkedAt = Instant.now();
            image.persist();
            return image;
        });
    }

    private static String validId(String id) {
        if (!ID.matcher(id).matches()) {
            throw ImageErrors.INVALID_ID.exception("image id '" + id + "' is not valid: use 1 to 64 of "
                    + "a-z, 0-9, '.', '_' and '-'");
        }
        return id;
    }

    private static String newId() {
        for (int i = 0; i < 10; i++) {
            String id = "img-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            if (QuarkusTransaction.requiringNew().call(() -> Image.findById(id) == null)) {
                return id;
            }
        }
        throw new IllegalStateException("no free image id after 10 random tries");
    }

    private String archOf(String declared) {
        String host = Arch.host().map(Arch::debianName).orElse(System.getProperty("os.arch"));
        if (declared == null) {
            return host;
        }
        String arch = Arch.parse(declared).map(Arch::debianName).orElseThrow(() -> ImageErrors.UNKNOWN_ARCH.exception(
                "architecture '" + declared + "' is not supported: use amd64 (x86_64) or arm64 (aarch64)"));
        if (!arch.equals(host) && !allowForeignArch) {
            throw ImageErrors.FOREIGN_ARCH.exception("the image is for " + arch + " but this host is " + host
                    + "; such a guest could only be emulated, very slowly. Set ec2.images.allow-foreign-arch=true "
                    + "to accept it anyway");
        }
        return arch;
    }

    private static Path sourceOf(String path) {
        Path source;
        try {
            source = Path.of(path);
        } catch (InvalidPathException e) {
            // e.g. a NUL byte: no file can have this name
            throw ImageErrors.INVALID_PATH.exception("path is not a valid file name on this host: "
                    + e.getReason());
        }
        if (!source.isAbsolute()) {
            throw ImageErrors.INVALID_PATH.exception("path '" + path + "' must be absolute: the service "
                    + "does not share your working directory");
        }
        return source.normalize();
    }

    private static void refuseUnusable(FileCheck check) {
        switch (check.kind()) {
            case OK -> {
            }
            case ABSENT, UNREADABLE -> throw ImageErrors.UNREADABLE_FILE.exception(check.problem());
            case NOT_QCOW2 -> throw ImageErrors.NOT_QCOW2.exception(
                    check.problem() + "; convert it with `qemu-img convert -O qcow2 <file> <new file>`");
            case NOT_STANDALONE -> throw ImageErrors.NOT_STANDALONE.exception(check.problem());
        }
    }

    private static DomainException exists(String id) {
        return ImageErrors.EXISTS.exception("an image with id '" + id + "' already exists");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warnf("could not delete %s: %s", file, e.getMessage());
        }
    }
}
