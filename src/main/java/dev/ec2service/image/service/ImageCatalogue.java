package dev.ec2service.image.service;

import dev.ec2service.platform.arch.Arch;
import java.util.List;

/**
 * The official Ubuntu cloud images for one architecture (REQ-IMG-001): 22.04 and 20.04 LTS, each
 * with the download URL of its file and of the SHA256SUMS list it is verified against.
 */
public final class ImageCatalogue {

    private record Release(String version, String codename, String label) {
    }

    private static final List<Release> RELEASES = List.of(
            new Release("22.04", "Jammy Jellyfish", "22.04 LTS"),
            new Release("20.04", "Focal Fossa", "20.04 LTS"));

    private ImageCatalogue() {
    }

    /** The entries for {@code arch} served from {@code baseUrl}; files and records use its Debian name. */
    public static List<CatalogueEntry> entries(Arch architecture, String baseUrl) {
        String arch = architecture.debianName();
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return RELEASES.stream().map(r -> {
            String fileName = "ubuntu-" + r.version() + "-server-cloudimg-" + arch + ".img";
            String dir = base + "/" + r.version() + "/release/";
            return new CatalogueEntry("ubuntu-" + r.version(),
                    "Ubuntu Server " + r.label() + " (" + r.codename() + ")",
                    "Official Ubuntu " + r.label() + " cloud image for " + arch
                            + "; cloud-init installs the key for user ubuntu",
                    "ubuntu", arch, fileName, "ubuntu", dir + fileName, dir + "SHA256SUMS");
        }).toList();
    }
}
