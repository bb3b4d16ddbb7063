package dev.ec2service.platform.files;

import dev.ec2service.platform.config.Ec2Config;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The data directory of REQ-STOR-005 ({@code storage/}, {@code images/}, {@code instances/}) with
 * {@code logs/} and {@code keys/} beside them. Created at startup, private to the owner.
 */
@ApplicationScoped
public class DataHome {

    private final Path root;

    DataHome(Ec2Config config) {
        this.root = config.home().toAbsolutePath().normalize();
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        create();
    }

    /** Creates every directory that is missing and makes each private (0700). Idempotent. */
    public void create() {
        for (Path dir : List.of(root, storage(), images(), instances(), logs(), keys())) {
            try {
                Files.createDirectories(dir);
                makePrivate(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data directory " + dir, e);
            }
        }
        Log.debugf("data home ready at %s", root);
    }

    public Path root() {
        return root;
    }

    public Path storage() {
        return root.resolve("storage");
    }

    public Path images() {
        return root.resolve("images");
    }

    public Path instances() {
        return root.resolve("instances");
    }

    public Path instanceDir(String instanceId) {
        return instances().resolve(instanceId);
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path keys() {
        return root.resolve("keys");
    }

    public Path database() {
        return root.resolve("ec2service.db");
    }

    static void makePrivate(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (never the case on Linux or macOS); nothing to tighten
        }
    }
}
