package dev.ec2service.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
    @DisplayName("a client that upgrades to HTTP/2 (Java's HttpClient does by itself) is let in: :authority names the host")
    void http2ClientAllowed() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI stats = URI.create("http://localhost:" + RestAssured.port + "/api/monitor/stats");
        HttpResponse<String> answer = null;
        for (int i = 0; i < 2; i++) { // the first request upgrades the connection, the second travels on HTTP/2
            answer = client.send(HttpRequest.newBuilder(stats).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.version() + " " + answer.body()).isEqualTo(200);
        }
        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
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

    @Test
    @DisplayName("REQ-USE-003 every documented error answer is a Problem in application/problem+json, so clients can "
            + "read it as one type")
    void errorsAreProblems() {
        Map<String, Map<String, Map<String, Object>>> paths = given().accept("application/json").get("/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<String> errors = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            responses.forEach((status, response) -> {
                if (status.startsWith("2") || (path.equals("/api/monitor/health") && status.equals("503"))) {
                    return; // health answers 503 with the full health report: what is down is the point of it
                }
                errors.add(method + " " + path + " " + status);
                assertThat(response.get("content")).as(method + " " + path + " " + status)
                        .isEqualTo(Map.of("application/problem+json",
                                Map.of("schema", Map.of("$ref", "#/components/schemas/Problem"))));
            });
        }));
        assertThat(errors).hasSizeGreaterThan(30);
    }

    @Test
    @DisplayName("REQ-USE-003 a refusal reaches a generated client that accepts only what the document lists: an "
            + "operation whose success has no body answers its problem, not 406")
    void refusalsMatchTheDocumentedAccept() {
        Map<String, Map<String, Map<String, Object>>> paths = given().accept("application/json").get("/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<String> checked = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            Set<String> accepted = new TreeSet<>();
            responses.values().forEach(r -> {
                if (r.get("content") instanceof Map<?, ?> content) {
                    content.keySet().forEach(type -> accepted.add((String) type));
                }
            });
            if (!path.contains("{") || accepted.contains("application/json") || accepted.contains("text/plain")) {
                return; // the ones generators ask for with Accept: application/problem+json alone
            }
            // nothing by this name exists, so the operation is refused and changes nothing
            String target = path.replaceAll("\\{[^}]+}", "no-such-thing");
            given().accept(String.join(", ", accepted)).request(method, target)
                    .then().statusCode(not(equalTo(406))).contentType("application/problem+json");
            checked.add(method + " " + path);
        }));
        assertThat(checked).contains("delete /api/ssh-key/{name}", "delete /api/images/{id}");
    }

    @Test
    @DisplayName("REQ-USE-002 the document groups operations by feature, each tag described")
    void tags() {
        var doc = given().accept("application/json").get("/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getList("tags.name", String.class))
                .contains("Instances", "Images", "Key pairs", "Monitor", "Terminal");
        assertThat(doc.getList("tags.description", String.class)).doesNotContainNull();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) ->
                assertThat((List<?>) operation.get("tags")).as(method + " " + path).hasSize(1)));
    }
}
