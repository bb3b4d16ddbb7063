package dev.ec2service.image.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The fields of a qcow2 header that decide whether a file can serve as a base image, read in Java
 * so a check costs one small read and no process. Layout: QEMU's docs/interop/qcow2.txt.
 */
public record Qcow2Header(int version, long virtualSize, int clusterBits, int cryptMethod, long incompatibleFeatures,
        String backingFile) {

    /** "QFI\xfb". */
    static final int MAGIC = 0x514649fb;
    private static final int V2_LENGTH = 72;
    private static final int V3_LENGTH = 104;
    /** qemu refuses longer backing file names too. */
    private static final int MAX_BACKING_NAME = 1023;
    private static final long DIRTY = 1, CORRUPT = 1 << 1, EXTERNAL_DATA_FILE = 1 << 2;

    /** Reads the header of {@code file}; {@link NotQcow2Exception} says why it is not a usable qcow2 file. */
    public static Qcow2Header read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(V3_LENGTH).order(ByteOrder.BIG_ENDIAN);
            while (buf.hasRemaining() && channel.read(buf) > 0) {
                // keep reading: a read may return fewer bytes than asked
            }
            buf.flip();
            if (buf.remaining() < 4 || buf.getInt(0) != MAGIC) {
                throw new NotQcow2Exception("not a qcow2 image (no QFI\\xfb magic at the start of the file)");
            }
            if (buf.remaining() < V2_LENGTH) {
                throw new NotQcow2Exception("truncated qcow2 header (" + buf.remaining() + " bytes)");
            }
            int version = buf.getInt(4);
            if (version != 2 && version != 3) {
                throw new NotQcow2Exception("unsupported qcow2 version " + version);
            }
            if (version == 3 && buf.remaining() < V3_LENGTH) {
                throw new NotQcow2Exception("truncated qcow2 version 3 header (" + buf.remaining() + " bytes)");
            }
            long backingOffset = buf.getLong(8);
            int backingSize = buf.getInt(16);
            int clusterBits = buf.getInt(20);
            long size = buf.getLong(24);
            int crypt = buf.getInt(32);
            long incompatible = version == 3 ? buf.getLong(72) : 0;
            if (clusterBits < 9 || clusterBits > 21) {
                throw new NotQcow2Exception("invalid qcow2 cluster size (cluster_bits " + clusterBits + ")");
            }
            String backing = null;
            if (backingOffset != 0 && backingSize > 0) {
                backing = readBackingName(channel, backingOffset, Math.min(backingSize, MAX_BACKING_NAME));
            }
            return new Qcow2Header(version, size, clusterBits, crypt, incompatible, backing);
        }
    }

    private static String readBackingName(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer name = ByteBuffer.allocate(length);
        while (name.hasRemaining() && channel.read(name, offset + name.position()) > 0) {
            // keep reading until the name is complete or the file ends
        }
        return new String(name.array(), 0, name.position(), StandardCharsets.UTF_8);
    }

    public boolean hasBackingFile() {
        return backingFile != null;
    }

    /**
     * Why this image cannot be a base image on its own, or null when it can: it must not lean on
     * another file (backing or external data file), be encrypted, or be marked corrupt or dirty.
     */
    public String standaloneProblem() {
        if (hasBackingFile()) {
            return "it has a backing file (" + backingFile + "); base images must be standalone: "
                    + "flatten it with `qemu-img convert -O qcow2 <file> <new file>`";
        }
        if ((incompatibleFeatures & EXTERNAL_DATA_FILE) != 0) {
            return "it keeps its data in an external data file; base images must be standalone";
        }
        if (cryptMethod != 0) {
            return "it is encrypted; the service cannot supply its key";
        }
        if ((incompatibleFeatures & CORRUPT) != 0) {
            return "qemu marked it corrupt; repair it with `qemu-img check -r all <file>`";
        }
        if ((incompatibleFeatures & DIRTY) != 0) {
            return "it was not closed cleanly (dirty); repair it with `qemu-img check -r all <file>`";
        }
        if (virtualSize <= 0) {
            return "its virtual size is 0";
        }
        return null;
    }

    /** The file does not hold a qcow2 image QEMU could open. */
    public static class NotQcow2Exception extends IOException {
        public NotQcow2Exception(String message) {
            super(message);
        }
    }
}
