package dev.ec2service.image;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.platform.arch.Arch;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ForeignArchImportTests.AllowForeignArch.class)
@WithTestResource(value = LocalReleases.class, scope = TestResourceScope.GLOBAL)
class ForeignArchImportTests {

    /** The switch for users who accept emulated guests. */
    public static class AllowForeignArch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.images.allow-foreign-arch", "true");
        }
    }

    @Test
    @DisplayName("with ec2.images.allow-foreign-arch=true an image for another architecture is accepted")
    void foreignArchAllowedBySetting() throws IOException {
        String foreign = Arch.host().orElseThrow().debianName().equals("amd64") ? "arm64" : "amd64";
        String id = "foreign-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createTempDirectory("ec2-foreign-test");
        Path source = TestQcow2.create(dir.resolve("disk.qcow2"), "64M");
        try {
            given().contentType(ContentType.JSON)
                    .body(Map.of("id", id, "name", "Foreign", "os", "ubuntu", "arch", foreign,
                            "default_user", "ubuntu", "path", source.toString()))
                    .when().post("/api/images").then().statusCode(201).body("arch", equalTo(foreign));
            given().when().delete("/api/images/" + id).then().statusCode(204);
        } finally {
            Files.deleteIfExists(source);
            Files.deleteIfExists(dir);
        }
    }
}
