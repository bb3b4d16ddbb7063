package dev.ec2service.webui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The console's API types are generated from webui/openapi.json, a committed copy of the service's OpenAPI document.
 * When the API changes the copy must follow, or the UI would be type-checked against an API that no longer exists.
 * The document compared is the one the build stores (the same the service serves at /openapi, less the server
 * details added at run time).
 */
@QuarkusTest
class OpenApiDriftTest {

    @Test
    @DisplayName("webui/openapi.json is the service's current OpenAPI document")
    void committedCopyMatches() throws Exception {
        ObjectMapper json = new ObjectMapper();
        // Written by quarkus.smallrye-openapi.store-schema-directory while this test's application was built
        JsonNode live = json.readTree(Files.readString(Path.of("target/openapi/openapi.json")));
        JsonNode committed = json.readTree(Files.readString(Path.of("webui/openapi.json")));
        assertThat(committed.equals(live))
                .withFailMessage("webui/openapi.json differs from the service's OpenAPI document: run make openapi "
                        + "and commit webui/openapi.json (then fix the UI if it no longer type-checks)")
                .isTrue();
    }
}
