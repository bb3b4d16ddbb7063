package dev.ec2service.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.platform.files.DataHome;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Per-instance metrics sampled from a real running VM through libvirt, stored in SQLite and read over REST. */
@QuarkusTest
class MetricsTest {

    @Inject
    DataHome home;

    @Inject
    MetricsSampledRecorder recorder;

    private static List<Map<String, Object>> samples(String id) {
        return given().get("/api/instances/" + id + "/metrics").then().statusCode(200)
                .body("instance_id", equalTo(id)).extract().jsonPath().getList("samples");
    }

    private static long number(Map<String, Object> sample, String field) {
        return ((Number) sample.get(field)).longValue();
    }

    @Test
    @DisplayName("a running instance is sampled with plausible values, announced, and its samples outlive it")
    void runningInstanceIsSampled() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
        String id = Instances.create(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID))
                .getString("id");
        try {
            Instances.awaitStatus(id, "running");
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> samples(id).size() >= 3);
            List<Map<String, Object>> samples = samples(id);
            JsonPath instance = Instances.get(id);
            int vcpus = instance.getInt("vcpus");
            Map<String, Object> previous = null;
            for (Map<String, Object> s : samples) {
                assertThat(((Number) s.get("vcpus")).intValue()).isEqualTo(vcpus);
                assertThat(((Number) s.get("cpu_percent")).doubleValue()).as("cpu").isBetween(0.0, 100.0 * vcpus);
                assertThat(number(s, "memory_bytes")).as("memory").isPositive();
                assertThat(((Number) s.get("resolution_seconds")).intValue()).isEqualTo(5);
                if (previous != null) {
                    assertThat(Instant.parse((String) s.get("at"))).isAfter(Instant.parse((String) previous.get("at")));
                    for (String counter : List.of("disk_read_bytes", "disk_write_bytes", "net_rx_bytes",
                            "net_tx_bytes")) {
                        assertThat(number(s, counter)).as(counter).isGreaterThanOrEqualTo(number(previous, counter));
                    }
                }
                previous = s;
            }
            assertThat(number(previous, "disk_read_bytes")).as("the guest booted from its disk").isPositive();
            assertThat(recorder.heardFrom(id)).as("a MetricsSampled event per sample").isTrue();

            Instant last = Instant.parse((String) previous.get("at"));
            List<Object> fromLast = given().queryParam("since", last.toString())
                    .get("/api/instances/" + id + "/metrics").then().statusCode(200).extract().jsonPath()
                    .getList("samples");
            assertThat(fromLast).as("since is inclusive and filters older samples").isNotEmpty()
                    .hasSizeLessThan(samples(id).size());
            given().queryParam("since", Instant.now().plusSeconds(3600).toString())
                    .get("/api/instances/" + id + "/metrics").then().statusCode(200).body("samples.size()", equalTo(0));
        } finally {
            given().delete("/api/instances/" + id).then().statusCode(200);
        }
        Instances.awaitStatus(id, "terminated");
        assertThat(samples(id)).as("a terminated instance's samples stay readable").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    @DisplayName("metrics of an unknown instance answer a 404 problem")
    void unknownInstance() {
        given().get("/api/instances/i-0000000000000dead/metrics").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:not-found"));
    }

    @Test
    @DisplayName("a since that is not an instant answers a 422 problem")
    void badSince() {
        given().queryParam("since", "yesterday").get("/api/instances/i-0000000000000dead/metrics").then()
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:invalid-since"))
                .body("detail", containsString("ISO-8601"));
    }
}
