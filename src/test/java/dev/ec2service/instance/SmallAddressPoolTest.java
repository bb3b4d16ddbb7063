package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SmallAddressPoolTest.TwoAddresses.class)
class SmallAddressPoolTest {

    public static class TwoAddresses implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.network.dhcp-start", "192.168.100.200", "ec2.network.dhcp-end", "192.168.100.201");
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
    @DisplayName("REQ-INST-003 REQ-NET-006 REQ-NET-007 two instances get distinct ids, MACs and addresses; a third is refused cleanly")
    void twoFitTheThirdIsRefused() {
        Map<String, Object> body = Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID);
        JsonPath a = Instances.create(body);
        JsonPath b = Instances.create(body);
        try {
            assertThat(a.getString("id")).isNotEqualTo(b.getString("id"));
            assertThat(a.getString("mac_address")).isNotEqualTo(b.getString("mac_address"));
            assertThat(Set.of(a.getString("ip_address"), b.getString("ip_address")))
                    .containsExactlyInAnyOrder("192.168.100.200", "192.168.100.201");
            long rows = Instances.count();
            given().contentType("application/json").body(body).post("/api/instances").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:ec2-as-service:problem:address-pool-exhausted"))
                    .body("detail", containsString("192.168.100.200-192.168.100.201"));
            assertThat(Instances.count()).isEqualTo(rows);
            Instances.awaitStatus(a.getString("id"), "running");
            Instances.awaitStatus(b.getString("id"), "running");
        } finally {
            given().delete("/api/instances/" + a.getString("id")).then().statusCode(200);
            given().delete("/api/instances/" + b.getString("id")).then().statusCode(200);
        }
        // the released addresses are free again
        JsonPath c = Instances.create(body);
        given().delete("/api/instances/" + c.getString("id")).then().statusCode(200);
    }
}
