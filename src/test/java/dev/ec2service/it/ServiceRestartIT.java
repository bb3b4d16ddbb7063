package dev.ec2service.it;

import static io.restassured.RestAssured.given;
import static dev.ec2service.testsupport.OwnLibvirtObjects.domainState;
import static dev.ec2service.testsupport.OwnLibvirtObjects.virsh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.PackagedService;
import dev.ec2service.testsupport.TestGuest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The packaged service as a real process, stopped and started again while its instance keeps running. */
class ServiceRestartIT {

    /** A boot to its lease, then the wait for its SSH (at most 60 s) before the refill, then the preparation. */
    private static final Duration PREPARED = Instances.BOOT.plusSeconds(60);

    private PackagedService service;

    @BeforeEach
    void setUp() throws Exception {
        TestGuest.assumeRealEnvironment();
        service = new PackagedService("restart-it");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @DisplayName("REQ-REL-001 a service restarted with a running instance keeps it running, with its address, and adopts it")
    void restartKeepsRunningInstance() throws Exception {
        service.start();
        TestGuest.importImage(TestGuest.IMAGE_ID, TestGuest.imageFile());
        JsonPath created = Instances.create(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID,
                "name", "survivor"));
        String id = created.getString("id");
        String ip = created.getString("ip_address");
        try {
            Instances.awaitStatus(id, "running");
            String uuid = Instances.get(id).getString("libvirt_uuid");

            service.stop();
            service.start();

            JsonPath after = Instances.get(id);
            assertThat(after.getString("status")).isEqualTo("running");
            assertThat(after.getString("ip_address")).isEqualTo(ip);
            assertThat(after.getString("libvirt_uuid")).isEqualTo(uuid);
            given().get("/api/instances").then().statusCode(200)
                    .body("find { it.id == '" + id + "' }.status", org.hamcrest.Matchers.equalTo("running"));
        } finally {
            given().delete("/api/instances/" + id).then().statusCode(200);
        }
    }

    @Test
    @DisplayName("a clean stop removes the launch prepared ahead, and a start removes one a crash left instead of using it")
    void preparedLaunchGoesWithTheService() throws Exception {
        service.start();
        TestGuest.importImage(TestGuest.IMAGE_ID, TestGuest.imageFile());
        Map<String, Object> nano = Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID);
        // the instances are terminated at the end; should an assertion fail first, close() removes their domains
        String first = Instances.create(nano).getString("id");
        Instances.awaitStatus(first, "running");
        Path prepared = awaitPreparedDirectory();
        String spare = prepared.getFileName().toString();
        service.stop();
        assertThat(prepared).doesNotExist();
        assertThat(virsh("list", "--all", "--name")).doesNotContain(spare);

        service.start();
        String second = Instances.create(nano).getString("id");
        Instances.awaitStatus(second, "running");
        Path left = awaitPreparedDirectory();
        String leftId = left.getFileName().toString();
        String leftUuid = virsh("domuuid", leftId).strip();
        service.kill();
        assertThat(domainState(leftId)).isEqualTo("paused");

        // the next run never uses what the crashed one prepared: a launch at once may take its spare before the
        // first refill removes it, and is then brought up on a domain of its own
        service.start();
        String third = Instances.create(nano).getString("id");
        Instances.awaitStatus(third, "running");
        assertThat(virsh("domuuid", third).strip()).isNotEqualTo(leftUuid);
        if (third.equals(leftId)) {
            assertThat(left.resolve("cloud-init.iso")).exists();
            assertThat(left.resolve("prepared.properties")).doesNotExist();
        } else {
            Awaitility.await().atMost(PREPARED).ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> !Files.exists(left) && !virsh("list", "--all", "--name").contains(leftId));
        }
        for (String id : List.of(first, second, third)) {
            given().delete("/api/instances/" + id).then().statusCode(200);
        }
    }

    /** The instance directory of the spare once a launch is prepared in it: marked, its domain paused. */
    private Path awaitPreparedDirectory() {
        Path instances = service.home().resolve("instances");
        AtomicReference<Path> found = new AtomicReference<>();
        Awaitility.await().atMost(PREPARED).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
            try (Stream<Path> dirs = Files.list(instances)) {
                dirs.filter(d -> Files.exists(d.resolve("prepared.properties"))).findFirst().ifPresent(found::set);
            }
            return found.get() != null && domainState(found.get().getFileName().toString()).equals("paused");
        });
        return found.get();
    }
}
