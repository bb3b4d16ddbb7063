package dev.ec2service.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import dev.ec2service.image.domain.Image;
import dev.ec2service.image.domain.ImageStatus;
import dev.ec2service.image.service.ImageService;
import dev.ec2service.image.service.ImageStartup;
import dev.ec2service.platform.arch.Arch;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.Kind;
import dev.ec2service.platform.files.DataHome;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalReleases.class, scope = TestResourceScope.GLOBAL)
class ImageCatalogueApiTests {

    private static final String FOCAL = "ubuntu-20.04";

    @Inject
    DataHome home;

    @Inject
    ImageStartup startup;

    @Inject
    ImageService images;

    private final String arch = Arch.host().orElseThrow().debianName();

    private Path focalFile() {
        return home.images().resolve("ubuntu-20.04-server-cloudimg-" + arch + ".img");
    }

    @BeforeEach
    @AfterEach
    void noFocalFile() throws IOException {
        Files.deleteIfExists(focalFile());
    }

    @Test
    @DisplayName("REQ-IMG-001/002/005: the catalogue lists Ubuntu 22.04 and 20.04 for the host's architecture")
    void req_img_001_002_005_catalogueForHostArchitecture() {
        JsonPath body = given().when().get("/api/images").then().statusCode(200)
                .body("id", hasItems("ubuntu-22.04", FOCAL)).extract().jsonPath();

        Map<String, Object> jammy = body.getMap("find { it.id == 'ubuntu-22.04' }");
        assertThat(jammy).containsEntry("arch", arch).containsEntry("os", "ubuntu")
                .containsEntry("default_user", "ubuntu").containsEntry("source", "catalog")
                .containsKeys("name", "description", "created_at", "file_path", "status");
        assertThat((String) jammy.get("file_path"))
                .isEqualTo(home.images().resolve("ubuntu-22.04-server-cloudimg-" + arch + ".img").toString());
        assertThat((String) jammy.get("download_url"))
                .endsWith("/releases/22.04/release/ubuntu-22.04-server-cloudimg-" + arch + ".img");
        assertThat((String) jammy.get("checksum_url")).endsWith("/releases/22.04/release/SHA256SUMS");
    }

    @Test
    @DisplayName("REQ-IMG-003: an absent file is missing, a qcow2 file at the catalogue path is available")
    void req_img_003_missingThenAvailable() {
        given().when().get("/api/images/" + FOCAL).then().statusCode(200)
                .body("status", equalTo("missing"))
                .body("status_detail", startsWith("file not found"));

        TestQcow2.create(focalFile(), "64M");

        given().when().get("/api/images/" + FOCAL).then().statusCode(200)
                .body("status", equalTo("available"))
                .body("virtual_size", equalTo(64 * 1024 * 1024));
    }

    @Test
    @DisplayName("REQ-IMG-003: a file that is not qcow2 at the catalogue path is not available")
    void req_img_003_notQcow2IsMissing() throws IOException {
        Files.writeString(focalFile(), "<html>404 from a captive portal</html>");

        given().when().get("/api/images/" + FOCAL).then().statusCode(200)
                .body("status", equalTo("missing"))
                .body("status_detail", org.hamcrest.Matchers.containsString("not a qcow2 image"));
    }

    @Test
    @DisplayName("REQ-IMG-003: startup verification records each image's status and virtual size")
    void req_img_003_startupRecordsStatus() {
        TestQcow2.create(focalFile(), "32M");
        startup.verifyAll();
        Image recorded = QuarkusTransaction.requiringNew().call(() -> Image.findById(FOCAL));
        assertThat(recorded.status).isEqualTo(ImageStatus.AVAILABLE);
        assertThat(recorded.virtualSize).isEqualTo(32L * 1024 * 1024);
        assertThat(recorded.checkedAt).isNotNull();

        noFocalFileQuietly();
        startup.verifyAll();
        recorded = QuarkusTransaction.requiringNew().call(() -> Image.findById(FOCAL));
        assertThat(recorded.status).isEqualTo(ImageStatus.MISSING);
    }

    @Test
    @DisplayName("REQ-IMG-003: health reports each image's status")
    void req_img_003_healthReportsImages() {
        TestQcow2.create(focalFile(), "64M");

        List<Map<String, Object>> reported = given().when().get("/api/monitor/health").then()
                .extract().jsonPath().getList("images");

        assertThat(reported).anySatisfy(i -> assertThat(i).containsEntry("id", FOCAL)
                .containsEntry("status", "available").containsEntry("present", true));
        assertThat(reported).anySatisfy(i -> assertThat(i).containsEntry("id", "ubuntu-22.04").containsKey("status"));
    }

    @Test
    @DisplayName("REQ-IMG-004: launching from a missing image is refused with how to get it")
    void req_img_004_missingImageRefused() {
        assertThatThrownBy(() -> images.requireAvailable(FOCAL))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.code().slug()).isEqualTo("image-missing");
                })
                .hasMessageContaining(focalFile().toString())
                .hasMessageContaining("POST /api/images/ubuntu-20.04/pull")
                .hasMessageContaining("make image IMAGE=ubuntu-20.04");
        assertThatThrownBy(() -> images.requireAvailable("no-such-image"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code().slug()).isEqualTo("unknown-image"));

        TestQcow2.create(focalFile(), "64M");
        assertThat(images.requireAvailable(FOCAL).id).isEqualTo(FOCAL);
    }

    @Test
    @DisplayName("An unknown image id answers 404 problem+json")
    void unknownImageIs404() {
        given().when().get("/api/images/nope").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:not-found"));
    }

    private void noFocalFileQuietly() {
        try {
            noFocalFile();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
