package dev.ec2service.image.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.platform.arch.Arch;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ImageCatalogueTest {

    private static final String UPSTREAM = "https://cloud-images.ubuntu.com/releases";

    @Test
    @DisplayName("REQ-IMG-001: amd64 catalogue holds Ubuntu 22.04 and 20.04 with official URLs")
    void req_img_001_amd64Catalogue() {
        List<CatalogueEntry> entries = ImageCatalogue.entries(Arch.X86_64, UPSTREAM);

        assertThat(entries).extracting(CatalogueEntry::id).containsExactly("ubuntu-22.04", "ubuntu-20.04");
        CatalogueEntry jammy = entries.get(0);
        assertThat(jammy.arch()).isEqualTo("amd64");
        assertThat(jammy.os()).isEqualTo("ubuntu");
        assertThat(jammy.defaultUser()).isEqualTo("ubuntu");
        assertThat(jammy.fileName()).isEqualTo("ubuntu-22.04-server-cloudimg-amd64.img");
        assertThat(jammy.downloadUrl()).isEqualTo(
                "https://cloud-images.ubuntu.com/releases/22.04/release/ubuntu-22.04-server-cloudimg-amd64.img");
        assertThat(jammy.checksumUrl()).isEqualTo("https://cloud-images.ubuntu.com/releases/22.04/release/SHA256SUMS");
        assertThat(jammy.name()).contains("22.04");
        assertThat(jammy.description()).isNotBlank();
        assertThat(entries.get(1).downloadUrl()).isEqualTo(
                "https://cloud-images.ubuntu.com/releases/20.04/release/ubuntu-20.04-server-cloudimg-amd64.img");
    }

    @Test
    @DisplayName("REQ-IMG-002: arm64 hosts get the arm64 files")
    void req_img_002_arm64Catalogue() {
        List<CatalogueEntry> entries = ImageCatalogue.entries(Arch.AARCH64, UPSTREAM + "/");

        assertThat(entries).allSatisfy(e -> {
            assertThat(e.arch()).isEqualTo("arm64");
            assertThat(e.fileName()).endsWith("-server-cloudimg-arm64.img");
            assertThat(e.downloadUrl()).startsWith(UPSTREAM + "/2").endsWith("-arm64.img");
        });
        assertThat(entries.get(1).checksumUrl()).isEqualTo(UPSTREAM + "/20.04/release/SHA256SUMS");
    }
}
