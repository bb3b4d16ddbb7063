package dev.ec2service.host.port;

import java.nio.file.Path;

/** The host's memory and disk as new instances see them (REQ-LIM-001/002). */
public interface HostCapacity {

    /** Memory that new guests can use. */
    Memory memory();

    /** Space on the file system holding the data home, where instance disks grow. */
    Disk disk();

    record Memory(long totalBytes, long availableBytes) {
        public long usedBytes() {
            return totalBytes - availableBytes;
        }
    }

    record Disk(Path path, long totalBytes, long freeBytes) {
    }
}
