package dev.ec2service.testsupport;

import static io.restassured.RestAssured.given;

import dev.ec2service.instance.domain.Instance;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/** Small helpers over the instances API for tests. */
public final class Instances {

    public static final Duration BOOT = Duration.ofSeconds(150);

    private Instances() {
    }

    public static JsonPath get(String id) {
        return given().get("/api/instances/" + id).then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath create(Map<String, Object> body) {
        return given().contentType("application/json").body(body).post("/api/instances").then().statusCode(201)
                .extract().jsonPath();
    }

    /** Waits for a status; fails at once if the instance ends in error when something else was expected. */
    public static JsonPath awaitStatus(String id, String status) {
        return awaitStatus(id, status, BOOT);
    }

    public static JsonPath awaitStatus(String id, String status, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonPath now = get(id);
            if ("error".equals(now.getString("status")) && !"error".equals(status)) {
                throw new AssertionError(id + " went to error: " + now.getString("state_reason"));
            }
            return status.equals(now.getString("status"));
        });
        return get(id);
    }

    public static long count() {
        return QuarkusTransaction.requiringNew().call(() -> Instance.count());
    }
}
