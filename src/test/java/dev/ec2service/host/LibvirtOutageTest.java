package dev.ec2service.host;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.ec2api.Ec2Clients;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.process.Tools;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** libvirtd really stops and starts again (inside the test namespace) while the service runs. */
@QuarkusTest
class LibvirtOutageTest {

    // scripts/testenv.sh tells the commands it runs where its environment keeps the daemons' pid files
    private static final Path PID_FILE = Path.of(System.getenv().getOrDefault("EC2_TESTENV_DIR",
            "/run/ec2-as-service-test/ec2test"), "libvirtd.pid");

    @Inject
    DataHome home;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void realEnvironment() throws Exception {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    @Test
    @DisplayName("REQ-REL-002 REQ-REL-003 with libvirtd stopped health and libvirt endpoints answer 503 (EC2 API: Unavailable); the service recovers by itself")
    void outageAndRecovery() throws Exception {
        given().get("/api/monitor/health").then().statusCode(200);
        String pid = Files.readString(PID_FILE).trim();
        try {
            Tools.run(List.of("kill", pid));
            // libvirtd takes a moment to shut down; a second one cannot start while it still holds the socket
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !Files.exists(Path.of("/proc", pid)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> given().get("/api/monitor/health").statusCode() == 503);
            given().get("/api/monitor/health").then().statusCode(503)
                    .body("status", equalTo("unavailable"))
                    .body("libvirt.connected", equalTo(false))
                    .body("database.ok", equalTo(true));
            given().contentType("application/json")
                    .body(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID))
                    .post("/api/instances").then().statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo("urn:ec2-as-service:problem:libvirt-unavailable"))
                    .body("detail", containsString("qemu:///system"));
            given().get("/api/monitor/stats").then().statusCode(200);
            // the same outage through the EC2 API, as the SDK sees it: EC2's Unavailable, never a 500
            try (Ec2Client ec2 = Ec2Clients.client(base)) {
                assertThatThrownBy(() -> ec2.runInstances(r -> r.imageId(TestGuest.IMAGE_ID).instanceType("t2.nano")
                        .minCount(1).maxCount(1))).isInstanceOfSatisfying(Ec2Exception.class, e -> {
                            assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo("Unavailable");
                            assertThat(e.statusCode()).isEqualTo(503);
                            assertThat(e.awsErrorDetails().errorMessage()).contains("qemu:///system");
                        });
                // what is recorded is still readable
                assertThat(ec2.describeInstances().reservations()).isNotNull();
            }
        } finally {
            // testenv.sh up starts libvirtd again inside the namespace (it is idempotent)
            Tools.run(List.of("scripts/testenv.sh", "up"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/api/monitor/health").statusCode() == 200);
        given().get("/api/monitor/health").then().body("libvirt.connected", equalTo(true))
                .body("network.active", equalTo(true));
    }
}
