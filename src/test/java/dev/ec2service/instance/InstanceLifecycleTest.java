package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.Ssh;
import dev.ec2service.testsupport.TestGuest;
import dev.ec2service.testsupport.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole life of one instance on a real VM, from create to terminate. */
@QuarkusTest
class InstanceLifecycleTest {

    private static final Duration BOOT = Duration.ofSeconds(120);

    @Inject
    Hypervisor hypervisor;

    @Inject
    DataHome home;

    @TempDir
    Path tmp;

    @BeforeEach
    void realEnvironment() throws Exception {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    @Test
    @DisplayName("REQ-INST-001..006 REQ-INST-008..012 REQ-NET-003 REQ-NET-006 REQ-STOR-002..004 REQ-SSH-006 create with a generated key, boot, SSH, stop, start, reboot, terminate")
    void fullLifecycle() throws Exception {
        Path key = TestKeys.generateOnService(tmp, "lifecycle-key");
        String userData = "#!/bin/sh\necho user-data-ran > /tmp/ec2-marker\nchmod 644 /tmp/ec2-marker\n";

        JsonPath created = given().contentType("application/json")
                .body(Map.of("name", "Life Cycle", "instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID,
                        "ssh_key_name", "lifecycle-key", "user_data", userData))
                .post("/api/instances").then().statusCode(201)
                .body("status", equalTo("pending"))
                .body("vcpus", equalTo(1)).body("memory_mb", equalTo(512)).body("disk_gb", equalTo(8))
                .body("ssh_key_name", equalTo("lifecycle-key"))
                .body("image_id", equalTo(TestGuest.IMAGE_ID))
                .extract().jsonPath();
        String id = created.getString("id");
        String ip = created.getString("ip_address");
        String mac = created.getString("mac_address");
        assertThat(id).matches("i-[0-9a-f]{8}");
        assertThat(ip).as("address reserved while pending").startsWith("192.168.100.");
        assertThat(mac).isEqualTo("52:54:" + id.substring(2, 4) + ":" + id.substring(4, 6) + ":" + id.substring(6, 8)
                + ":" + id.substring(8, 10));
        assertThat(created.getString("created_at")).isNotBlank();

        Instances.awaitStatus(id, "running", BOOT);
        JsonPath running = Instances.get(id);
        assertThat(running.getString("launched_at")).isNotBlank();
        assertThat(running.getString("libvirt_uuid")).isNotBlank();
        Path dir = home.instanceDir(id);
        assertThat(dir.resolve("disk.qcow2")).exists();
        assertThat(dir.resolve("cloud-init.iso")).exists();
        assertThat(dev.ec2service.platform.process.Tools.run(java.util.List.of("qemu-img", "info", "-U",
                dir.resolve("disk.qcow2").toString()))).contains("backing file:").contains("virtual size: 8 GiB");

        Awaitility.await().atMost(BOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> hypervisor.dhcpLeases("ec2-as-service").stream()
                        .anyMatch(l -> l.mac().equalsIgnoreCase(mac) && l.ip().equals(ip)));

        assertThat(Ssh.await(ip, TestGuest.USER, key, "hostname", BOOT)).isEqualTo("life-cycle");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(Ssh.run(ip, TestGuest.USER, key, "cat /tmp/ec2-marker")).isEqualTo("user-data-ran"));
        Ssh.run(ip, TestGuest.USER, key, "sudo sh -c 'echo kept > /data/disk-marker && sync'");
        assertThat(given().get("/api/instances/" + id + "/console").then().statusCode(200).extract().asString())
                .as("serial console log").contains("ec2-guest: boot finished");

        // REQ-SSH-006 deleting the key pair leaves the running instance reachable with its key, showing its name
        given().delete("/api/ssh-key/lifecycle-key").then().statusCode(204);
        assertThat(Ssh.run(ip, TestGuest.USER, key, "echo still-here")).isEqualTo("still-here");
        assertThat(Instances.get(id).getString("ssh_key_name")).isEqualTo("lifecycle-key");

        // REQ-INST-008: an action that does not fit the state is a conflict
        given().post("/api/instances/" + id + "/start").then().statusCode(409)
                .body("type", equalTo("urn:ec2-as-service:problem:invalid-state"));

        // REQ-INST-010 stop: the guest shuts down and the domain is really off
        given().post("/api/instances/" + id + "/stop").then().statusCode(200).body("status", equalTo("stopping"));
        Instances.awaitStatus(id, "stopped", BOOT);
        assertThat(hypervisor.findDomain(id).orElseThrow().state()).isEqualTo(DomainState.SHUT_OFF);
        given().post("/api/instances/" + id + "/stop").then().statusCode(409);
        given().post("/api/instances/" + id + "/reboot").then().statusCode(409);

        // the type of a stopped instance changes (as EC2's ModifyInstanceAttribute); the disk keeps its size
        given().contentType("application/json").body(Map.of("instance_type", "t9.huge"))
                .patch("/api/instances/" + id).then().statusCode(422);
        given().contentType("application/json").body(Map.of()).patch("/api/instances/" + id).then().statusCode(400);
        given().contentType("application/json").body(Map.of("instance_type", "t2.micro"))
                .patch("/api/instances/" + id).then().statusCode(200)
                .body("status", equalTo("stopped")).body("instance_type", equalTo("t2.micro"))
                .body("memory_mb", equalTo(1024)).body("disk_gb", equalTo(8));

        // REQ-INST-009 start
        given().post("/api/instances/" + id + "/start").then().statusCode(200).body("status", equalTo("running"));
        assertThat(Ssh.await(ip, TestGuest.USER, key, "cat /data/disk-marker", BOOT)).isEqualTo("kept");
        assertThat(Long.parseLong(Ssh.run(ip, TestGuest.USER, key, "grep MemTotal /proc/meminfo").replaceAll("[^0-9]",
                ""))).as("MemTotal (kB) of a t2.micro").isGreaterThan(768 * 1024);
        given().contentType("application/json").body(Map.of("instance_type", "t2.nano"))
                .patch("/api/instances/" + id).then().statusCode(409);

        // REQ-INST-011 reboot keeps configuration, disk and address; the kernel boots again
        String bootBefore = bootId(ip, key);
        given().post("/api/instances/" + id + "/reboot").then().statusCode(200);
        Awaitility.await().atMost(BOOT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> !bootId(ip, key).equals(bootBefore));
        assertThat(Ssh.run(ip, TestGuest.USER, key, "cat /data/disk-marker")).isEqualTo("kept");
        assertThat(Instances.get(id).getString("ip_address")).isEqualTo(ip);
        assertThat(Instances.get(id).getString("status")).isEqualTo("running");

        // REQ-INST-012 REQ-STOR-004 terminate removes domain, disk, ISO, directory and reservation
        given().delete("/api/instances/" + id).then().statusCode(200)
                .body("status", equalTo("terminated"));
        assertThat(hypervisor.findDomain(id)).isEmpty();
        assertThat(dir).doesNotExist();
        assertThat(hypervisor.findNetwork("ec2-as-service").orElseThrow().spec().hosts())
                .noneMatch(h -> h.mac().equalsIgnoreCase(mac));
        JsonPath terminated = Instances.get(id);
        assertThat(terminated.getString("status")).isEqualTo("terminated");
        assertThat(terminated.getString("terminated_at")).isNotBlank();
        given().post("/api/instances/" + id + "/start").then().statusCode(409);
        given().delete("/api/instances/" + id).then().statusCode(409);
        given().queryParam("status", "terminated").get("/api/instances").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(id));
    }

    /** The kernel's id of the current boot: a new one proves the guest really restarted. */
    private String bootId(String ip, Path key) throws Exception {
        String id = Ssh.run(ip, TestGuest.USER, key, "cat /proc/sys/kernel/random/boot_id");
        assertThat(id).matches("[0-9a-f-]{36}");
        return id;
    }
}
