package dev.ec2service.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiConventionsTest {

    @Test
    @DisplayName("REQ-USE-002 Swagger UI at /docs and the OpenAPI document describe the API")
    void docs() {
        given().get("/docs/").then().statusCode(200).body(containsString("swagger"));
        given().accept("application/json").get("/openapi").then().statusCode(200)
                .body("paths.'/api/instances'.post.summary", equalTo("Launch an instance"))
                .body("paths.'/api/monitor/health'.get.responses.'503'.description", not(equalTo(null)));
    }

    @Test
    @DisplayName("REQ-USE-003 malformed JSON is a 400 problem, never a 500")
    void malformedJson() {
        given().contentType("application/json").body("{\"instance_type\": ").post("/api/instances")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:malformed-body"))
                .body("title", not(equalTo(null)))
                .body("status", equalTo(400))
                .body("detail", not(equalTo(null)));
        given().contentType("application/json").body("{\"instance_type\": [1,2]}").post("/api/instances")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    @DisplayName("REQ-USE-003 unknown paths answer a 404 problem")
    void unknownPath() {
        given().get("/api/nothing-here").then().statusCode(404);
        given().get("/api/instances/i-00000000").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("i-00000000"));
    }

    @Test
    @DisplayName("a Host header that is not loopback is refused (DNS rebinding)")
    void foreignHostRefused() {
        given().header("Host", "attacker.example:8000").get("/api/monitor/stats")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:host-not-allowed"));
        given().header("Host", "localhost:" + RestAssured.port).get("/api/monitor/stats").then().statusCode(200);
    }

    @Test
    @DisplayName("a state-changing request from a foreign Origin is refused (CSRF)")
    void foreignOriginRefused() {
        given().header("Origin", "https://attacker.example").contentType("application/json").body("{}")
                .post("/api/instances").then().statusCode(403)
                .body("type", equalTo("urn:ec2-as-service:problem:origin-not-allowed"));
        // the service's own origin passes the guard and reaches validation
        given().header("Origin", "http://127.0.0.1:" + RestAssured.port).contentType("application/json").body("{}")
                .post("/api/instances").then().statusCode(422);
        // reading is allowed from anywhere the browser lets it (CORS still applies)
        given().header("Origin", "https://attacker.example").get("/api/monitor/stats").then().statusCode(200);
    }

    @Test
    @DisplayName("a WebSocket upgrade from a foreign Origin is refused (cross-site WebSocket hijacking)")
    void foreignWebSocketRefused() {
        given().header("Origin", "https://attacker.example").header("Upgrade", "websocket")
                .header("Connection", "Upgrade").header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .get("/api/ws/terminal/i-00000000").then().statusCode(403);
    }

    @Test
    @DisplayName("REQ-USE-002 every operation has a unique operationId, so generated clients get readable method names")
    void operationIds() {
        Map<String, Map<String, Map<String, Object>>> paths = given().accept("application/json").get("/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<String> ids = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            assertThat(operation.get("operationId")).as(method + " " + path).isInstanceOf(String.class);
            ids.add((String) operation.get("operationId"));
        }));
        assertThat(ids).hasSizeGreaterThanOrEqualTo(21).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("the document gives no default the server refuses: a generated import sends no key_type")
    void noRefusedDefaults() {
        given().accept("application/json").get("/openapi").then().statusCode(200)
                .body("components.schemas.KeyPairRequest.properties.key_type.default", equalTo(null));
    }
}
