package dev.ec2service.ec2api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/** A RunInstances that cannot reach MinCount is undone, and its ClientToken is free for a retry. */
@QuarkusTest
@TestProfile(Ec2RollbackTests.OneAddress.class)
class Ec2RollbackTests {

    /** One address: the second instance of a launch fails deterministically, after the first was made. */
    public static class OneAddress implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.network.dhcp-start", "192.168.100.200", "ec2.network.dhcp-end", "192.168.100.200");
        }
    }

    @TestHTTPResource("/")
    URL base;

    private final DataHome home;

    Ec2RollbackTests(DataHome home) {
        this.home = home;
    }

    @Test
    @DisplayName("MinCount 2 with room for one: the first instance is terminated, and a retry with the same ClientToken launches anew")
    void rollbackForgetsTheReservation() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
        String token = UUID.randomUUID().toString();
        List<String> before = given().get("/api/instances").jsonPath().getList("id");
        try (Ec2Client ec2 = Ec2Clients.client(base)) {
            assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId(TestGuest.IMAGE_ID).instanceType("t2.nano")
                    .minCount(2).maxCount(2).clientToken(token))).isInstanceOfSatisfying(Ec2Exception.class,
                            e -> assertThat(e.awsErrorDetails().errorCode())
                                    .isEqualTo("InsufficientFreeAddressesInSubnet"));
            // the instance made before the failure was rolled back
            List<Map<String, Object>> made = given().get("/api/instances").jsonPath().getList("$");
            assertThat(made.stream().filter(i -> !before.contains(i.get("id"))).map(i -> i.get("status")))
                    .isNotEmpty().allMatch(s -> s.equals("terminated") || s.equals("terminating"));

            RunInstancesResponse retry = ec2.runInstances(r -> r.imageId(TestGuest.IMAGE_ID).instanceType("t2.nano")
                    .minCount(1).maxCount(1).clientToken(token));
            Instance fresh = retry.instances().get(0);
            try {
                assertThat(fresh.state().code()).as("a new launch, not the failed one").isIn(0, 16);
            } finally {
                ec2.terminateInstances(r -> r.instanceIds(fresh.instanceId()));
            }
        }
    }
}
