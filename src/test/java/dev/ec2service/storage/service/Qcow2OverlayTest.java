package dev.ec2service.storage.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2service.platform.process.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The in-process overlay against the real qemu-img and qemu-io: what it reports, checks and reads. */
class Qcow2OverlayTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private Path base() throws IOException {
        Path base = dir.resolve("base.qcow2");
        Tools.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "64M"));
        Tools.run(List.of("qemu-io", "-c", "write -P 0xcd 0 64k", "-c", "write -P 0x5a 1M 4k", base.toString()));
        return base;
    }

    private static JsonNode info(Path disk) throws IOException {
        return new ObjectMapper().readTree(Tools.run(List.of("qemu-img", "info", "--output=json", disk.toString())));
    }

    @ParameterizedTest(name = "{0} GiB")
    @ValueSource(longs = { 1, 8, 100, 600, 4096 })
    @DisplayName("qemu-img sees a clean qcow2 v3 of the size asked for, backed by the base in qcow2 format")
    void whatQemuImgSees(long gib) throws IOException {
        Path base = base();
        Path disk = dir.resolve("disk-" + gib + ".qcow2");
        Qcow2Overlay.write(disk, base, gib * GIB);
        JsonNode info = info(disk);
        assertThat(info.path("format").asText()).isEqualTo("qcow2");
        assertThat(info.path("virtual-size").asLong()).isEqualTo(gib * GIB);
        assertThat(info.path("cluster-size").asLong()).isEqualTo(65536);
        assertThat(info.path("backing-filename").asText()).isEqualTo(base.toString());
        assertThat(info.path("backing-filename-format").asText()).isEqualTo("qcow2");
        assertThat(info.path("format-specific").path("data").path("compat").asText()).isEqualTo("1.1");
        assertThat(info.path("dirty-flag").asBoolean()).isFalse();
        // qemu-img check exits non-zero on any leak or corruption
        String check = Tools.run(List.of("qemu-img", "check", "--output=json", disk.toString()));
        JsonNode result = new ObjectMapper().readTree(check);
        assertThat(result.path("check-errors").asInt()).isZero();
        assertThat(result.path("leaks").asInt()).isZero();
        assertThat(result.path("corruptions").asInt()).isZero();
    }

    @Test
    @DisplayName("reads come from the base, writes stay in the overlay, and the image still checks clean after them")
    void readsAndWrites() throws IOException {
        Path base = base();
        Path disk = dir.resolve("disk.qcow2");
        Qcow2Overlay.write(disk, base, 8 * GIB);
        Tools.run(List.of("qemu-io", "-c", "read -P 0xcd 0 64k", "-c", "read -P 0x5a 1M 4k", "-c", "read -P 0 2M 64k",
                disk.toString()));
        Tools.run(List.of("qemu-io", "-c", "write -P 0x77 0 4k", "-c", "write -P 0x33 7G 64k", disk.toString()));
        Tools.run(List.of("qemu-io", "-c", "read -P 0x77 0 4k", "-c", "read -P 0xcd 4k 60k", "-c",
                "read -P 0x33 7G 64k", disk.toString()));
        Tools.run(List.of("qemu-img", "check", disk.toString()));
        // the base is untouched
        Tools.run(List.of("qemu-io", "-c", "read -P 0xcd 0 64k", base.toString()));
    }

    @Test
    @DisplayName("the same metadata as qemu-img create makes: a file of the same size and the same header fields")
    void likeQemuImg() throws IOException {
        Path base = base();
        Path ours = dir.resolve("ours.qcow2");
        Path theirs = dir.resolve("theirs.qcow2");
        Qcow2Overlay.write(ours, base, 8 * GIB);
        Tools.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", base.toString(),
                theirs.toString(), "8G"));
        assertThat(Files.size(ours)).isEqualTo(Files.size(theirs));
        byte[] a = Files.readAllBytes(ours);
        byte[] b = Files.readAllBytes(theirs);
        // magic through header length: every field but where the backing name sits (qemu-img also writes a
        // feature name table before it)
        for (int i = 0; i < 104; i++) {
            if (i < 8 || i >= 20) {
                assertThat(a[i]).as("header byte %d", i).isEqualTo(b[i]);
            }
        }
    }

    @Test
    @DisplayName("a size that is no multiple of 512, or a backing name over qemu's limit, is refused")
    void refusals() {
        assertThatThrownBy(() -> Qcow2Overlay.write(dir.resolve("x"), Path.of("/b"), 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Qcow2Overlay.write(dir.resolve("x"), Path.of("/" + "b".repeat(1100)), GIB))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
