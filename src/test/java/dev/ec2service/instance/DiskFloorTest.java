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

@QuarkusTest
@TestProfile(DiskFloorTest.HugeHeadroom.class)
class DiskFloorTest {

    public static class HugeHeadroom implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.limits.disk-headroom-gb", "1000000");
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
    @DisplayName("REQ-LIM-002 creation is refused unless free disk exceeds the type's disk plus the headroom, naming the figures")
    void diskFloor() {
        given().contentType("application/json").body(Map.of("instance_type", "t2.small", "image_id", TestGuest.IMAGE_ID))
                .post("/api/instances").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:insufficient-disk"))
                .body("detail", containsString("GiB free"))
                .body("detail", containsString("20 GiB disk + 1000000 GiB headroom"));
    }
}
