package dev.ec2service.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2service.platform.process.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/StoreJars.java, which scripts/build-cds.sh runs on the packaged service, run for real (the JDK's
 * single-file launch) on deflated jars made here.
 */
class StoreJarsTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("every entry of every jar below the directory is stored, with the same names, order, bytes and times")
    void storesEveryEntry() throws Exception {
        Map<String, byte[]> content = new LinkedHashMap<>();
        content.put("dev/", new byte[0]);
        content.put("dev/Some.class", "class bytes ".repeat(500).getBytes(StandardCharsets.UTF_8));
        content.put("dev/empty.txt", new byte[0]);
        content.put("dev/image.stored", "already stored ".repeat(50).getBytes(StandardCharsets.UTF_8));
        content.put("META-INF/services/x", "dev.Some\n".getBytes(StandardCharsets.UTF_8));
        Path jar = Files.createDirectories(dir.resolve("lib/main")).resolve("a.jar");
        LocalDateTime when = LocalDateTime.of(2024, 5, 6, 7, 8, 10);
        deflated(jar, content, when);
        Path other = deflated(dir.resolve("b.jar"), Map.of("x.txt", "x".repeat(1000).getBytes()), when);

        assertThat(run()).contains("2 of 2 jars rewritten");

        for (Path j : List.of(jar, other)) {
            try (ZipFile zip = new ZipFile(j.toFile())) {
                assertThat(Collections.list(zip.entries()))
                        .allSatisfy(e -> assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.STORED));
            }
        }
        try (JarFile read = new JarFile(jar.toFile())) {
            assertThat(read.getManifest().getMainAttributes().getValue("Created-By")).isEqualTo("StoreJarsTest");
            List<String> names = Collections.list(read.entries()).stream().map(ZipEntry::getName).toList();
            assertThat(names).containsExactlyElementsOf(prepend(List.of("META-INF/MANIFEST.MF"), content.keySet()));
            for (Map.Entry<String, byte[]> e : content.entrySet()) {
                ZipEntry entry = read.getEntry(e.getKey());
                try (InputStream in = read.getInputStream(entry)) {
                    assertThat(in.readAllBytes()).as(e.getKey()).isEqualTo(e.getValue());
                }
                assertThat(entry.getTimeLocal()).as(e.getKey()).isEqualTo(when);
            }
        }
        assertThat(jar.getParent().toFile().list()).as("no part file is left").containsExactly("a.jar");
    }

    @Test
    @DisplayName("a jar with nothing deflated is left as it is, so a second run changes nothing")
    void secondRunChangesNothing() throws Exception {
        Path jar = deflated(dir.resolve("a.jar"), Map.of("x.txt", "x".repeat(1000).getBytes()),
                LocalDateTime.of(2024, 1, 1, 0, 0));
        assertThat(run()).contains("1 of 1 jars rewritten");
        FileTime stored = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(jar, stored);
        byte[] before = Files.readAllBytes(jar);

        assertThat(run()).contains("0 of 1 jars rewritten");

        assertThat(Files.readAllBytes(jar)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(jar)).isEqualTo(stored);
    }

    @Test
    @DisplayName("a name a jar holds twice is written once, with the bytes a lookup by that name reads")
    void repeatedNameWrittenOnce() throws Exception {
        Map<String, byte[]> content = new LinkedHashMap<>();
        content.put("dup.txt", "first ".repeat(300).getBytes(StandardCharsets.UTF_8));
        content.put("dup.txu", "second ".repeat(300).getBytes(StandardCharsets.UTF_8));
        Path jar = deflated(dir.resolve("a.jar"), content, LocalDateTime.of(2024, 1, 1, 0, 0));
        // ZipOutputStream refuses a name twice: rename the second entry in its local and central headers
        String bytes = new String(Files.readAllBytes(jar), StandardCharsets.ISO_8859_1);
        Files.write(jar, bytes.replace("dup.txu", "dup.txt").getBytes(StandardCharsets.ISO_8859_1));
        byte[] lookedUp;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(Collections.list(zip.entries()).stream().filter(e -> e.getName().equals("dup.txt"))).hasSize(2);
            try (InputStream in = zip.getInputStream(zip.getEntry("dup.txt"))) {
                lookedUp = in.readAllBytes();
            }
        }

        assertThat(run()).contains("1 of 1 jars rewritten");

        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> dups = Collections.list(zip.entries()).stream()
                    .filter(e -> e.getName().equals("dup.txt")).toList();
            assertThat(dups).hasSize(1);
            assertThat(dups.get(0).getMethod()).isEqualTo(ZipEntry.STORED);
            try (InputStream in = zip.getInputStream(dups.get(0))) {
                assertThat(in.readAllBytes()).isEqualTo(lookedUp);
            }
        }
    }

    @Test
    @DisplayName("a jar whose entry cannot be read fails the run and is left as it was, with no half-written copy")
    void unreadableJarIsLeftAlone() throws Exception {
        Path good = deflated(dir.resolve("a.jar"), Map.of("x.txt", "x".repeat(1000).getBytes()),
                LocalDateTime.of(2024, 1, 1, 0, 0));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append(i * 7919 % 10007).append(' ');
        }
        Path bad = deflated(dir.resolve("b.jar"), Map.of("big.txt", text.toString().getBytes()),
                LocalDateTime.of(2024, 1, 1, 0, 0));
        // the deflated data fills the middle of the file: garble it there
        byte[] bytes = Files.readAllBytes(bad);
        for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        Files.write(bad, bytes);

        assertThatThrownBy(this::run).isInstanceOf(IOException.class).hasMessageContaining("failed (exit");

        assertThat(Files.readAllBytes(bad)).isEqualTo(bytes);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("a.jar", "b.jar");
        }
        try (ZipFile zip = new ZipFile(good.toFile())) {
            assertThat(Collections.list(zip.entries())).allMatch(e -> e.getMethod() == ZipEntry.STORED);
        }
    }

    private static List<String> prepend(List<String> first, Iterable<String> rest) {
        List<String> all = new ArrayList<>(first);
        rest.forEach(all::add);
        return all;
    }

    private static Path deflated(Path jar, Map<String, byte[]> content, LocalDateTime when) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.getMainAttributes().putValue("Created-By", "StoreJarsTest");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Map.Entry<String, byte[]> e : content.entrySet()) {
                JarEntry entry = new JarEntry(e.getKey());
                entry.setTimeLocal(when);
                if (e.getKey().endsWith(".stored")) {
                    // already stored, as some entries of real jars are: left as it is, bytes and all
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                out.putNextEntry(entry);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(Collections.list(zip.entries())).anyMatch(e -> e.getMethod() == ZipEntry.DEFLATED);
        }
        return jar;
    }

    /** The script as build-cds runs it; a failure or a run past the timeout fails the test with its output. */
    private String run() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Tools.run(List.of(java, Path.of("scripts/StoreJars.java").toAbsolutePath().toString(), dir.toString()));
    }
}
