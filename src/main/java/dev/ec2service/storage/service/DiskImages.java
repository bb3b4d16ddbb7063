package dev.ec2service.storage.service;

import dev.ec2service.platform.process.Tools;
import dev.ec2service.storage.port.Disks;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Instance disks: qcow2 overlays on a base image, so an instance stores only what it changes (REQ-STOR-002/003). */
@ApplicationScoped
public class DiskImages implements Disks {

    private final QemuAccess qemuAccess;

    DiskImages(QemuAccess qemuAccess) {
        this.qemuAccess = qemuAccess;
    }

    /** Creates {@code disk} as a copy-on-write overlay of {@code base} with the given virtual size, writable by QEMU. */
    @Override
    public void createOverlay(Path base, Path disk, int sizeGb) throws IOException {
        Tools.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(),
                disk.toString(), sizeGb + "G"));
        qemuAccess.allow(disk, true);
    }

    /** Lets QEMU read a file it is given as is, such as a seed ISO. */
    @Override
    public void allowRead(Path file) throws IOException {
        qemuAccess.allow(file, false);
    }
}
