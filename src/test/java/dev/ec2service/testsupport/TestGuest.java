package dev.ec2service.testsupport;

import dev.ec2service.image.domain.Image;
import dev.ec2service.storage.service.DataHome;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;

/**
 * The small test guest built by scripts/guest/build-test-image.sh (make test passes its path in
 * EC2_TEST_IMAGE): a real bootable disk with a NoCloud reader, dropbear and default user ubuntu.
 */
public final class TestGuest {

    public static final String IMAGE_ID = "test-guest";
    public static final String USER = "ubuntu";

    private TestGuest() {
    }

    public static Path imageFile() {
        String path = System.getenv("EC2_TEST_IMAGE");
        if (path == null || !Files.isReadable(Path.of(path))) {
            throw new IllegalStateException("EC2_TEST_IMAGE does not name the test guest image; run the tests with make test");
        }
        return Path.of(path);
    }

    /** Places the test guest in the images directory and registers it, once per data home. */
    public static synchronized String register(DataHome home) throws IOException {
        Path target = home.images().resolve("ec2-test-guest.qcow2");
        if (!Files.exists(target)) {
            Path tmp = home.images().resolve(".ec2-test-guest.qcow2.tmp");
            Files.copy(imageFile(), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            if (Image.findById(IMAGE_ID) == null) {
                Image image = new Image();
                image.id = IMAGE_ID;
                image.name = "ec2 test guest";
                image.description = "busybox + dropbear + NoCloud reader, built by the test harness";
                image.os = "linux";
                image.arch = "amd64";
                image.filePath = target.toString();
                image.defaultUser = USER;
                image.source = "imported";
                image.createdAt = Instant.now();
                image.persist();
            }
        });
        return IMAGE_ID;
    }

    /** Skips a test that needs the real environment when it is run outside make test (e.g. from an IDE). */
    public static void assumeRealEnvironment() {
        Assumptions.assumeTrue(System.getenv("EC2_TEST_IMAGE") != null,
                "needs the real test environment: run make test");
    }
}
