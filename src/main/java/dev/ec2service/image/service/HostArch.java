package dev.ec2service.image.service;

import java.util.Locale;
import java.util.Optional;

/**
 * Architecture names as Ubuntu's cloud images spell them (REQ-IMG-002). The JVM reports the host's
 * as {@code os.arch} ({@code amd64} on Linux x86-64, {@code x86_64} on macOS, {@code aarch64} on ARM);
 * users may write either spelling.
 */
public final class HostArch {

    public static final String AMD64 = "amd64";
    public static final String ARM64 = "arm64";

    private HostArch() {
    }

    /** The Ubuntu name of an architecture, or empty when we have no images for it. */
    public static Optional<String> normalise(String arch) {
        if (arch == null) {
            return Optional.empty();
        }
        return switch (arch.trim().toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64", "x64" -> Optional.of(AMD64);
            case "arm64", "aarch64" -> Optional.of(ARM64);
            default -> Optional.empty();
        };
    }

    /** The host's architecture, from the running JVM. */
    public static Optional<String> detect() {
        return normalise(System.getProperty("os.arch"));
    }
}
