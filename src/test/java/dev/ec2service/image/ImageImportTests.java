package dev.ec2service.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.ec2service.image.domain.Image;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.platform.arch.Arch;
import dev.ec2service.platform.files.DataHome;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalReleases.class, scope = TestResourceScope.GLOBAL)
class ImageImportTests {

    @Inject
    DataHome home;

    private Path dir;
    private final String hostArch = Arch.host().orElseThrow().debianName();

    @BeforeEach
    void sourceDir() throws IOException {
        dir = Files.createTempDirectory("ec2-import-test");
    }

    @AfterEach
    void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String uniqueId() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Map<String, Object> request(String id, Path file) {
        Map<String, Object> body = new HashMap<>();
        if (id != null) {
            body.put("id", id);
        }
        body.put("name", "Test image");
        body.put("os", "debian");
        body.put("default_user", "debian");
        body.put("description", "made by qemu-img in a test");
        body.put("path", file.toString());
        return body;
    }

    private static ValidatableResponse post(Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/images").then();
    }

    /** Nothing but the images the service owns: no temporary copy and no file for a refused id. */
    private List<Path> leftovers(String id) throws IOException {
        try (Stream<Path> files = Files.list(home.images())) {
            return files.filter(f -> f.getFileName().toString().contains(id)).toList();
        }
    }

