package dev.ec2service.instance.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The in-process seed ISO read back by an independent reader, {@code isoinfo} (genisoimage's package): the volume
 * id NoCloud looks for, both name extensions (Joliet and Rock Ridge) with the exact lowercase names, and every file's
 * bytes unchanged whatever their size.
 */
class SeedIsoTest {

    private static final Instant TIME = Instant.parse("2026-12-02T23:56:07.25Z");

    @TempDir
    Path dir;

    @Test
    @DisplayName("isoinfo finds volume id cidata, Joliet, Rock Ridge and the volume size the file has")
    void descriptors() throws Exception {
        Path iso = dir.resolve("seed.iso");
        SeedIso.write(iso, "cidata", seedFiles(bytes("#cloud-config\n{}\n")), TIME);

        String info = text(isoinfo("-d", "-i", iso.toString()));
        assertThat(info).contains("CD-ROM is in ISO 9660 format", "Volume id: cidata", "Logical block size is: 2048",
                "Joliet with UCS level 3 found", "Rock Ridge signatures version 1 found");
        assertThat(info).contains("Volume size is: " + Files.size(iso) / SeedIso.SECTOR);
        assertThat(Files.size(iso) % SeedIso.SECTOR).isZero();
    }

    @Test
    @DisplayName("the names are listed exactly, lowercase, through Joliet and Rock Ridge, and as 8.3 names without")
    void listings() throws Exception {
        Path iso = dir.resolve("seed.iso");
        Map<String, byte[]> files = seedFiles(bytes("#!/bin/sh\necho hi\n"));
        files.put("network-config", bytes("version: 2\n"));
        SeedIso.write(iso, "cidata", files, TIME);

        assertThat(names(isoinfo("-J", "-l", "-i", iso.toString()))).containsExactly("meta-data", "network-config",
                "user-data");
        String rock = text(isoinfo("-R", "-l", "-i", iso.toString()));
        assertThat(names(rock.getBytes(StandardCharsets.UTF_8))).containsExactly("meta-data", "network-config",
                "user-data");
        assertThat(rock).contains("-r--r--r--").contains("dr-xr-xr-x").contains("Dec  2 2026");
        assertThat(names(isoinfo("-l", "-i", iso.toString()))).containsExactly("META_DAT.;1", "NETWORK_.;1",
                "USER_DAT.;1");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 256 * 3, 2047, 2048, 2049, 16 * 1024, 16 * 1024 + 1, 100_000})
    @DisplayName("user data of any size and any byte values reads back unchanged through both extensions")
    void contentRoundTrips(int size) throws Exception {
        byte[] userData = new byte[size];
        for (int i = 0; i < size; i++) {
            userData[i] = (byte) i; // every byte value, in order, then again
        }
        if (size > 4096) {
            new Random(size).nextBytes(userData);
        }
        byte[] metaData = bytes("instance-id: i-0123abcd\nlocal-hostname: web-1\n");
        Path iso = dir.resolve("seed.iso");
        SeedIso.write(iso, "cidata", seedFiles(userData), TIME);

        assertThat(isoinfo("-J", "-x", "/user-data", "-i", iso.toString())).isEqualTo(userData);
        assertThat(isoinfo("-R", "-x", "/user-data", "-i", iso.toString())).isEqualTo(userData);
        assertThat(isoinfo("-J", "-x", "/meta-data", "-i", iso.toString())).isEqualTo(metaData);
        assertThat(isoinfo("-x", "/META_DAT.;1", "-i", iso.toString())).isEqualTo(metaData);
        assertThat(Files.size(iso)).isEqualTo(SeedIso.SECTOR * (26L + 1 + SeedIso.sectors(size) + 150));
    }

    @Test
    @DisplayName("the seed of an instance without user data holds an empty cloud-config")
    void seedWithoutUserData() throws Exception {
        Path iso = dir.resolve("cloud-init.part.iso");
        CloudInitSeed.write(iso, "instance-id: i-1\n", null);

        assertThat(isoinfo("-J", "-x", "/user-data", "-i", iso.toString())).isEqualTo(CloudInitSeed.EMPTY_USER_DATA);
        assertThat(isoinfo("-R", "-x", "/meta-data", "-i", iso.toString())).isEqualTo(bytes("instance-id: i-1\n"));
    }

    @Test
    @DisplayName("names that share an 8.3 form get distinct ones; names no reader could show are refused")
    void collidingNames() {
        byte[] none = new byte[0];
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("meta-data", none);
        files.put("meta-datb", none);
        files.put("Meta-Data", none);
        assertThat(SeedIso.layout(files)).extracting(SeedIso.Entry::isoName).doesNotHaveDuplicates().hasSize(3);
        assertThatThrownBy(() -> SeedIso.layout(Map.of("a/b", none))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeedIso.layout(Map.of("x".repeat(65), none)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, byte[]> seedFiles(byte[] userData) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("meta-data", bytes("instance-id: i-0123abcd\nlocal-hostname: web-1\n"));
        files.put("user-data", userData);
        return files;
    }

    /** The file names of an isoinfo listing, in its order, without "." and "..". */
    private static List<String> names(byte[] listing) {
        List<String> names = new ArrayList<>();
        for (String line : text(listing).split("\n")) {
            int bracket = line.indexOf("] ");
            if (bracket > 0) {
                String name = line.substring(bracket + 2).trim();
                if (!name.equals(".") && !name.equals("..")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** isoinfo's standard output as bytes (extracted files are binary); fails on a non-zero exit or any stderr. */
    private byte[] isoinfo(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("isoinfo"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "isoinfo", ".out");
        Path err = Files.createTempFile(dir, "isoinfo", ".err");
        Process process = new ProcessBuilder(command).redirectInput(new File("/dev/null"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("isoinfo finished").isTrue();
        assertThat(Files.readString(err)).as("isoinfo's errors for " + command).isEmpty();
        assertThat(process.exitValue()).as("isoinfo's exit status").isZero();
        return Files.readAllBytes(out);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
