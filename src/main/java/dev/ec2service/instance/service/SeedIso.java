package dev.ec2service.instance.service;

import java.io.IOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small ISO 9660 writer for the NoCloud seed, in process instead of forking genisoimage, xorriso or hdiutil: one
 * root directory holding a few files, as {@code genisoimage -joliet -rock} lays it out. The primary tree carries
 * 8.3 names and Rock Ridge (RRIP 1991A) entries with the real names and modes; a Joliet supplementary tree carries
 * the real names again, for readers without Rock Ridge. Linux's isofs (what cloud-init and the test guest mount)
 * prefers Rock Ridge and falls back to Joliet; libblkid and busybox's findfs read the volume id from either
 * descriptor.
 *
 * <p>Layout, in 2048-byte sectors: 0–15 system area, 16 primary descriptor, 17 Joliet descriptor, 18 terminator,
 * 19–22 the four path tables (L and M for each tree), 23 the primary root, 24 its Rock Ridge continuation area (the
 * ER entry), 25 the Joliet root, then each file's data from a sector of its own, then 150 sectors of padding (the
 * read-ahead margin mkisofs adds by default).
 */
final class SeedIso {

    static final int SECTOR = 2048;
    private static final int PVD = 16;
    private static final int JOLIET_VD = 17;
    private static final int TERMINATOR = 18;
    private static final int PATH_L = 19;
    private static final int PATH_M = 20;
    private static final int JOLIET_PATH_L = 21;
    private static final int JOLIET_PATH_M = 22;
    private static final int ROOT = 23;
    private static final int CONTINUATION = 24;
    private static final int JOLIET_ROOT = 25;
    private static final int FIRST_DATA = 26;
    private static final int PADDING = 150;
    /** A path table holding only the root: 8 bytes, the one-byte identifier and its pad byte. */
    private static final int PATH_TABLE_SIZE = 10;

    private static final int FLAG_DIRECTORY = 0x02;
    private static final int MODE_FILE = 0100444;
    private static final int MODE_DIRECTORY = 040555;
    private static final String ER_ID = "RRIP_1991A";
    private static final String ER_DESCRIPTOR =
            "THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS";
    private static final String ER_SOURCE = "PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  "
            + "SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION.";

    /** A file of the root directory: its real name (at most 64 characters, the Joliet limit) and content. */
    record Entry(String name, byte[] content, String isoName, int sector) {
    }

    private SeedIso() {
    }

