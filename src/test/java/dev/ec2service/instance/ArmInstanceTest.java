package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.process.Tools;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An instance of an arm64 image: a UEFI guest with an NVRAM file, which a plain undefine refuses to remove. The
 * image is the x86 test guest declared arm64 (allowed by the foreign-architecture switch): the emulated firmware
 * runs and finds nothing to boot, which is all terminate needs.
 */
@QuarkusTest
@TestProfile(ArmInstanceTest.AllowForeignArch.class)
class ArmInstanceTest {

    public static class AllowForeignArch implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.images.allow-foreign-arch", "true");
        }
    }

    private static final String IMAGE_ID = "test-guest-arm64";
    private static final Pattern NVRAM = Pattern.compile("<nvram[^>]*>([^<]+)</nvram>");

    @Inject
    Hypervisor hypervisor;

    @Inject
    DataHome home;

    private String id;

    @BeforeEach
    void armImage() {
        TestGuest.assumeRealEnvironment();
        int status = given().contentType("application/json")
                .body(Map.of("id", IMAGE_ID, "name", IMAGE_ID, "os", "linux", "arch", "arm64", "default_user",
                        TestGuest.USER, "path", TestGuest.imageFile().toString()))
                .post("/api/images").then().extract().statusCode();
        assertThat(status).as("import of the arm64 image").isIn(201, 409);
    }

    @AfterEach
    void terminateLeftover() {
        if (id != null && !"terminated".equals(Instances.get(id).getString("status"))) {
            given().delete("/api/instances/" + id);
        }
    }

    @Test
    @DisplayName("REQ-INST-012 an arm64 UEFI instance is terminated: domain, NVRAM file, disk, seed and address are gone")
    void armInstanceTerminates() throws Exception {
        JsonPath created = Instances.create(Map.of("instance_type", "t2.nano", "image_id", IMAGE_ID, "name", "arm"));
        id = created.getString("id");
        String mac = created.getString("mac_address");
        Instances.awaitStatus(id, "running");
        String live = Tools.run(List.of("virsh", "-q", "-c", hypervisor.status().uri(), "dumpxml", id));
        assertThat(live).contains("arch='aarch64'").contains("machine='virt");
        Matcher m = NVRAM.matcher(live);
        assertThat(m.find()).as("a UEFI guest with an NVRAM file:\n" + live).isTrue();
        Path nvram = Path.of(m.group(1).trim());
        assertThat(nvram).exists();

        given().delete("/api/instances/" + id).then().statusCode(200).body("status", equalTo("terminated"));

        assertThat(hypervisor.findDomain(id)).isEmpty();
        assertThat(nvram).as("NVRAM file").doesNotExist();
        assertThat(home.instanceDir(id)).as("disk, seed ISO and console log").doesNotExist();
        assertThat(hypervisor.findNetwork("ec2-as-service").orElseThrow().spec().hosts())
                .noneMatch(h -> h.mac().equalsIgnoreCase(mac));
    }
}
