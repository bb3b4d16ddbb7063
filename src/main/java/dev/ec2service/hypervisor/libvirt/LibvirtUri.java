package dev.ec2service.hypervisor.libvirt;

import dev.ec2service.platform.config.Ec2Config;
import java.util.Locale;

/** The libvirt URI in force: the configured one, else the platform default of the specification. */
public final class LibvirtUri {

    private LibvirtUri() {
    }

    public static String resolve(Ec2Config config) {
        return config.libvirt().uri().filter(u -> !u.isBlank()).orElseGet(LibvirtUri::platformDefault);
    }

    /** macOS has no system libvirtd with a privileged QEMU; guests run in the user's session there. */
    static String platformDefault() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.contains("mac") ? "qemu:///session" : "qemu:///system";
    }

    public static boolean isSystem(String uri) {
        return uri.endsWith("/system");
    }
}
