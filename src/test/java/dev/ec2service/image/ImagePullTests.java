package dev.ec2service.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.image.download.Sha256;
import dev.ec2service.image.service.ImageService;
import dev.ec2service.platform.arch.Arch;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.Kind;
import dev.ec2service.platform.files.DataHome;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalReleases.class, scope = TestResourceScope.GLOBAL)
class ImagePullTests {

    private static final String ID = "ubuntu-22.04";

    @LocalReleases.Inject
    LocalReleases releases;

    @Inject
    DataHome home;

    @Inject
    ImageService images;

    private final String fileName = "ubuntu-22.04-server-cloudimg-" + Arch.host().orElseThrow().debianName() + ".img";
    private byte[] image;

    @BeforeEach
    void serveImage() throws IOException {
        releases.reset();
        given().when().delete("/api/images/" + ID + "/file").then().statusCode(204);
        Path made = TestQcow2.create(Files.createTempDirectory("ec2-pull-test").resolve("cloud.img"), "64M");
        image = TestQcow2.bytes(made);
        Files.delete(made);
        Files.delete(made.getParent());
        releases.serve("22.04/release/" + fileName, image);
        servesChecksum(sha256(image));
    }

    @AfterEach
    void removeFile() {
        releases.reset();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().when().delete("/api/images/" + ID + "/file").then().statusCode(204));
    }

    private void servesChecksum(String hex) {
        releases.serve("22.04/release/SHA256SUMS", (sha256("other".getBytes()) + " *other.img\n" + hex + " *"
                + fileName + "\n").getBytes());
    }

    private Path target() {
        return home.images().resolve(fileName);
    }

    private Path part() {
        return home.images().resolve("." + fileName + ".part");
    }

    private static JsonPath describe() {
        return given().when().get("/api/images/" + ID).then().statusCode(200).extract().jsonPath();
    }

    private static void awaitStatus(String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(describe().getString("status")));
    }

    private List<String> imageRanges() {
        return releases.requests("22.04/release/" + fileName).stream().map(LocalReleases.Request::range).toList();
    }

    @Test
    @DisplayName("REQ-IMG-001: pull downloads, verifies SHA-256 and puts the file in place; then it is available")
    void req_img_001_pullSucceeds() throws IOException {
        given().when().post("/api/images/" + ID + "/pull").then().statusCode(202).body("id", equalTo(ID));

        awaitStatus("available");
        assertThat(target()).hasBinaryContent(image);
        assertThat(part()).doesNotExist();
        JsonPath body = describe();
        assertThat(body.getString("sha256")).isEqualTo(sha256(image));
        assertThat(body.getLong("virtual_size")).isEqualTo(64L * 1024 * 1024);
        assertThat(images.requireAvailable(ID).id).isEqualTo(ID);

        given().when().post("/api/images/" + ID + "/pull").then().statusCode(200).body("status", equalTo("available"));
        assertThat(imageRanges()).hasSize(1);
    }

    @Test
    @DisplayName("A dropped connection is resumed with a Range request from the partial file")
    void resumesAfterDroppedConnection() {
        int half = image.length / 2;
        releases.dropConnections(1, half);

        given().when().post("/api/images/" + ID + "/pull").then().statusCode(202);

        awaitStatus("available");
        assertThat(imageRanges()).containsExactly(null, "bytes=" + half + "-");
        assertThat(target()).hasBinaryContent(image);
        assertThat(part()).doesNotExist();
    }

    @Test
    @DisplayName("After every attempt fails the partial file is kept and the next pull resumes from it")
    void nextPullResumesAfterGivingUp() {
        releases.dropConnections(3, 20_000);

        given().when().post("/api/images/" + ID + "/pull").then().statusCode(202);

        awaitStatus("error");
        JsonPath failed = describe();
        assertThat(failed.getString("status_detail")).contains("gave up after 3 attempts");
        assertThat(failed.getLong("bytes_done")).isEqualTo(60_000);
        assertThat(part()).hasSize(60_000);
        assertThat(target()).doesNotExist();

        given().when().post("/api/images/" + ID + "/pull").then().statusCode(202);

        awaitStatus("available");
        assertThat(imageRanges()).containsExactly(null, "bytes=20000-", "bytes=40000-", "bytes=60000-");
        assertThat(target()).hasBinaryContent(image);
    }

    @Test
    @DisplayName("A checksum mismatch deletes the download and reports a clear error")
    void checksumMismatchDeletesDownload() {
        servesChecksum("0".repeat(64));

        given().when().post("/api/images/" + ID + "/pull").then().statusCode(202);

        awaitStatus("error");
        assertThat(describe().getString("status_detail")).contains("SHA-256 mismatch").contains("0".repeat(64))
                .contains(sha256(image));
        assertThat(target()).doesNotExist();
        assertThat(part()).doesNotExist();
        try {
            images.requireAvailable(ID);
            throw new AssertionError("an image in error must not be launchable");
        } catch (DomainException e) {
            assertThat(e.getMessage()).contains("SHA-256 mismatch").contains("make image IMAGE=" + ID);
        }
    }

    @Test
    @DisplayName("A checksum list without the file fails before downloading anything")
    void checksumListWithoutEntry() {
        releases.serve("22.04/release/SHA256SUMS", (sha256(image) + " *something-else.img\n").getBytes());

        given().when().post("/api/images/" + ID + "/pull").then().statusCode(202);

        awaitStatus("error");
        assertThat(describe().getString("status_detail")).contains("has no entry for " + fileName);
        assertThat(imageRanges()).isEmpty();
    }

    @Test
    @DisplayName("A 404 from the image server is an error at once, not retried")
    void notFoundIsNotRetried() {
        releases.reset();
        servesChecksum(sha256(image));

        given().when().post("/api/images/" + ID + "/pull").then().statusCode(202);

        awaitStatus("error");
        assertThat(describe().getString("status_detail")).contains("HTTP 404");
        assertThat(imageRanges()).hasSize(1);
    }

    @Test
    @DisplayName("REQ-IMG-004: during a pull progress is visible, a second pull is 409 and launching is refused")
    void req_img_004_progressAndSecondPull() {
        int half = image.length / 2;
        CountDownLatch gate = releases.holdAfter(half);
        try {
            given().when().post("/api/images/" + ID + "/pull").then().statusCode(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> describe().getLong("bytes_done") == half);
            JsonPath running = describe();
            assertThat(running.getString("status")).isEqualTo("downloading");
            assertThat(running.getLong("bytes_total")).isEqualTo(image.length);
            given().when().post("/api/images/" + ID + "/pull").then().statusCode(409)
                    .body("type", equalTo("urn:ec2-as-service:problem:pull-in-progress"));
            given().when().delete("/api/images/" + ID + "/file").then().statusCode(409);
            try {
                images.requireAvailable(ID);
                throw new AssertionError("an image being downloaded must not be launchable");
            } catch (DomainException e) {
                assertThat(e.kind()).isEqualTo(Kind.INVALID);
                assertThat(e.getMessage()).contains("being downloaded");
            }
            given().when().get("/api/monitor/health").then()
                    .body("images.find { it.id == 'ubuntu-22.04' }.status", equalTo("downloading"));
        } finally {
            gate.countDown();
        }

        awaitStatus("available");
        given().when().get("/api/images/" + ID).then().body("bytes_done", equalTo(null))
                .body("status_detail", equalTo(null));
        given().when().get("/api/monitor/health").then()
                .body("images.find { it.id == 'ubuntu-22.04' }.status", containsString("available"));
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.digest().digest(bytes));
    }
}
