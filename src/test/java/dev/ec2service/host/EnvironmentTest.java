package dev.ec2service.host;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesRegex;

import dev.ec2service.hypervisor.Accelerator;
import dev.ec2service.hypervisor.DomainSpec;
import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.NetworkState;
import dev.ec2service.hypervisor.StoragePoolState;
import dev.ec2service.platform.arch.Arch;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.process.Tools;
import dev.ec2service.storage.service.DiskImages;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Proves the real environment: libvirtd in the test namespace, TCG, the network, the pool, a guest that boots. */
@QuarkusTest
class EnvironmentTest {

    @Inject
    Hypervisor hypervisor;

    @Inject
    DataHome home;

    @Inject
    DiskImages disks;

    @BeforeEach
    void realEnvironment() {
        TestGuest.assumeRealEnvironment();
    }

    @Test
    @DisplayName("REQ-REL-002 health reports libvirt with its QEMU version, accelerator tcg, network and pool")
    void healthReportsTheRealLibvirt() {
        // ok promises that a launch can succeed, which needs a base image on disk
        TestGuest.register(home);
        given().get("/api/monitor/health").then().statusCode(200)
                .body("status", equalTo("ok"))
                .body("libvirt.connected", equalTo(true))
                .body("libvirt.uri", equalTo("qemu:///system"))
                .body("libvirt.hypervisor", equalTo("QEMU"))
                .body("libvirt.hypervisor_version", matchesRegex("\\d+\\.\\d+\\.\\d+"))
                .body("accelerator.in_use", equalTo("tcg"))
                .body("database.ok", equalTo(true))
                .body("network.exists", equalTo(true))
                .body("network.active", equalTo(true))
                .body("storage_pool.exists", equalTo(true))
                .body("qemu_access.ok", equalTo(true))
                .body("warnings.size()", equalTo(0));
    }

    @Test
    @DisplayName("REQ-NET-001 REQ-NET-002 REQ-STOR-001 the NAT network and the storage pool exist with the configured settings")
    void networkAndPool() {
        NetworkState network = hypervisor.findNetwork("ec2-as-service").orElseThrow();
        assertThat(network.forwardMode()).isEqualTo("nat");
        assertThat(network.active()).isTrue();
        assertThat(network.autostart()).isTrue();
        assertThat(network.spec().gateway()).isEqualTo("192.168.100.1");
        assertThat(network.spec().prefix()).isEqualTo(24);
        assertThat(network.spec().dhcpStart()).isEqualTo("192.168.100.10");
        assertThat(network.spec().dhcpEnd()).isEqualTo("192.168.100.254");
        StoragePoolState pool = hypervisor.findStoragePool("ec2-as-service").orElseThrow();
        assertThat(pool.type()).isEqualTo("dir");
        assertThat(pool.targetPath()).isEqualTo(home.storage().toString());
        assertThat(pool.active()).isTrue();
        assertThat(pool.autostart()).isTrue();
    }

    @Test
    @DisplayName("REQ-STOR-005 the data home tree exists, private to its owner, with QEMU granted access by ACL")
    void dataHome() throws Exception {
        for (Path dir : List.of(home.root(), home.storage(), home.images(), home.instances(), home.logs(), home.keys())) {
            assertThat(dir).isDirectory();
            // with ACLs the group bits show the ACL mask; what matters is that group and others get nothing
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).startsWith("rwx").endsWith("---");
            assertThat(Tools.run(List.of("getfacl", "-cp", dir.toString()))).contains("group::---").contains("other::---");
        }
        assertThat(Tools.run(List.of("getfacl", "-cp", home.images().toString()))).contains("user:libvirt-qemu:r-x");
        assertThat(Tools.run(List.of("getfacl", "-cp", home.instances().toString())))
                .contains("default:user:libvirt-qemu:rwx");
        assertThat(Tools.run(List.of("getfacl", "-cp", home.root().toString()))).contains("user:libvirt-qemu:--x");
    }

    @Test
    @DisplayName("REQ-INST-001 REQ-NET-003 the test guest boots through the Hypervisor adapter and takes a DHCP lease")
    void guestBootsAndLeases() throws Exception {
        String imageId = TestGuest.register(home);
        assertThat(imageId).isNotBlank();
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        String suffix = HexFormat.of().formatHex(random);
        String name = "ec2test-env-" + suffix;
        String mac = "52:54:fe:" + suffix.substring(0, 2) + ":" + suffix.substring(2, 4) + ":" + suffix.substring(4);
        Path dir = home.instances().resolve(name);
        Files.createDirectories(dir);
        Path disk = dir.resolve("disk.qcow2");
        Path base = Path.of(given().get("/api/images/" + imageId).then().statusCode(200).extract().<String>path("file_path"));
        disks.createOverlay(base, disk, 1);
        DomainSpec spec = new DomainSpec(name, Accelerator.TCG, Arch.X86_64, 1, 256, disk, null, "ec2-as-service", mac,
                dir.resolve("console.log"), new DomainSpec.DomainMetadata("t2.nano", "environment probe", null, imageId));
        try {
            hypervisor.defineDomain(spec);
            hypervisor.startDomain(name);
            assertThat(hypervisor.findDomain(name).orElseThrow().state()).isEqualTo(DomainState.RUNNING);
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> hypervisor.dhcpLeases("ec2-as-service").stream()
                            .anyMatch(l -> l.mac().equalsIgnoreCase(mac) && l.ip().startsWith("192.168.100.")));
        } finally {
            hypervisor.destroyDomain(name);
            hypervisor.undefineDomain(name);
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
        assertThat(hypervisor.findDomain(name)).isEmpty();
    }
}
