package dev.ec2service.storage.service;

import dev.ec2service.storage.port.Disks;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Instance disks: qcow2 overlays on a base image, so an instance stores only what it changes (REQ-STOR-002/003). */
@ApplicationScoped
public class DiskImages implements Disks {

    private final QemuAccess qemuAccess;

    DiskImages(QemuAccess qemuAccess) {
        this.qemuAccess = qemuAccess;
    }

    /**
     * Creates {@code disk} as a copy-on-write overlay of {@code base} with the given virtual size, writable by QEMU.
     * Written in process ({@link Qcow2Overlay}): a launch forks no qemu-img.
     */
    @Override
    public void createOverlay(Path base, Path disk, int sizeGb) throws IOException {
        if (!Files.isRegularFile(base)) {
            throw new NoSuchFileException(base.toString(), null, "the base image is missing");
        }
        Qcow2Overlay.write(disk, base, sizeGb * (1L << 30));
        qemuAccess.allow(disk, true);
    }

    /** Lets QEMU read a file it is given as is, such as a seed ISO. */
    @Override
    public void allowRead(Path file) throws IOException {
        qemuAccess.allow(file, false);
    }
}
