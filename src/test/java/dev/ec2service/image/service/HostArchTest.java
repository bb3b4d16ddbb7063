package dev.ec2service.image.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostArchTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"x86_64, amd64", "amd64, amd64", "AMD64, amd64", "aarch64, arm64", "arm64, arm64"})
    @DisplayName("REQ-IMG-002: os.arch spellings map to Ubuntu's architecture names")
    void req_img_002_mapsJvmArchitectureNames(String osArch, String ubuntu) {
        assertThat(HostArch.normalise(osArch)).contains(ubuntu);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ppc64le", "s390x", "riscv64", "i386", ""})
    @DisplayName("REQ-IMG-002: architectures without catalogue images are not guessed")
    void req_img_002_unknownArchitecturesAreEmpty(String osArch) {
        assertThat(HostArch.normalise(osArch)).isEmpty();
        assertThat(HostArch.normalise(null)).isEmpty();
    }

    @Test
    @DisplayName("REQ-IMG-002: the running JVM's architecture is detected")
    void req_img_002_detectsThisHost() {
        assertThat(HostArch.detect()).isEqualTo(HostArch.normalise(System.getProperty("os.arch")));
    }
}
