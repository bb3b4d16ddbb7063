package dev.ec2service.storage.port;

import java.util.List;

/** Whether QEMU can reach the data home's images and disks, and what to run when it cannot; reported by health. */
public interface QemuAccessCheck {

    /** What the last check found. */
    QemuAccessReport report();

    /** What the check found; reported by health. */
    record QemuAccessReport(boolean needed, boolean ok, String user, List<String> commands, String detail) {
    }
}
