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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The download size cap (ec2.images.download.max-size), lowered to 100 KiB, against the local release server. */
@QuarkusTest
@TestProfile(ImagePullLimitsTests.SmallCap.class)
@WithTestResource(value = LocalReleases.class, scope = TestResourceScope.GLOBAL)
class ImagePullLimitsTests {

    public static class SmallCap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.images.download.max-size", "100K");
        }
    }

    static final String ID = "ubuntu-22.04";

    @LocalReleases.Inject
    LocalReleases releases;

    @Inject
    DataHome home;

    private final String fileName = "ubuntu-22.04-server-cloudimg-" + Arch.host().orElseThrow().debianName() + ".img";

    @BeforeEach
    void serveLargeImage() {
        releases.reset();
        given().delete("/api/images/" + ID + "/file").then().statusCode(204);
        byte[] large = new byte[300 * 1024];
        new Random(3).nextBytes(large);
        releases.serve("22.04/release/" + fileName, large);
        releases.serve("22.04/release/SHA256SUMS", (HexFormat.of().formatHex(Sha256.digest().digest(large)) + " *" + fileName + "\n").getBytes());
    }

    @AfterEach
    void removeFile() {
        releases.reset();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().delete("/api/images/" + ID + "/file").then().statusCode(204));
    }

    private Path part() {
        return home.images().resolve("." + fileName + ".part");
    }

    @Test
    @DisplayName("a pull of a file announced larger than the cap is refused with 409, fetches nothing and leaves no partial file")
    void announcedOverCap() throws Exception {
        // left by an earlier pull, when the cap was higher: an over-cap file's bytes are of no use
        Files.write(part(), new byte[1000]);

        given().post("/api/images/" + ID + "/pull").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:download-too-large"))
                .body("detail", allOf(containsString("307200 bytes"), containsString("102400 bytes"),
                        containsString("ec2.images.download.max-size")));

        assertThat(part()).doesNotExist();
        assertThat(releases.requests("22.04/release/" + fileName)).as("no GET of the file").isEmpty();
        given().get("/api/images/" + ID).then().statusCode(200).body("status", equalTo("missing"));
    }

    @Test
    @DisplayName("a body that runs past the cap without announcing its size ends the pull in error and its partial file is deleted")
    void unannouncedOverCap() {
        releases.unannouncedSizes();

        given().post("/api/images/" + ID + "/pull").then().statusCode(202);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "error".equals(given().get("/api/images/" + ID).then().extract().path("status")));
        given().get("/api/images/" + ID).then()
                .body("status_detail", allOf(containsString("sent more than 102400 bytes"),
                        containsString("ec2.images.download.max-size"), containsString("partial file was deleted")));
        assertThat(part()).doesNotExist();
        assertThat(home.images().resolve(fileName)).doesNotExist();
        assertThat(releases.requests("22.04/release/" + fileName)).as("not retried").hasSize(1);
    }
}