    /**
     * Writes an image with volume id {@code volumeId} holding {@code files} (name to content, in the root) at
     * {@code target}, replacing it. Names are at most 64 characters and may not contain {@code /}.
     */
    static void write(Path target, String volumeId, Map<String, byte[]> files, Instant time) throws IOException {
        List<Entry> entries = layout(files);
        int dataSectors = entries.stream().mapToInt(e -> sectors(e.content.length)).sum();
        int volumeSectors = FIRST_DATA + dataSectors + PADDING;
        byte[] date = recordDate(time);
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024)) {
            out.write(new byte[PVD * SECTOR]);
            out.write(descriptor(1, volumeId, volumeSectors, ROOT, PATH_L, PATH_M, time, false));
            out.write(descriptor(2, volumeId, volumeSectors, JOLIET_ROOT, JOLIET_PATH_L, JOLIET_PATH_M, time, true));
            out.write(terminator());
            out.write(pathTable(ROOT, ByteOrder.LITTLE_ENDIAN));
            out.write(pathTable(ROOT, ByteOrder.BIG_ENDIAN));
            out.write(pathTable(JOLIET_ROOT, ByteOrder.LITTLE_ENDIAN));
            out.write(pathTable(JOLIET_ROOT, ByteOrder.BIG_ENDIAN));
            out.write(primaryRoot(entries, date));
            out.write(continuationArea());
            out.write(jolietRoot(entries, date));
            for (Entry entry : entries) {
                out.write(entry.content);
                out.write(new byte[sectors(entry.content.length) * SECTOR - entry.content.length]);
            }
            out.write(new byte[PADDING * SECTOR]);
            out.flush();
            // on disk before the caller renames it into place: a seed that exists is whole, even after a crash
            channel.force(true);
        }
    }

    /** The files in primary-name order, each with its 8.3 name and first sector. */
    static List<Entry> layout(Map<String, byte[]> files) {
        Set<String> taken = new HashSet<>();
        Map<String, String> isoNames = new LinkedHashMap<>();
        for (String name : files.keySet()) {
            if (name.isEmpty() || name.length() > 64 || name.contains("/") || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("not a file name for a seed ISO: " + name);
            }
            isoNames.put(name, isoName(name, taken));
        }
        List<String> names = new ArrayList<>(files.keySet());
        names.sort(Comparator.comparing(isoNames::get));
        List<Entry> entries = new ArrayList<>();
        int sector = FIRST_DATA;
        for (String name : names) {
            byte[] content = files.get(name);
            // an empty file takes no sector: its extent is where the next data starts, and nothing is read there
            entries.add(new Entry(name, content, isoNames.get(name), sector));
            sector += sectors(content.length);
        }
        return entries;
    }

    /** An ISO 9660 level 1 name: up to 8 d-characters, a dot, up to 3, and the version; unique in the directory. */
    private static String isoName(String name, Set<String> taken) {
        String upper = name.toUpperCase(Locale.ROOT);
        int dot = upper.lastIndexOf('.');
        String base = dChars(dot > 0 ? upper.substring(0, dot) : upper);
        String ext = dChars(dot > 0 ? upper.substring(dot + 1) : "");
        base = base.isEmpty() ? "_" : base;
        String stem = base.length() > 8 ? base.substring(0, 8) : base;
        ext = ext.length() > 3 ? ext.substring(0, 3) : ext;
        String candidate = stem + "." + ext;
        for (int n = 1; !taken.add(candidate); n++) {
            String suffix = Integer.toString(n);
            candidate = stem.substring(0, Math.min(stem.length(), 8 - suffix.length())) + suffix + "." + ext;
        }
        return candidate + ";1";
    }

    private static String dChars(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return b.toString();
    }

    static int sectors(int bytes) {
        return (bytes + SECTOR - 1) / SECTOR;
    }

    /** A primary (type 1) or Joliet supplementary (type 2) volume descriptor. */
    private static byte[] descriptor(int type, String volumeId, int volumeSectors, int root, int pathL, int pathM,
            Instant time, boolean joliet) {
        ByteBuffer b = sector();
        b.put(0, (byte) type);
        b.put(1, "CD001".getBytes(StandardCharsets.US_ASCII));
        b.put(6, (byte) 1);
        text(b, 8, 32, "", joliet); // system identifier
        text(b, 40, 32, volumeId, joliet);
        both32(b, 80, volumeSectors);
        if (joliet) {
            b.put(88, "%/E".getBytes(StandardCharsets.US_ASCII)); // UCS-2 level 3
        }
        both16(b, 120, 1); // volume set size
        both16(b, 124, 1); // volume sequence number
        both16(b, 128, SECTOR);
        both32(b, 132, PATH_TABLE_SIZE);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(140, pathL);
        b.order(ByteOrder.BIG_ENDIAN).putInt(148, pathM);
        b.put(156, directoryRecord(root, SECTOR, FLAG_DIRECTORY, new byte[] {0}, recordDate(time), new byte[0]));
        text(b, 190, 128, "", joliet); // volume set
        text(b, 318, 128, "", joliet); // publisher
        text(b, 446, 128, "", joliet); // data preparer
        text(b, 574, 128, "EC2-AS-SERVICE", joliet); // application
        text(b, 702, 37, "", joliet); // copyright file
        text(b, 739, 37, "", joliet); // abstract file
        text(b, 776, 37, "", joliet); // bibliographic file
        b.put(813, volumeDate(time));
        b.put(830, volumeDate(time));
        b.put(847, volumeDate(null));
        b.put(864, volumeDate(null));
        b.put(881, (byte) 1); // file structure version
        return b.array();
    }

    private static byte[] terminator() {
        ByteBuffer b = sector();
        b.put(0, (byte) 255);
        b.put(1, "CD001".getBytes(StandardCharsets.US_ASCII));
        b.put(6, (byte) 1);
        return b.array();
    }

    /** The path table of a tree that is only its root directory. */
    private static byte[] pathTable(int root, ByteOrder order) {
        ByteBuffer b = sector().order(order);
        b.put(0, (byte) 1); // identifier length
        b.putInt(2, root);
        b.putShort(6, (short) 1); // parent: the root itself
        return b.array();
    }

    /** The primary root: ".", ".." and the files, with Rock Ridge entries (SP, RR, PX, TF, NM, CE to the ER). */
    private static byte[] primaryRoot(List<Entry> entries, byte[] date) {
        ByteBuffer b = sector();
        byte[] self = concat(sp(), rr(0x81), px(MODE_DIRECTORY, 2), tf(date), ce());
        int pos = put(b, 0, directoryRecord(ROOT, SECTOR, FLAG_DIRECTORY, new byte[] {0}, date, self));
        pos = put(b, pos, directoryRecord(ROOT, SECTOR, FLAG_DIRECTORY, new byte[] {1}, date,
                concat(rr(0x81), px(MODE_DIRECTORY, 2), tf(date))));
        for (Entry e : entries) {
            byte[] suse = concat(rr(0x89), nm(e.name), px(MODE_FILE, 1), tf(date));
            pos = put(b, pos, directoryRecord(e.sector, e.content.length, 0,
                    e.isoName.getBytes(StandardCharsets.US_ASCII), date, suse));
        }
        return b.array();
    }

    /** The Joliet root: ".", ".." and the files under their real names in UCS-2 big-endian, sorted by them. */
    private static byte[] jolietRoot(List<Entry> entries, byte[] date) {
        ByteBuffer b = sector();
        int pos = put(b, 0, directoryRecord(JOLIET_ROOT, SECTOR, FLAG_DIRECTORY, new byte[] {0}, date, new byte[0]));
        pos = put(b, pos, directoryRecord(JOLIET_ROOT, SECTOR, FLAG_DIRECTORY, new byte[] {1}, date, new byte[0]));
        List<Entry> byName = new ArrayList<>(entries);
        byName.sort(Comparator.comparing(e -> new String(ucs2(e.name), StandardCharsets.ISO_8859_1)));
        for (Entry e : byName) {
            pos = put(b, pos, directoryRecord(e.sector, e.content.length, 0, ucs2(e.name), date, new byte[0]));
        }
        return b.array();
    }

    /** The sector the root's CE entry points at: the ER entry naming RRIP 1991A, too long for the record itself. */
    private static byte[] continuationArea() {
        ByteBuffer b = sector();
        b.put(0, er());
        return b.array();
    }

    private static int put(ByteBuffer b, int pos, byte[] record) {
        if (pos + record.length > SECTOR) {
            throw new IllegalArgumentException("too many files for a one-sector seed ISO directory");
        }
        b.put(pos, record);
        return pos + record.length;
    }

    /** A directory record: ECMA-119 9.1, both-endian extent and size, padded to an even length. */
    private static byte[] directoryRecord(int extent, int size, int flags, byte[] id, byte[] date, byte[] systemUse) {
        int base = 33 + id.length + (id.length % 2 == 0 ? 1 : 0);
        int length = base + systemUse.length + (systemUse.length % 2);
        if (length > 255) {
            throw new IllegalArgumentException("directory record too long");
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(0, (byte) length);
        both32(b, 2, extent);
        both32(b, 10, size);
        b.put(18, date);
        b.put(25, (byte) flags);
        both16(b, 28, 1); // volume sequence number
        b.put(32, (byte) id.length);
        b.put(33, id);
        b.put(base, systemUse);
        return b.array();
    }

    // Rock Ridge / SUSP entries (IEEE P1281, P1282)

    private static byte[] sp() {
        return new byte[] {'S', 'P', 7, 1, (byte) 0xBE, (byte) 0xEF, 0};
    }

    /** RR (RRIP 1991A): which entries follow; 0x01 PX, 0x08 NM, 0x80 TF. */
    private static byte[] rr(int flags) {
        return new byte[] {'R', 'R', 5, 1, (byte) flags};
    }

    private static byte[] px(int mode, int links) {
        ByteBuffer b = ByteBuffer.allocate(36);
        b.put(new byte[] {'P', 'X', 36, 1});
        both32(b, 4, mode);
        both32(b, 12, links);
        both32(b, 20, 0); // uid
        both32(b, 28, 0); // gid
        return b.array();
    }

    /** TF with modify, access and attribute-change times. */
    private static byte[] tf(byte[] date) {
        return concat(new byte[] {'T', 'F', 26, 1, 0x0E}, date, date, date);
    }

    private static byte[] nm(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 250) {
            throw new IllegalArgumentException("name too long: " + name);
        }
        return concat(new byte[] {'N', 'M', (byte) (5 + utf8.length), 1, 0}, utf8);
    }

    private static byte[] ce() {
        ByteBuffer b = ByteBuffer.allocate(28);
        b.put(new byte[] {'C', 'E', 28, 1});
        both32(b, 4, CONTINUATION);
        both32(b, 12, 0);
        both32(b, 20, er().length);
        return b.array();
    }

    private static byte[] er() {
        byte[] id = ER_ID.getBytes(StandardCharsets.US_ASCII);
        byte[] des = ER_DESCRIPTOR.getBytes(StandardCharsets.US_ASCII);
        byte[] src = ER_SOURCE.getBytes(StandardCharsets.US_ASCII);
        return concat(new byte[] {'E', 'R', (byte) (8 + id.length + des.length + src.length), 1,
                (byte) id.length, (byte) des.length, (byte) src.length, 1}, id, des, src);
    }

    // field encodings

    private static ByteBuffer sector() {
        return ByteBuffer.allocate(SECTOR);
    }

    private static void both16(ByteBuffer b, int at, int value) {
        b.order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
        b.order(ByteOrder.BIG_ENDIAN).putShort(at + 2, (short) value);
    }

    private static void both32(ByteBuffer b, int at, int value) {
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        b.order(ByteOrder.BIG_ENDIAN).putInt(at + 4, value);
    }

    /** A text field padded with spaces: ASCII in the primary descriptor, UCS-2 big-endian in the Joliet one. */
    private static void text(ByteBuffer b, int at, int length, String value, boolean joliet) {
        byte[] field = new byte[length];
        if (joliet) {
            for (int i = 0; i + 1 < length; i += 2) {
                field[i + 1] = ' ';
            }
            byte[] v = ucs2(value);
            System.arraycopy(v, 0, field, 0, Math.min(v.length, length & ~1));
        } else {
            Arrays.fill(field, (byte) ' ');
            byte[] v = value.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(v, 0, field, 0, Math.min(v.length, length));
        }
        b.put(at, field);
    }

    private static byte[] ucs2(String s) {
        return s.getBytes(StandardCharsets.UTF_16BE);
    }

    /** A directory record's date: years since 1900, month, day, hour, minute, second, offset from GMT (0). */
    private static byte[] recordDate(Instant time) {
        ZonedDateTime t = time.atZone(ZoneOffset.UTC);
        return new byte[] {(byte) (t.getYear() - 1900), (byte) t.getMonthValue(), (byte) t.getDayOfMonth(),
                (byte) t.getHour(), (byte) t.getMinute(), (byte) t.getSecond(), 0};
    }

    /** A volume descriptor's date, "YYYYMMDDHHMMSScc" and the offset byte; all zeros for "not specified". */
    private static byte[] volumeDate(Instant time) {
        byte[] date = new byte[17];
        String digits = time == null ? "0000000000000000"
                : String.format(Locale.ROOT, "%1$tY%1$tm%1$td%1$tH%1$tM%1$tS%2$02d", time.atZone(ZoneOffset.UTC),
                        time.getNano() / 10_000_000);
        System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, date, 0, 16);
        return date;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, pos, p.length);
            pos += p.length;
        }
        return all;
    }
}
