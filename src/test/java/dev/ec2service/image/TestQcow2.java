package dev.ec2service.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real qcow2 files made with the installed qemu-img, so tests exercise the same format QEMU reads. */
public final class TestQcow2 {

    private TestQcow2() {
    }

    /** A fresh qcow2 image of the given virtual size (e.g. "64M"). */
    public static Path create(Path file, String size, String... options) {
        List<String> command = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2"));
        command.addAll(List.of(options));
        command.addAll(List.of(file.toString(), size));
        run(command);
        return file;
    }

    /** A qcow2 overlay whose backing file is {@code base}. */
    public static Path overlay(Path file, Path base) {
        return create(file, "64M", "-F", "qcow2", "-b", base.toString());
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("qemu-img is needed by the image tests", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
