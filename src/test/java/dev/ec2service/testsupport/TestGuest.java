package dev.ec2service.testsupport;

import static io.restassured.RestAssured.given;

import dev.ec2service.platform.files.DataHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The small test guest built by scripts/guest/build-test-image.sh (make test passes its path in
 * EC2_TEST_IMAGE): a real bootable disk with a NoCloud reader, dropbear and default user ubuntu.
 */
public final class TestGuest {

    public static final String IMAGE_ID = "test-guest";
    public static final String USER = "ubuntu";

    private TestGuest() {
    }

    public static Path imageFile() {
        String path = System.getenv("EC2_TEST_IMAGE");
        if (path == null || !Files.isReadable(Path.of(path))) {
            throw new IllegalStateException("EC2_TEST_IMAGE does not name the test guest image; run the tests with make test");
        }
        return Path.of(path);
    }

    /** Imports the test guest through the API, as a user brings their own image; once per data home. */
    public static synchronized String register(DataHome home) {
        return importImage(IMAGE_ID, imageFile());
    }

    /** Imports a qcow2 file under an id through {@code POST /api/images}; an id already imported is kept. */
    public static String importImage(String id, Path file) {
        int status = given().contentType("application/json")
                .body(Map.of("id", id, "name", id, "os", "linux", "arch", "amd64", "default_user", USER,
                        "description", "imported by the test harness", "path", file.toString()))
                .post("/api/images").then().extract().statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("importing " + file + " as " + id + " answered " + status);
        }
        return id;
    }

    /**
     * Skips a test that needs the real environment when it is run outside make test (e.g. from an IDE);
     * under CI it fails instead ({@link RealEnvironment}).
     */
    public static void assumeRealEnvironment() {
        RealEnvironment.require("EC2_TEST_IMAGE", "the real test environment: run make test");
    }
}