    @Test
    @DisplayName("REQ-IMG-005: a qcow2 file is imported, copied into the images directory, and listed")
    void req_img_005_importsGoodFile() {
        String id = uniqueId();
        Path source = TestQcow2.create(dir.resolve("disk.qcow2"), "64M");

        post(request(id, source)).statusCode(201)
                .header("Location", containsString("/api/images/" + id))
                .body("id", equalTo(id))
                .body("source", equalTo("imported"))
                .body("arch", equalTo(hostArch))
                .body("os", equalTo("debian"))
                .body("default_user", equalTo("debian"))
                .body("status", equalTo("available"))
                .body("virtual_size", equalTo(64 * 1024 * 1024))
                .body("sha256", matchesPattern("[0-9a-f]{64}"))
                .body("file_path", equalTo(home.images().resolve(id + ".qcow2").toString()));

        assertThat(home.images().resolve(id + ".qcow2")).exists().hasSameBinaryContentAs(source);
        given().when().get("/api/images").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));

        given().when().delete("/api/images/" + id).then().statusCode(204);
        assertThat(home.images().resolve(id + ".qcow2")).doesNotExist();
        given().when().get("/api/images/" + id).then().statusCode(404);
    }

    @Test
    @DisplayName("REQ-IMG-005: without an id one is generated; x86_64 spelling is accepted for the host")
    void req_img_005_generatesId() {
        Path source = TestQcow2.create(dir.resolve("disk.qcow2"), "64M");
        Map<String, Object> body = request(null, source);
        body.put("arch", hostArch.equals("amd64") ? "x86_64" : "aarch64");

        String id = post(body).statusCode(201).body("id", matchesPattern("img-[0-9a-f]{8}"))
                .body("arch", equalTo(hostArch)).extract().path("id");

        given().when().delete("/api/images/" + id).then().statusCode(204);
    }

    @Test
    @DisplayName("Import refuses a file that is not qcow2 (422 not-qcow2) and leaves nothing behind")
    void refusesNonQcow2() throws IOException {
        String id = uniqueId();
        Path raw = Files.write(dir.resolve("disk.raw"), new byte[1 << 16]);

        post(request(id, raw)).statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:not-qcow2"));

        assertThat(leftovers(id)).isEmpty();
        given().when().get("/api/images/" + id).then().statusCode(404);
    }

    @Test
    @DisplayName("Import refuses a qcow2 with a backing file (422 not-standalone)")
    void refusesBackingFile() throws IOException {
        String id = uniqueId();
        Path base = TestQcow2.create(dir.resolve("base.qcow2"), "64M");
        Path overlay = TestQcow2.overlay(dir.resolve("overlay.qcow2"), base);

        post(request(id, overlay)).statusCode(422)
                .body("type", equalTo("urn:ec2-as-service:problem:not-standalone"))
                .body("detail", containsString("backing file"));

        assertThat(leftovers(id)).isEmpty();
    }

    @Test
    @DisplayName("REQ-IMG-002: import refuses an architecture other than the host's (422 foreign-arch)")
    void req_img_002_refusesForeignArch() throws IOException {
        String id = uniqueId();
        Map<String, Object> body = request(id, TestQcow2.create(dir.resolve("disk.qcow2"), "64M"));
        body.put("arch", hostArch.equals("amd64") ? "arm64" : "amd64");

        post(body).statusCode(422).body("type", equalTo("urn:ec2-as-service:problem:foreign-arch"))
                .body("detail", containsString("ec2.images.allow-foreign-arch"));
        body.put("arch", "mips");
        post(body).statusCode(422).body("type", equalTo("urn:ec2-as-service:problem:unknown-arch"));

        assertThat(leftovers(id)).isEmpty();
    }

    @Test
    @DisplayName("Import refuses bad ids, relative and absent paths, and missing, incomplete or invalid bodies, "
            + "each with its type")
    void refusesBadRequests() {
        Path source = TestQcow2.create(dir.resolve("disk.qcow2"), "64M");

        post(request("Bad/Id", source)).statusCode(422)
                .body("type", equalTo("urn:ec2-as-service:problem:invalid-image-id"));
        post(request("x".repeat(65), source)).statusCode(422)
                .body("type", equalTo("urn:ec2-as-service:problem:invalid-image-id"));
        post(request(uniqueId(), Path.of("relative/disk.qcow2"))).statusCode(422)
                .body("type", equalTo("urn:ec2-as-service:problem:invalid-path"));
        post(request(uniqueId(), dir.resolve("absent.qcow2"))).statusCode(422)
                .body("type", equalTo("urn:ec2-as-service:problem:unreadable-image-file"));
        Map<String, Object> noName = request(uniqueId(), source);
        noName.remove("name");
        post(noName).statusCode(422).body("type", equalTo("urn:ec2-as-service:problem:validation-failed"))
                .body("detail", containsString("name"));
        Map<String, Object> badFields = request(uniqueId(), source);
        badFields.put("os", "x".repeat(65));
        badFields.put("default_user", "Debian");
        post(badFields).statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:validation-failed"))
                .body("detail", equalTo("default_user: must be a Linux user name; os: size must be between 0 and 64"));
        given().contentType(ContentType.JSON).when().post("/api/images").then().statusCode(422)
                .body("type", equalTo("urn:ec2-as-service:problem:validation-failed"))
                .body("detail", equalTo("request: must not be null"));
        given().contentType(ContentType.JSON).body("{\"name\": ").when().post("/api/images").then()
                .statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400));
    }

    @Test
    @DisplayName("Import refuses an id that exists (409 image-exists), catalogue ids included")
    void refusesDuplicateId() {
        String id = uniqueId();
        Path source = TestQcow2.create(dir.resolve("disk.qcow2"), "64M");
        post(request(id, source)).statusCode(201);

        post(request(id, source)).statusCode(409).body("type", equalTo("urn:ec2-as-service:problem:image-exists"));
        post(request("ubuntu-22.04", source)).statusCode(409)
                .body("type", equalTo("urn:ec2-as-service:problem:image-exists"));

        given().when().delete("/api/images/" + id).then().statusCode(204);
    }

    @Test
    @DisplayName("Delete is refused (409) while an instance that is not terminated uses the image")
    void deleteRefusedWhileInUse() {
        String id = uniqueId();
        post(request(id, TestQcow2.create(dir.resolve("disk.qcow2"), "64M"))).statusCode(201);
        String instanceId = "i-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        QuarkusTransaction.requiringNew().run(() -> {
            Instance instance = new Instance();
            instance.id = instanceId;
            instance.instanceType = "t2.micro";
            instance.status = InstanceStatus.RUNNING;
            instance.memoryMb = 1024;
            instance.diskGb = 8;
            instance.vcpus = 1;
            instance.imageId = id;
            instance.createdAt = Instant.now();
            instance.persist();
        });
        try {
            given().when().delete("/api/images/" + id).then().statusCode(409)
                    .body("type", equalTo("urn:ec2-as-service:problem:image-in-use"))
                    .body("detail", containsString(instanceId));
            assertThat(home.images().resolve(id + ".qcow2")).exists();

            QuarkusTransaction.requiringNew()
                    .run(() -> Instance.<Instance>findById(instanceId).status = InstanceStatus.TERMINATED);
            given().when().delete("/api/images/" + id).then().statusCode(204);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> Instance.deleteById(instanceId));
        }
    }

    @Test
    @DisplayName("Catalogue images cannot be deleted (409 catalog-image); their file can, imported ones' cannot")
    void catalogueImagesAreNotDeleted() {
        given().when().delete("/api/images/ubuntu-22.04").then().statusCode(409)
                .body("type", equalTo("urn:ec2-as-service:problem:catalog-image"))
                .body("detail", containsString("/api/images/ubuntu-22.04/file"));
        Image kept = QuarkusTransaction.requiringNew().call(() -> Image.findById("ubuntu-22.04"));
        assertThat(kept).isNotNull();
        given().when().delete("/api/images/ubuntu-22.04/file").then().statusCode(204);

        String id = uniqueId();
        post(request(id, TestQcow2.create(dir.resolve("disk.qcow2"), "64M"))).statusCode(201);
        given().when().delete("/api/images/" + id + "/file").then().statusCode(422)
                .body("type", equalTo("urn:ec2-as-service:problem:not-catalog-image"));
        given().when().post("/api/images/" + id + "/pull").then().statusCode(422)
                .body("type", equalTo("urn:ec2-as-service:problem:not-downloadable"));
        given().when().delete("/api/images/" + id).then().statusCode(204);
        given().when().delete("/api/images/" + id).then().statusCode(404);
    }
}
