import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites every jar below a directory with its entries stored instead of deflated: same entries, same order, same
 * bytes, same times (to the two seconds a zip entry holds). Quarkus's class loader reads each class's bytes from
 * its jar at every start, class-data archive or not (the JVM matches the bytes to the archived class), and
 * inflating them took about 0.16 s of CPU on the path to the first answer (perf, two cores). Stored entries are
 * read as they are. The jars grow from about 80 to about 190 MiB on disk; signed jars stay valid, since signatures
 * cover the bytes, not their compression. A jar with nothing deflated is left as it is, so running it twice changes
 * nothing.
 *
 * Usage: java scripts/StoreJars.java DIR   (scripts/build-cds.sh runs it on target/quarkus-app)
 */
public class StoreJars {

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java StoreJars.java DIR");
            System.exit(2);
        }
        List<Path> jars;
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            jars = files.filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
        }
        int rewritten = 0;
        for (Path jar : jars) {
            if (store(jar)) {
                rewritten++;
            }
        }
        System.out.println(rewritten + " of " + jars.size() + " jars rewritten with stored entries");
    }

    /** Rewrites one jar; false when nothing in it was deflated. */
    static boolean store(Path jar) throws IOException {
        Path part = jar.resolveSibling(jar.getFileName() + ".part");
        try {
            try (ZipFile in = new ZipFile(jar.toFile())) {
                List<? extends ZipEntry> entries = Collections.list(in.entries());
                if (entries.stream().noneMatch(e -> e.getMethod() == ZipEntry.DEFLATED)) {
                    return false;
                }
                try (OutputStream file = Files.newOutputStream(part); ZipOutputStream out = new ZipOutputStream(file)) {
                    out.setMethod(ZipOutputStream.STORED);
                    String comment = in.getComment();
                    if (comment != null) {
                        out.setComment(comment);
                    }
                    // a name twice is refused by ZipOutputStream; the class loader, looking up by name, reads the
                    // copy getEntry finds for it (ZipFile's lookup by name), so that one is written, in the place of
                    // the first
                    Set<String> written = new HashSet<>();
                    for (ZipEntry listed : entries) {
                        if (!written.add(listed.getName())) {
                            continue;
                        }
                        ZipEntry entry = in.getEntry(listed.getName());
                        byte[] bytes;
                        try (InputStream data = in.getInputStream(entry)) {
                            bytes = data.readAllBytes();
                        }
                        ZipEntry copy = stored(entry, bytes);
                        // ZipFile inflates without checking the CRC: a damaged jar would be copied as garbage
                        if (entry.getCrc() != -1 && entry.getCrc() != copy.getCrc()) {
                            throw new IOException(jar + ": " + entry.getName() + " does not match its CRC");
                        }
                        out.putNextEntry(copy);
                        out.write(bytes);
                        out.closeEntry();
                    }
                }
            }
            Files.move(part, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (Throwable e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    /** A stored entry must say its size and CRC before its bytes. */
    private static ZipEntry stored(ZipEntry from, byte[] bytes) {
        ZipEntry to = new ZipEntry(from.getName());
        to.setMethod(ZipEntry.STORED);
        to.setSize(bytes.length);
        to.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        to.setCrc(crc.getValue());
        // extra fields are left behind (finer times, ZIP64 sizes the writer adds itself when needed); the time is
        // kept as the DOS fields hold it, to two seconds, without passing through a time zone
        to.setTimeLocal(from.getTimeLocal());
        if (from.getComment() != null) {
            to.setComment(from.getComment());
        }
        return to;
    }
}
