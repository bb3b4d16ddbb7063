package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.image.domain.Image;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.RealEnvironment;
import dev.ec2service.testsupport.Ssh;
import dev.ec2service.testsupport.TestKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Debian cloud image with real cloud-init (scripts/guest/build-cloudinit-image.sh; its path in
 * EC2_CLOUDINIT_IMAGE) booted as an instance: the key from meta-data {@code public-keys} lets the
 * image's default user in and the user data's {@code runcmd} runs. Skipped without that variable, failed under CI.
 */
@QuarkusTest
class RealCloudInitTest {

    private static final String IMAGE_ID = "debian-cloudinit";
    private static final String USER = "ubuntu";
    /** A real guest under TCG: ≈50 s to SSH on an idle host, 80–160 s on a busy 2-CPU one. */
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final String USER_DATA = "#cloud-config\nruncmd:\n"
            + "  - [ sh, -c, 'echo from-real-cloud-init > /var/tmp/ec2-marker' ]\n";

    @Inject
    DataHome home;

    @TempDir
    Path tmp;

    private String instanceId;

    @BeforeEach
    void realImage() throws IOException {
        Path image = Path.of(RealEnvironment.require("EC2_CLOUDINIT_IMAGE",
                "make test builds it; by hand: scripts/guest/build-cloudinit-image.sh OUT_DIR"));
        assertThat(image).as("EC2_CLOUDINIT_IMAGE").isReadable();
        register(image);
    }

