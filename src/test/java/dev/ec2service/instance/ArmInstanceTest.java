package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.process.Tools;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.RealEnvironment;
import dev.ec2service.testsupport.Ssh;
import dev.ec2service.testsupport.TestGuest;
import dev.ec2service.testsupport.TestKeys;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arm64 test guest (scripts/guest/build-test-image-arm64.sh, passed by make test in EC2_TEST_IMAGE_ARM64)
 * through its whole life on an x86 host, where it can only be emulated: the domain XML used on Apple Silicon
 * (virt board, UEFI with a per-instance NVRAM file, virtio disk and network, the seed CD on virtio-scsi) boots a
 * real arm64 kernel under TCG, which reads its key from the seed, answers SSH, powers off on ACPI, reboots, and
 * leaves nothing behind on terminate. Emulation is slow: the bounds are generous and the times only logged.
 */
@QuarkusTest
@TestProfile(ArmInstanceTest.AllowForeignArch.class)
class ArmInstanceTest {

    public static class AllowForeignArch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.images.allow-foreign-arch", "true");
        }
    }

    private static final String IMAGE_ID = "test-guest-arm64";
    private static final Duration BOOT = Duration.ofMinutes(10);
    private static final Pattern NVRAM = Pattern.compile("<nvram[^>]*>([^<]+)</nvram>");

    @Inject
    Hypervisor hypervisor;

    @Inject
    DataHome home;

    @TempDir
    Path tmp;

    private String id;

    @BeforeEach
    void armImage() {
        TestGuest.assumeRealEnvironment();
        String image = RealEnvironment.require("EC2_TEST_IMAGE_ARM64", "the arm64 test guest: run make test");
        int status = given().contentType("application/json")
                .body(Map.of("id", IMAGE_ID, "name", IMAGE_ID, "os", "linux", "arch", "arm64", "default_user",
                        TestGuest.USER, "path", image))
                .post("/api/images").then().extract().statusCode();
        assertThat(status).as("import of the arm64 image").isIn(201, 409);
    }

    @AfterEach
    void terminateLeftover() {
        if (id != null && !"terminated".equals(Instances.get(id).getString("status"))) {
            given().delete("/api/instances/" + id);
        }
    }

    @Test
    @DisplayName("REQ-INST-009..012 an emulated arm64 UEFI instance boots, answers SSH with the seed's key, stops, "
            + "starts, reboots and is terminated: domain, NVRAM file, disk, seed and address are gone")
    void armLifecycle() throws Exception {
        Path key = TestKeys.generateOnService(tmp, "arm-key");
        long t0 = System.nanoTime();
        JsonPath created = Instances.create(Map.of("instance_type", "t2.nano", "image_id", IMAGE_ID, "name", "arm",
                "ssh_key_name", "arm-key"));
        id = created.getString("id");
        String ip = created.getString("ip_address");
        String mac = created.getString("mac_address");
        Instances.awaitStatus(id, "running", BOOT);

        String live = Tools.run(List.of("virsh", "-q", "-c", hypervisor.status().uri(), "dumpxml", id));
        assertThat(live).contains("<domain type='qemu'").contains("arch='aarch64'").contains("machine='virt")
                .contains("bus='virtio'").contains("model='virtio-scsi'").doesNotContain("bus='ide'")
                .doesNotContain("bus='ps2'");
        Matcher m = NVRAM.matcher(live);
        assertThat(m.find()).as("a UEFI guest with an NVRAM file:\n" + live).isTrue();
        Path nvram = Path.of(m.group(1).trim());
        assertThat(nvram).exists();

        assertThat(Ssh.await(ip, TestGuest.USER, key, "uname -m", BOOT)).isEqualTo("aarch64");
        Log.infof("arm64 guest under TCG: create to SSH in %d s", seconds(t0));
        Ssh.run(ip, TestGuest.USER, key, "echo kept > /data/disk-marker && sync");

        // stop is an ACPI power button press the guest answers by powering off
        given().post("/api/instances/" + id + "/stop").then().statusCode(200);
        Instances.awaitStatus(id, "stopped", BOOT);
        assertThat(hypervisor.findDomain(id).orElseThrow().state()).isEqualTo(DomainState.SHUT_OFF);
        assertThat(nvram).as("the NVRAM file outlives a stop").exists();
        assertThat(given().get("/api/instances/" + id + "/console").then().statusCode(200).extract().asString())
                .as("serial console log").contains("ACPI power button pressed");

        long t1 = System.nanoTime();
        given().post("/api/instances/" + id + "/start").then().statusCode(200);
        assertThat(Ssh.await(ip, TestGuest.USER, key, "cat /data/disk-marker", BOOT)).isEqualTo("kept");
        Log.infof("arm64 guest under TCG: start to SSH in %d s", seconds(t1));

        String bootBefore = Ssh.run(ip, TestGuest.USER, key, "cat /proc/sys/kernel/random/boot_id");
        long t2 = System.nanoTime();
        given().post("/api/instances/" + id + "/reboot").then().statusCode(200);
        Awaitility.await().atMost(BOOT).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> !Ssh.run(ip, TestGuest.USER, key, "cat /proc/sys/kernel/random/boot_id")
                        .equals(bootBefore));
        Log.infof("arm64 guest under TCG: reboot to SSH in %d s", seconds(t2));
        assertThat(Ssh.run(ip, TestGuest.USER, key, "cat /data/disk-marker")).isEqualTo("kept");
        assertThat(Instances.get(id).getString("status")).isEqualTo("running");

        given().delete("/api/instances/" + id).then().statusCode(200).body("status", equalTo("terminated"));
        assertThat(hypervisor.findDomain(id)).isEmpty();
        assertThat(nvram).as("NVRAM file").doesNotExist();
        assertThat(home.instanceDir(id)).as("disk, seed ISO and console log").doesNotExist();
        assertThat(hypervisor.findNetwork("ec2-as-service").orElseThrow().spec().hosts())
                .noneMatch(h -> h.mac().equalsIgnoreCase(mac));
    }

    private static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }
}
