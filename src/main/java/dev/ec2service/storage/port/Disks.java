package dev.ec2service.storage.port;

import java.io.IOException;
import java.nio.file.Path;

/** Instance disks and the files QEMU is handed (REQ-STOR-002/003). */
public interface Disks {

    /** Creates {@code disk} as a copy-on-write overlay of {@code base} with the given virtual size, writable by QEMU. */
    void createOverlay(Path base, Path disk, int sizeGb) throws IOException;

    /** Lets QEMU read a file it is given as is, such as a seed ISO. */
    void allowRead(Path file) throws IOException;
}
