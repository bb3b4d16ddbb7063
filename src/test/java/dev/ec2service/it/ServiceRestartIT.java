package dev.ec2service.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.storage.service.Tools;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The packaged service as a real process, stopped and started again while its instance keeps running. */
class ServiceRestartIT {

    private static final Duration BOOT = Duration.ofSeconds(150);

    private Path home;
    private Process service;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue(System.getenv("EC2_TEST_IMAGE") != null, "needs the real test environment: make test");
        home = Path.of(System.getProperty("user.home"), ".ec2-as-service-restart-it");
        Tools.run(List.of("rm", "-rf", home.toString()));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = port;
    }

    @AfterEach
    void tearDown() throws Exception {
        stop();
        Tools.run(List.of("rm", "-rf", home.toString()));
        RestAssured.reset();
    }

    @Test
    @DisplayName("REQ-REL-001 a service restarted with a running instance keeps it running, with its address, and adopts it")
    void restartKeepsRunningInstance() throws Exception {
        start();
        given().contentType("application/json")
                .body(Map.of("id", "test-guest", "name", "test guest", "os", "linux", "arch", "amd64",
                        "default_user", "ubuntu", "path", System.getenv("EC2_TEST_IMAGE")))
                .post("/api/images").then().statusCode(201);
        JsonPath created = given().contentType("application/json")
                .body(Map.of("instance_type", "t2.nano", "image_id", "test-guest", "name", "survivor"))
                .post("/api/instances").then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        String ip = created.getString("ip_address");
        try {
            awaitStatus(id, "running");
            String uuid = get(id).getString("libvirt_uuid");

            stop();
            start();

            JsonPath after = get(id);
            assertThat(after.getString("status")).isEqualTo("running");
            assertThat(after.getString("ip_address")).isEqualTo(ip);
            assertThat(after.getString("libvirt_uuid")).isEqualTo(uuid);
            given().get("/api/instances").then().statusCode(200)
                    .body("find { it.id == '" + id + "' }.status", org.hamcrest.Matchers.equalTo("running"));
        } finally {
            given().delete("/api/instances/" + id).then().statusCode(200);
        }
    }

    private void start() {
        String jar = System.getProperty("service.jar", "target/quarkus-app/quarkus-run.jar");
        try {
            ProcessBuilder builder = new ProcessBuilder("java", "-jar", jar)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/service-restart-it.log")));
            // the service reads its settings from the environment, as from a user's shell
            builder.environment().put("EC2_HOME", home.toString());
            builder.environment().put("EC2_HTTP_PORT", Integer.toString(port));
            service = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + jar, e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> given().get("/api/monitor/health").statusCode() == 200);
    }

    private void stop() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor();
            }
        }
        service = null;
    }

    private static JsonPath get(String id) {
        return given().get("/api/instances/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static void awaitStatus(String id, String status) {
        Awaitility.await().atMost(BOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> status.equals(get(id).getString("status")));
    }
}
