package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.instance.domain.InstanceType;
import dev.ec2service.instance.service.InstanceConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a launch may ask for comes from the API, so the console and generated clients hard-code none of it. */
@QuarkusTest
class InstanceTypesApiTest {

    @Inject
    InstanceConfig config;

    @Test
    @DisplayName("REQ-INST-002 GET /api/instance-types lists every type with its vCPUs, memory and disk, smallest first")
    void instanceTypes() {
        List<Map<String, Object>> types = given().get("/api/instance-types").then().statusCode(200)
                .contentType("application/json").extract().jsonPath().getList("$");
        assertThat(types).extracting(t -> t.get("name"))
                .containsExactly(Arrays.stream(InstanceType.values()).map(InstanceType::apiName).toArray());
        for (InstanceType type : InstanceType.values()) {
            assertThat(types).contains(Map.of("name", type.apiName(), "vcpus", type.vcpus(),
                    "memory_mb", type.memoryMb(), "disk_gb", type.diskGb()));
        }
        assertThat(types).contains(Map.of("name", "t2.micro", "vcpus", 1, "memory_mb", 1024, "disk_gb", 8));
    }

    @Test
    @DisplayName("GET /api/limits gives the configured user data limit and the name length a launch accepts")
    void limits() {
        given().get("/api/limits").then().statusCode(200).contentType("application/json")
                .body("max_user_data_bytes", equalTo(config.maxUserDataBytes()))
                .body("max_user_data_bytes", equalTo(16 * 1024))
                .body("max_instance_name_length", equalTo(128));
    }

    @Test
    @DisplayName("the document declares the type names as an enum, and every property naming a type refers to it")
    void typeNamesAreAnEnum() {
        JsonPath doc = given().accept("application/json").get("/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getList("components.schemas.InstanceTypeName.enum"))
                .containsExactly(Arrays.stream(InstanceType.values()).map(InstanceType::apiName).toArray());
        String ref = "#/components/schemas/InstanceTypeName";
        assertThat(doc.getString("components.schemas.CreateInstanceRequest.properties.instance_type.$ref"))
                .isEqualTo(ref);
        assertThat(doc.getString("components.schemas.InstanceResponse.properties.instance_type.$ref")).isEqualTo(ref);
        assertThat(doc.getString("components.schemas.InstanceType.properties.name.$ref")).isEqualTo(ref);
        // the status filter may be repeated: an array of the enum
        assertThat(doc.getString("paths.'/api/instances'.get.parameters.find { it.name == 'status' }.schema.items.$ref"))
                .isEqualTo("#/components/schemas/InstanceStatus");
    }
}
