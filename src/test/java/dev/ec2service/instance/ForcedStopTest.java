package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
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
@TestProfile(ForcedStopTest.NoPatience.class)
class ForcedStopTest {

    /** A stop timeout of zero: the guest never gets time to answer the power button. */
    public static class NoPatience implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.instances.stop-timeout", "0s");
        }
    }

    @Inject
    DataHome home;

    @Inject
    Hypervisor hypervisor;

    @BeforeEach
    void image() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    @Test
    @DisplayName("REQ-INST-010 a guest that does not power off within the stop timeout is forced off")
    void forcedOff() {
        String id = Instances.create(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID)).getString("id");
        try {
            Instances.awaitStatus(id, "running");
            given().post("/api/instances/" + id + "/stop").then().statusCode(200);
            assertThat(Instances.awaitStatus(id, "stopped").getString("state_reason")).contains("forced off");
            assertThat(hypervisor.findDomain(id).orElseThrow().state()).isEqualTo(DomainState.SHUT_OFF);
        } finally {
            given().delete("/api/instances/" + id).then().statusCode(200);
        }
    }
}