    /** A failed run leaves no VM behind; its serial console is kept in target/ for the diagnosis. */
    @AfterEach
    void terminateLeftovers() throws IOException {
        if (instanceId != null && !"terminated".equals(Instances.get(instanceId).getString("status"))) {
            Path console = home.instanceDir(instanceId).resolve("console.log");
            if (Files.isReadable(console)) {
                Files.copy(console, Path.of("target", "real-cloudinit-" + instanceId + "-console.log"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            given().delete("/api/instances/" + instanceId);
        }
    }

    @Test
    @DisplayName("REQ-INST-005 REQ-INST-004 REQ-INST-006 REQ-NET-003 real cloud-init installs public-keys for the default user and runs user data")
    void realCloudInitGuest() throws Exception {
        String keyName = "real-cloudinit-" + Long.toHexString(System.nanoTime());   // a data home may be reused
        Path key = TestKeys.generate(tmp, keyName);
        TestKeys.store(keyName, key);
        String publicKey = Files.readString(Path.of(key + ".pub")).trim();

        Instant start = Instant.now();
        JsonPath created = given().contentType("application/json")
                .body(Map.of("name", "Real Cloud Init", "instance_type", "t2.micro", "image_id", IMAGE_ID,
                        "ssh_key_name", keyName, "user_data", USER_DATA))
                .post("/api/instances").then().statusCode(201)
                .body("status", equalTo("pending"))
                .body("memory_mb", equalTo(1024))
                .extract().jsonPath();
        instanceId = created.getString("id");
        String reserved = created.getString("ip_address");
        assertThat(reserved).startsWith("192.168.100.");

        Instances.awaitStatus(instanceId, "running");
        Duration toRunning = Duration.between(start, Instant.now());

        // Only the key from meta-data public-keys can open this door: the image has no other.
        String ip = awaitSsh(instanceId, key);
        Duration toSsh = Duration.between(start, Instant.now());
        assertThat(ip).as("the guest's DHCP address is the one reserved at creation").isEqualTo(reserved);
        assertThat(Ssh.run(ip, USER, key, "cat ~/.ssh/authorized_keys")).contains(publicKey);
        assertThat(Ssh.run(ip, USER, key, "cat /var/lib/cloud/data/instance-id")).isEqualTo(instanceId);
        assertThat(Ssh.run(ip, USER, key, "hostname")).isEqualTo("real-cloud-init");
        assertThat(Ssh.run(ip, USER, key, "sudo -n id -un")).isEqualTo("root");

        // runcmd runs in the config stage; result.json appears when the final stage is done.
        Awaitility.await().atMost(BOOT).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() ->
                assertThat(Ssh.run(ip, USER, key, "cat /var/tmp/ec2-marker")).isEqualTo("from-real-cloud-init"));
        Awaitility.await().atMost(BOOT).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() ->
                assertThat(Ssh.run(ip, USER, key, "test -s /run/cloud-init/result.json && echo done"))
                        .isEqualTo("done"));
        Duration toDone = Duration.between(start, Instant.now());
        JsonPath result = JsonPath.from(Ssh.run(ip, USER, key, "cat /run/cloud-init/result.json"));
        assertThat(result.getString("v1.datasource")).contains("NoCloud");
        assertThat(result.getList("v1.errors")).as("cloud-init errors").isEmpty();
        // what `cloud-init status` reports, read from its file (the CLI takes ≈20 s under TCG)
        Map<String, Object> stages = JsonPath.from(Ssh.run(ip, USER, key, "cat /run/cloud-init/status.json"))
                .getMap("v1");
        assertThat(stages.get("stage")).as("stage still running").isNull();
        for (String stage : List.of("init-local", "init", "modules-config", "modules-final")) {
            assertThat((List<?>) ((Map<?, ?>) stages.get(stage)).get("errors")).as(stage + " errors").isEmpty();
        }
        // the image's own cloud-init settings: no RSA host key; growpart grew the root fs to the 8 GiB disk
        assertThat(Ssh.run(ip, USER, key, "ls /etc/ssh/ | grep '^ssh_host_.*_key$'"))
                .contains("ssh_host_ed25519_key").doesNotContain("rsa");
        assertThat(Integer.parseInt(Ssh.run(ip, USER, key, "df -BG --output=size / | tail -n1 | tr -dc 0-9")))
                .isGreaterThanOrEqualTo(7);
        System.out.printf("real cloud-init guest %s: running after %ds, SSH after %ds, cloud-init done after %ds%n",
                instanceId, toRunning.toSeconds(), toSsh.toSeconds(), toDone.toSeconds());

        given().delete("/api/instances/" + instanceId).then().statusCode(200)
                .body("status", equalTo("terminated"));
        assertThat(Instances.get(instanceId).getString("status")).isEqualTo("terminated");
        assertThat(home.instanceDir(instanceId)).doesNotExist();
    }

    /** Places the image in the images directory and registers it, like TestGuest does for the small guest. */
    private void register(Path source) throws IOException {
        Path target = home.images().resolve("debian-cloudinit.qcow2");
        if (!Files.exists(target) || Files.size(target) != Files.size(source)
                || Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(source)) < 0) {
            Path part = home.images().resolve(".debian-cloudinit.qcow2.tmp");
            Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        QuarkusTransaction.requiringNew().run(() -> {
            if (Image.findById(IMAGE_ID) == null) {
                Image image = new Image();
                image.id = IMAGE_ID;
                image.name = "Debian 12 cloud-init";
                image.description = "Debian bookworm with real cloud-init, built by scripts/guest/build-cloudinit-image.sh";
                image.os = "linux";
                image.arch = "amd64";
                image.filePath = target.toString();
                image.defaultUser = USER;
                image.source = "imported";
                image.createdAt = Instant.now();
                image.persist();
            }
        });
    }

    /**
     * Waits until the default user logs in with the key; answers the address that answered, read
     * again on every try as the service reports it (so a lease that differs from the reservation
     * fails on the address check, not on a timeout).
     */
    private static String awaitSsh(String id, Path key) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(BOOT);
        IOException last = null;
        String ip = null;
        while (Instant.now().isBefore(deadline)) {
            ip = Instances.get(id).getString("ip_address");
            try {
                assertThat(Ssh.run(ip, USER, key, "id -un")).isEqualTo(USER);
                return ip;
            } catch (IOException e) {
                last = e;
                Thread.sleep(1000);
            }
        }
        throw new IOException("SSH to " + id + " (" + ip + ") as " + USER + " did not answer within " + BOOT, last);
    }
}
