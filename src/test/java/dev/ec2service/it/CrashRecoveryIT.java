package dev.ec2service.it;

import static io.restassured.RestAssured.given;
import static dev.ec2service.testsupport.OwnLibvirtObjects.virsh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.network.service.Macs;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.PackagedService;
import dev.ec2service.testsupport.TestGuest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** kill -9 of the packaged service in the middle of a user's work: nothing is lost, nothing leaks. */
class CrashRecoveryIT {

    private PackagedService service;

    @BeforeEach
    void setUp() throws Exception {
        TestGuest.assumeRealEnvironment();
        service = new PackagedService("crash-it");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @DisplayName("REQ-REL-001 a launch and a stop cut short by kill -9 of the service finish after the restart; terminate leaves nothing behind")
    void crashDuringLaunchAndStop() throws Exception {
        service.start();
        TestGuest.importImage(TestGuest.IMAGE_ID, TestGuest.imageFile());
        String id = Instances.create(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID,
                "name", "crash-during-launch")).getString("id");
        // the answer comes before the provisioning: the service dies with the launch under way
        service.kill();
        service.start();
        Instances.awaitStatus(id, "running");

        given().post("/api/instances/" + id + "/stop").then().statusCode(200);
        service.kill();
        service.start();
        Instances.awaitStatus(id, "stopped");

        given().delete("/api/instances/" + id).then().statusCode(200);
        assertThat(service.home().resolve("instances").resolve(id)).doesNotExist();
        assertThat(virsh("list", "--all", "--name")).doesNotContain(id);
        assertThat(virsh("net-dumpxml", "ec2-as-service")).doesNotContain(Macs.of(id));
    }
}
