package dev.ec2service.image.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a file can be launched from: present, a regular readable file, a standalone qcow2 image
 * with a virtual size (REQ-IMG-003). {@code problem} is null when it can.
 */
public record FileCheck(Kind kind, String problem, Long virtualSize, Long fileSize) {

    /** What is wrong, so callers can answer each case with its own problem type. */
    public enum Kind {
        OK, ABSENT, UNREADABLE, NOT_QCOW2, NOT_STANDALONE
    }

    public boolean ok() {
        return kind == Kind.OK;
    }

    /** Checks {@code file}; reads only its header. */
    public static FileCheck of(Path file) {
        if (!Files.exists(file)) {
            return new FileCheck(Kind.ABSENT, "file not found: " + file, null, null);
        }
        if (!Files.isRegularFile(file)) {
            return new FileCheck(Kind.UNREADABLE, "not a regular file: " + file, null, null);
        }
        if (!Files.isReadable(file)) {
            return new FileCheck(Kind.UNREADABLE, "the service cannot read " + file, null, null);
        }
        try {
            long size = Files.size(file);
            Qcow2Header header = Qcow2Header.read(file);
            String notStandalone = header.standaloneProblem();
            if (notStandalone != null) {
                return new FileCheck(Kind.NOT_STANDALONE, file + " cannot be a base image: " + notStandalone,
                        header.virtualSize(), size);
            }
            return new FileCheck(Kind.OK, null, header.virtualSize(), size);
        } catch (Qcow2Header.NotQcow2Exception e) {
            return new FileCheck(Kind.NOT_QCOW2, file + ": " + e.getMessage(), null, null);
        } catch (IOException e) {
            return new FileCheck(Kind.UNREADABLE, "cannot read " + file + ": " + e.getMessage(), null, null);
        }
    }
}
