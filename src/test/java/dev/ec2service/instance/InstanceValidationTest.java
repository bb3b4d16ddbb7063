package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Refusals at creation: each a clear 4xx problem, each leaving nothing behind (no row, file or reservation). */
@QuarkusTest
class InstanceValidationTest {

    @Inject
    DataHome home;

    @Inject
    Hypervisor hypervisor;

    @BeforeEach
    void image() throws Exception {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    @Test
    @DisplayName("REQ-USE-003 an unknown instance type is refused with 422 and a problem naming it")
    void unknownType() {
        refused(b -> b.put("instance_type", "m5.xlarge"), 422, "unknown-instance-type", "m5.xlarge");
    }

    @Test
    @DisplayName("REQ-IMG-004 an unknown image is refused with 422")
    void unknownImage() {
        refused(b -> b.put("image_id", "no-such-image"), 422, "unknown-image", "no-such-image");
    }

    @Test
    @DisplayName("REQ-IMG-004 an image whose file is missing is refused with 422 naming the file")
    void missingImageFile() throws Exception {
        // imported while the file was there; the file then disappears behind the service's back
        TestGuest.importImage("gone-image", TestGuest.imageFile());
        Files.deleteIfExists(home.images().resolve("gone-image.qcow2"));
        refused(b -> b.put("image_id", "gone-image"), 422, "image-missing", "gone-image.qcow2");
    }

    @Test
    @DisplayName("REQ-USE-003 an unknown key pair is refused with 422 and a problem naming it")
    void unknownKey() {
        refused(b -> b.put("ssh_key_name", "nobody"), 422, "unknown-key-pair", "nobody");
    }

    @Test
    @DisplayName("REQ-USE-003 user data over 16 KiB is refused with 422 and a problem saying the limit")
    void userDataTooLarge() {
        refused(b -> b.put("user_data", "#!/bin/sh\n" + "x".repeat(16 * 1024)), 422, "user-data-too-large", "16 KiB");
    }

    @Test
    @DisplayName("REQ-USE-003 names that are not printable or longer than 128 characters are refused with 422 saying why")
    void badNames() {
        refused(b -> b.put("name", "a".repeat(129)), 422, "invalid-name", "129");
        refused(b -> b.put("name", "bad\u0007bell"), 422, "invalid-name", "printable");
    }

    @Test
    @DisplayName("REQ-USE-003 actions on an unknown instance are 404 problems; a bad status filter is 422")
    void unknownInstance() {
        for (String action : List.of("start", "stop", "reboot")) {
            given().post("/api/instances/i-00000000/" + action).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        given().delete("/api/instances/i-00000000").then().statusCode(404);
        given().queryParam("status", "sleeping").get("/api/instances").then().statusCode(422)
                .body("type", equalTo("urn:ec2-as-service:problem:unknown-status"));
    }

    private void refused(Consumer<Map<String, Object>> change, int status, String type, String detailPart) {
        Map<String, Object> body = new HashMap<>(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID));
        change.accept(body);
        long rows = Instances.count();
        List<String> dirs = instanceDirs();
        int reservations = hypervisor.findNetwork("ec2-as-service").orElseThrow().spec().hosts().size();
        given().contentType("application/json").body(body).post("/api/instances").then()
                .statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:" + type))
                .body("status", equalTo(status))
                .body("title", org.hamcrest.Matchers.notNullValue())
                .body("detail", containsString(detailPart));
        assertThat(Instances.count()).as("no row").isEqualTo(rows);
        assertThat(instanceDirs()).as("no directory").isEqualTo(dirs);
        assertThat(hypervisor.findNetwork("ec2-as-service").orElseThrow().spec().hosts()).as("no reservation")
                .hasSize(reservations);
    }

    private List<String> instanceDirs() {
        try (Stream<java.nio.file.Path> s = Files.list(home.instances())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
