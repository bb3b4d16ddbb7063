package dev.ec2service.platform.arch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Formerly HostArchTest (image.service.HostArch), now for the one architecture naming. */
class ArchTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"x86_64, amd64", "amd64, amd64", "AMD64, amd64", "aarch64, arm64", "arm64, arm64"})
    @DisplayName("REQ-IMG-002: os.arch spellings map to Ubuntu's architecture names")
    void req_img_002_mapsJvmArchitectureNames(String osArch, String ubuntu) {
        assertThat(Arch.parse(osArch).map(Arch::debianName)).contains(ubuntu);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppc64le", "s390x", "riscv64", "i386", ""})
    @DisplayName("REQ-IMG-002: architectures without catalogue images are not guessed")
    void req_img_002_unknownArchitecturesAreEmpty(String osArch) {
        assertThat(Arch.parse(osArch)).isEmpty();
        assertThat(Arch.parse(null)).isEmpty();
    }

    @Test
    @DisplayName("REQ-IMG-002: the running JVM's architecture is detected")
    void req_img_002_detectsThisHost() {
        assertThat(Arch.host()).isEqualTo(Arch.parse(System.getProperty("os.arch")));
    }

    @Test
    @DisplayName("each architecture has its libvirt, EC2 and Debian name, and each name parses back to it")
    void namesRoundTrip() {
        assertThat(Arch.X86_64.qemuName()).isEqualTo("x86_64");
        assertThat(Arch.X86_64.ec2Name()).isEqualTo("x86_64");
        assertThat(Arch.X86_64.debianName()).isEqualTo("amd64");
        assertThat(Arch.AARCH64.qemuName()).isEqualTo("aarch64");
        assertThat(Arch.AARCH64.ec2Name()).isEqualTo("arm64");
        assertThat(Arch.AARCH64.debianName()).isEqualTo("arm64");
        for (Arch arch : Arch.values()) {
            assertThat(Arch.parse(arch.qemuName())).contains(arch);
            assertThat(Arch.parse(arch.ec2Name())).contains(arch);
            assertThat(Arch.parse(arch.debianName())).contains(arch);
        }
    }
}
