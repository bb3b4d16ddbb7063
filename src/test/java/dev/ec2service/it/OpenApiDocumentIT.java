package dev.ec2service.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ec2service.testsupport.PackagedService;
import dev.ec2service.testsupport.TestGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The packaged service builds its OpenAPI document on first request (LazyOpenApiDocumentService, a prod-only bean), so
 * only the packaged service shows that it does, and that the document it serves is still the one built with it.
 */
class OpenApiDocumentIT {

    private static final String BUILT = "the OpenAPI document was built on its first request";

    private PackagedService service;

    @BeforeEach
    void setUp() throws Exception {
        TestGuest.assumeRealEnvironment();
        service = new PackagedService("openapi-it");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @DisplayName("REQ-USE-002 the packaged service builds its OpenAPI document on the first request, not at start, and "
            + "serves the one written at build time, as JSON and YAML, and the Swagger UI at /docs")
    void servesTheBuildTimeDocument() throws Exception {
        int before = service.output().length();
        service.start();
        assertThat(service.output().substring(before)).as("the document is not built at start")
                .doesNotContain(BUILT);
        ObjectMapper json = new ObjectMapper();
        // quarkus.smallrye-openapi.store-schema-directory writes it at build time, with the server it was built for
        ObjectNode stored = (ObjectNode) json.readTree(Files.readString(Path.of("target/openapi/openapi.json")));
        stored.remove("servers");

        JsonNode served = json.readTree(given().get("/openapi?format=json").then().statusCode(200).extract().asString());
        assertThat(served).isEqualTo(stored);
        assertThat(served.at("/paths/~1api~1instances/post/operationId").asText()).isEqualTo("createInstance");
        String yaml = given().get("/openapi").then().statusCode(200).extract().asString();
        assertThat(yaml).contains("openapi: 3.1.0").contains("  /api/instances:");
        assertThat(given().get("/openapi").then().statusCode(200).extract().asString()).isEqualTo(yaml);
        given().get("/docs/").then().statusCode(200);
        assertThat(service.output().substring(before)).as("built once, by the first request")
                .containsOnlyOnce(BUILT);
    }
}
