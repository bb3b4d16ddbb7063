package dev.ec2service.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.PackagedService;
import dev.ec2service.testsupport.TestGuest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The packaged service as a real process, stopped and started again while its instance keeps running. */
class ServiceRestartIT {

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
}
