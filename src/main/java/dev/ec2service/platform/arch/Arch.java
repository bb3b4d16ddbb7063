package dev.ec2service.platform.arch;

import java.util.Locale;
import java.util.Optional;

/**
 * The CPU architectures guests can have, with each name the outside world spells them by: QEMU and libvirt
 * ({@code x86_64}, {@code aarch64}), EC2 ({@code x86_64}, {@code arm64}) and Debian/Ubuntu, whose spelling names
 * the cloud image files and is what the image records store (REQ-IMG-002: {@code amd64}, {@code arm64}). The
 * JVM reports the host's as {@code os.arch}: {@code amd64} on Linux x86-64, {@code x86_64} on macOS,
 * {@code aarch64} on ARM. Every conversion between these names goes through here.
 */
public enum Arch {

    X86_64("x86_64", "x86_64", "amd64"),
    AARCH64("aarch64", "arm64", "arm64");

    private final String qemuName;
    private final String ec2Name;
    private final String debianName;

    Arch(String qemuName, String ec2Name, String debianName) {
        this.qemuName = qemuName;
        this.ec2Name = ec2Name;
        this.debianName = debianName;
    }

    /** The name in libvirt domain XML ({@code <type arch=...>}) and QEMU's binaries. */
    public String qemuName() {
        return qemuName;
    }

    /** The name in EC2's API ({@code architecture} of images and instances). */
    public String ec2Name() {
        return ec2Name;
    }

    /** The name of Debian and Ubuntu, in cloud image file names and in the image records. */
    public String debianName() {
        return debianName;
    }

    /** The architecture any of the spellings above (or {@code os.arch}) names; empty for one we have no guests for. */
    public static Optional<Arch> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64", "x64" -> Optional.of(X86_64);
            case "arm64", "aarch64" -> Optional.of(AARCH64);
            default -> Optional.empty();
        };
    }

    /** The host's architecture, from the running JVM's {@code os.arch}. */
    public static Optional<Arch> host() {
        return parse(System.getProperty("os.arch"));
    }
}
