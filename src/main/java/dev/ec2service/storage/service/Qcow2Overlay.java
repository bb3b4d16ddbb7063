package dev.ec2service.storage.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes an empty qcow2 (version 3) image whose every cluster reads from a qcow2 backing file: what
 * {@code qemu-img create -f qcow2 -F qcow2 -b BASE DISK SIZE} makes, without forking a process on every launch.
 * An empty overlay is all metadata and no data, laid out as qemu-img lays it out:
 * <pre>
 * cluster 0  header (112 bytes), the backing format extension, the end of extensions, the backing file name
 * cluster 1  refcount table: one entry, the refcount block below
 * cluster 2  refcount block: 16-bit counts, 1 for each cluster of metadata
 * cluster 3… L1 table, all entries zero: nothing allocated, everything read from the backing file
 * </pre>
 * The backing file is not opened; the caller has checked it (the image feature verifies its header).
 */
final class Qcow2Overlay {

    private static final int MAGIC = 0x514649fb;
    private static final int VERSION = 3;
    private static final int CLUSTER_BITS = 16;
    private static final int CLUSTER = 1 << CLUSTER_BITS;
    private static final int REFCOUNT_ORDER = 4;
    private static final int HEADER_LENGTH = 112;
    private static final int EXT_BACKING_FORMAT = 0xe2792aca;
    /** qemu's limit for the backing file name stored in the header. */
    static final int MAX_BACKING_NAME = 1023;

    private Qcow2Overlay() {
    }

    /** Creates (or replaces) {@code disk}: {@code virtualSize} bytes, a multiple of 512, backed by {@code base}. */
    static void write(Path disk, Path base, long virtualSize) throws IOException {
        if (virtualSize <= 0 || virtualSize % 512 != 0) {
            throw new IllegalArgumentException("virtual size must be a positive multiple of 512: " + virtualSize);
        }
        byte[] backing = base.toString().getBytes(StandardCharsets.UTF_8);
        if (backing.length == 0 || backing.length > MAX_BACKING_NAME) {
            throw new IllegalArgumentException("backing file name must be 1.." + MAX_BACKING_NAME + " bytes");
        }
        long l2Entries = CLUSTER / 8;
        long l1Size = ceilDiv(virtualSize, CLUSTER * l2Entries);
        if (l1Size > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException("virtual size too large for a qcow2 image: " + virtualSize);
        }
        long l1Clusters = Math.max(1, ceilDiv(l1Size * 8, CLUSTER));
        long refcountTable = CLUSTER;
        long refcountBlock = 2L * CLUSTER;
        long l1Table = 3L * CLUSTER;
        long metadataClusters = 3 + l1Clusters;
        // one 16-bit refcount block covers 32,768 clusters: an L1 table that large would be a 16 EiB disk
        if (metadataClusters > CLUSTER / 2) {
            throw new IllegalArgumentException("virtual size too large for one refcount block: " + virtualSize);
        }

        ByteBuffer header = ByteBuffer.allocate(CLUSTER);
        header.putInt(MAGIC).putInt(VERSION);
        int extensions = HEADER_LENGTH;
        int backingFormatExt = 8 + 8; // type, length, "qcow2" padded to 8
        int endExt = 8;
        long backingOffset = extensions + backingFormatExt + endExt;
        header.putLong(backingOffset).putInt(backing.length);
        header.putInt(CLUSTER_BITS).putLong(virtualSize);
        header.putInt(0); // no encryption
        header.putInt((int) l1Size).putLong(l1Table);
        header.putLong(refcountTable).putInt(1);
        header.putInt(0).putLong(0); // no snapshots
        header.putLong(0).putLong(0).putLong(0); // incompatible, compatible, autoclear features
        header.putInt(REFCOUNT_ORDER).putInt(HEADER_LENGTH);
        header.put((byte) 0); // compression type zlib, then padding to 112 bytes
        header.position(HEADER_LENGTH);
        header.putInt(EXT_BACKING_FORMAT).putInt(5).put("qcow2".getBytes(StandardCharsets.US_ASCII)).put(new byte[3]);
        header.putInt(0).putInt(0);
        header.put(backing);

        ByteBuffer table = ByteBuffer.allocate(CLUSTER);
        table.putLong(refcountBlock);
        ByteBuffer counts = ByteBuffer.allocate(CLUSTER);
        for (int cluster = 0; cluster < metadataClusters; cluster++) {
            counts.putShort((short) 1);
        }

        try (FileChannel out = FileChannel.open(disk, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeAt(out, header, 0);
            writeAt(out, table, refcountTable);
            writeAt(out, counts, refcountBlock);
            // the L1 table is zeros: the file only needs to reach its end
            writeAt(out, ByteBuffer.allocate((int) (l1Size * 8)), l1Table);
            out.force(true);
        }
    }

    private static void writeAt(FileChannel out, ByteBuffer buffer, long position) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            position += out.write(buffer, position);
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
