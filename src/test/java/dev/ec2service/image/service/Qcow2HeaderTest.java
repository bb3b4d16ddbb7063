package dev.ec2service.image.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2service.image.TestQcow2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Qcow2HeaderTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("REQ-IMG-003: a qcow2 v3 image's virtual size is read from its header")
    void req_img_003_readsVersion3() throws IOException {
        Path file = TestQcow2.create(dir.resolve("a.qcow2"), "64M");

        Qcow2Header header = Qcow2Header.read(file);

        assertThat(header.version()).isEqualTo(3);
        assertThat(header.virtualSize()).isEqualTo(64L * 1024 * 1024);
        assertThat(header.hasBackingFile()).isFalse();
        assertThat(header.standaloneProblem()).isNull();
        assertThat(FileCheck.of(file).ok()).isTrue();
    }

    @Test
    @DisplayName("REQ-IMG-003: old qcow2 v2 (compat 0.10) images are read too")
    void req_img_003_readsVersion2() throws IOException {
        Path file = TestQcow2.create(dir.resolve("old.qcow2"), "1G", "-o", "compat=0.10");

        Qcow2Header header = Qcow2Header.read(file);

        assertThat(header.version()).isEqualTo(2);
        assertThat(header.virtualSize()).isEqualTo(1024L * 1024 * 1024);
    }

    @Test
    @DisplayName("REQ-IMG-003: an overlay names its backing file and is not standalone")
    void req_img_003_detectsBackingFile() throws IOException {
        Path base = TestQcow2.create(dir.resolve("base.qcow2"), "64M");
        Path overlay = TestQcow2.overlay(dir.resolve("overlay.qcow2"), base);

        Qcow2Header header = Qcow2Header.read(overlay);

        assertThat(header.backingFile()).isEqualTo(base.toString());
        assertThat(header.standaloneProblem()).contains("backing file");
        assertThat(FileCheck.of(overlay).kind()).isEqualTo(FileCheck.Kind.NOT_STANDALONE);
    }

    @Test
    @DisplayName("REQ-IMG-003: raw, empty, truncated and absent files are told apart")
    void req_img_003_refusesNonQcow2() throws IOException {
        Path raw = Files.write(dir.resolve("raw.img"), new byte[4096]);
        Path empty = Files.write(dir.resolve("empty.img"), new byte[0]);
        byte[] real = TestQcow2.bytes(TestQcow2.create(dir.resolve("real.qcow2"), "64M"));
        Path truncated = Files.write(dir.resolve("truncated.qcow2"), Arrays.copyOf(real, 40));

        assertThatThrownBy(() -> Qcow2Header.read(raw)).isInstanceOf(Qcow2Header.NotQcow2Exception.class)
                .hasMessageContaining("magic");
        assertThat(FileCheck.of(raw).kind()).isEqualTo(FileCheck.Kind.NOT_QCOW2);
        assertThat(FileCheck.of(empty).kind()).isEqualTo(FileCheck.Kind.NOT_QCOW2);
        assertThat(FileCheck.of(truncated).kind()).isEqualTo(FileCheck.Kind.NOT_QCOW2);
        assertThat(FileCheck.of(dir.resolve("absent.qcow2")).kind()).isEqualTo(FileCheck.Kind.ABSENT);
        assertThat(FileCheck.of(dir).kind()).isEqualTo(FileCheck.Kind.UNREADABLE);
    }
}
