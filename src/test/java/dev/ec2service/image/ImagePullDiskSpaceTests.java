package dev.ec2service.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.image.download.Sha256;
import dev.ec2service.platform.arch.Arch;
import dev.ec2service.platform.files.DataHome;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The free-space check before a download: the disk headroom (ec2.limits.disk-headroom-gb) is raised beyond any
 * disk, so the small file cannot fit beside it, whatever the machine has free.
 */
@QuarkusTest
@TestProfile(ImagePullDiskSpaceTests.HugeHeadroom.class)
@WithTestResource(value = LocalReleases.class, scope = TestResourceScope.GLOBAL)
class ImagePullDiskSpaceTests {

    public static class HugeHeadroom implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.limits.disk-headroom-gb", "100000000");
        }
    }

    private static final String ID = "ubuntu-22.04";

    @LocalReleases.Inject
    LocalReleases releases;

    @Inject
    DataHome home;

    private final String fileName = "ubuntu-22.04-server-cloudimg-" + Arch.host().orElseThrow().debianName() + ".img";

    @BeforeEach
    void serveImage() {
        releases.reset();
        given().delete("/api/images/" + ID + "/file").then().statusCode(204);
        byte[] image = TestQcow2.bytes(TestQcow2.create(home.root().resolve("limits-test.qcow2"), "64M"));
        releases.serve("22.04/release/" + fileName, image);
        releases.serve("22.04/release/SHA256SUMS",
                (HexFormat.of().formatHex(Sha256.digest().digest(image)) + " *" + fileName + "\n").getBytes());
    }

    @AfterEach
    void removeFile() throws Exception {
        releases.reset();
        java.nio.file.Files.deleteIfExists(home.root().resolve("limits-test.qcow2"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().delete("/api/images/" + ID + "/file").then().statusCode(204));
    }

    @Test
    @DisplayName("a pull that would leave less than the disk headroom free is refused with 409 before anything is fetched")
    void refusedBeforeStart() {
        given().post("/api/images/" + ID + "/pull").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:insufficient-disk"))
                .body("detail", allOf(containsString("must stay free"), containsString("ec2.limits.disk-headroom-gb")));

        assertThat(releases.requests("22.04/release/" + fileName)).as("no GET of the file").isEmpty();
        assertThat(home.images().resolve("." + fileName + ".part")).doesNotExist();
        given().get("/api/images/" + ID).then().statusCode(200).body("status", equalTo("missing"));
    }

    @Test
    @DisplayName("when only the download's answer tells, the pull ends in error with the reason before a byte is written")
    void refusedWhenTheResponseArrives() {
        releases.unannouncedSizes();

        given().post("/api/images/" + ID + "/pull").then().statusCode(202);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "error".equals(given().get("/api/images/" + ID).then().extract().path("status")));
        given().get("/api/images/" + ID).then()
                .body("status_detail", allOf(containsString("must stay free"), containsString("ec2.limits.disk-headroom-gb")));
        assertThat(home.images().resolve("." + fileName + ".part")).doesNotExist();
    }
}
