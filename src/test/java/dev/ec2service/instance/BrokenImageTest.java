package dev.ec2service.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.process.Tools;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
class BrokenImageTest {

    @Inject
    DataHome home;

    @Inject
    Hypervisor hypervisor;

    @TempDir
    Path tmp;

    @BeforeEach
    void realEnvironment() {
        TestGuest.assumeRealEnvironment();
    }

    @Test
    @DisplayName("REQ-INST-007 a broken base image ends in error with its reason, and nothing is left behind")
    void brokenImageEndsInError() throws Exception {
        // a qcow2 whose header reads well (magic, version, size, cluster size) but whose refcount table offset
        // is not cluster-aligned: it passes the image checks and fails only when qemu-img or QEMU opens it
        Path broken = tmp.resolve("broken.qcow2");
        Files.deleteIfExists(broken);
        Tools.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", broken.toString(), "1G"));
        try (RandomAccessFile f = new RandomAccessFile(broken.toFile(), "rw")) {
            f.seek(48);
            f.writeLong(0x1001);
        }
        TestGuest.importImage("broken", broken);
        String id = Instances.create(Map.of("instance_type", "t2.nano", "image_id", "broken")).getString("id");
        JsonPath failed = Instances.awaitStatus(id, "error");
        assertThat(failed.getString("state_reason")).startsWith("creation failed:");
        assertThat(failed.getString("ip_address")).isNull();
        assertThat(hypervisor.findDomain(id)).as("no domain").isEmpty();
        assertThat(home.instanceDir(id)).as("no disk, ISO or directory").doesNotExist();
        String mac = failed.getString("mac_address");
        assertThat(hypervisor.findNetwork("ec2-as-service").orElseThrow().spec().hosts()).as("no reservation")
                .noneMatch(h -> h.mac().equalsIgnoreCase(mac));
    }
}
