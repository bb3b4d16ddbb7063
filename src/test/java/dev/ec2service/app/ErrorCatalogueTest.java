package dev.ec2service.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.platform.api.ProblemStatus;
import dev.ec2service.platform.error.ErrorCode;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ErrorCatalogueTest {

    @Test
    @DisplayName("every class that declares error codes is in the catalogue the API document is made from")
    void everyDeclaringClassIsCatalogued() throws Exception {
        List<Class<?>> declaring = new ArrayList<>();
        for (Class<?> type : compiledClasses()) {
            if (!ErrorCatalogue.declaredIn(type).isEmpty()) {
                declaring.add(type);
            }
        }
        assertThat(declaring).as("classes declaring ErrorCode constants").isNotEmpty()
                .allSatisfy(type -> assertThat(ErrorCatalogue.DECLARING_CLASSES).as(type.getName()).contains(type));
    }

    @Test
    @DisplayName("REQ-USE-002 the API document lists every problem type the REST API answers, with its status")
    void documentListsEveryCause() {
        List<Map<String, Object>> listed = given().accept("application/json").get("/openapi").then().statusCode(200)
                .extract().jsonPath().getList("components.schemas.Problem.x-problem-types");
        List<ErrorCode> codes = ErrorCatalogue.all();
        assertThat(codes).extracting(ErrorCode::slug)
                .contains("not-found", "malformed-body", "invalid-state", "libvirt-unavailable", "network-unavailable");
        assertThat(listed).hasSize(codes.size());
        for (ErrorCode code : codes) {
            assertThat(listed).as(code.slug()).contains(Map.of("type", "urn:ec2-as-service:problem:" + code.slug(),
                    "title", code.title(), "status", ProblemStatus.of(code.kind())));
        }
    }

    private static List<Class<?>> compiledClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(ErrorCode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("dev/ec2service"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, ErrorCode.class.getClassLoader()));
            }
        }
        return classes;
    }
}
