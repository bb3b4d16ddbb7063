package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The floors are raised far above this machine's figures through config; the real figures are read and named. */
@QuarkusTest
@TestProfile(ResourceFloorTest.HugeFloors.class)
class ResourceFloorTest {

    public static class HugeFloors implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.limits.min-free-memory-mb", "100000000");
        }
    }

    @Inject
    DataHome home;

    @BeforeEach
    void image() throws Exception {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    @Test
    @DisplayName("REQ-LIM-001 creation is refused while available memory is under the floor, naming the figures")
    void memoryFloor() {
        given().contentType("application/json").body(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID))
                .post("/api/instances").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:insufficient-memory"))
                .body("detail", containsString("MiB of memory available"))
                .body("detail", containsString("100000000 MiB"));
    }
}
