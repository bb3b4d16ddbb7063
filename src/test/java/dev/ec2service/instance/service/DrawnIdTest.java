package dev.ec2service.instance.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A launch draws its id before it takes the reservation lock and learns under it, in the same read as the
 * promises, whether a row already has that id (one chance in four billion per row): then it draws another. Runs
 * without spares (the test profile), so the drawn id is the one the launch would get.
 */
@QuarkusTest
class DrawnIdTest {

    @Inject
    DataHome home;

    @Inject
    LaunchReservations reservations;

    @BeforeEach
    void image() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    @Test
    @DisplayName("a launch whose drawn id an instance already has gets another; a free drawn id is kept")
    void takenIdIsDrawnAgain() {
        String taken = Instances.create(Map.of("name", "drawn-id", "instance_type", "t2.nano", "image_id",
                TestGuest.IMAGE_ID)).getString("id");
        try {
            LaunchReservations.Claim claim = reservations.locked(() -> reservations.claim(taken));
            assertThat(claim.spare()).isEmpty();
            assertThat(claim.promises().existingIds()).containsExactly(taken);
            assertThat(claim.id()).isNotEqualTo(taken).matches("i-[0-9a-f]{8}");

            String free = reservations.newId();
            LaunchReservations.Claim freeClaim = reservations.locked(() -> reservations.claim(free));
            assertThat(freeClaim.id()).isEqualTo(free);
            assertThat(freeClaim.promises().existingIds()).isEmpty();
        } finally {
            given().delete("/api/instances/" + taken).then().statusCode(200);
            Instances.awaitStatus(taken, "terminated");
        }
    }
}
