package dev.ec2service.platform.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host tools the service relies on (qemu-img, setfacl, ssh-keygen) and turns their
 * failures into exceptions. A tool never holds the caller longer than its timeout: its output goes to a file
 * rather than a pipe the caller would have to drain first, its standard input is closed, and a tool still
 * running at the deadline is killed.
 */
public final class Tools {

    /** Long enough for a large qemu-img operation on a slow disk; hung tools are killed after it. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** The end of a tool's output kept for its error message. */
    private static final int OUTPUT_LIMIT = 16 * 1024;

    private Tools() {
    }

    /** Runs a command to completion within {@link #DEFAULT_TIMEOUT}; throws with its output when it fails. */
    public static String run(List<String> command) throws IOException {
        return run(command, DEFAULT_TIMEOUT);
    }

    /** Runs a command to completion within {@code timeout}; throws with its output when it fails or hangs. */
    public static String run(List<String> command, Duration timeout) throws IOException {
        Path output = Files.createTempFile("ec2-tool-", ".out");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
            } catch (IOException e) {
                throw new ToolMissingException(command.get(0) + " is not installed: " + e.getMessage(), e);
            }
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    throw new IOException(command.get(0) + " did not finish within " + timeout.toSeconds()
                            + " s and was killed; output: " + tail(output));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException(command.get(0) + " was interrupted", e);
            }
            String text = tail(output);
            if (process.exitValue() != 0) {
                throw new IOException(command.get(0) + " failed (exit " + process.exitValue() + "): " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The program could not be started at all (not installed, not executable). */
    public static final class ToolMissingException extends IOException {
        ToolMissingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String tail(Path output) throws IOException {
        long size = Files.size(output);
        try (var file = new java.io.RandomAccessFile(output.toFile(), "r")) {
            long start = Math.max(0, size - OUTPUT_LIMIT);
            file.seek(start);
            byte[] bytes = new byte[(int) (size - start)];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).trim();
        }
    }

    /** The first of the named programs found on the PATH. */
    public static Optional<String> firstOnPath(String... names) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }
}
