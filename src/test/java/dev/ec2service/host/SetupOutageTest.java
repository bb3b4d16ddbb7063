package dev.ec2service.host;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.ec2service.hypervisor.DomainInfo;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.process.Tools;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.OwnLibvirtObjects;
import dev.ec2service.testsupport.TestGuest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Health tells the truth about the network and the pool the service owns, launches and starts are refused while
 * the network is down, and the service brings both back by itself once the obstacle is gone. Runs with its own
 * network, pool and data home (all inside the test namespace) so the other tests' network is never disturbed.
 */
@QuarkusTest
@TestProfile(SetupOutageTest.OwnNetworkAndPool.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SetupOutageTest {

    static final String NAME = "ec2-outage-test";
    static final String GATEWAY = "192.168.160.1";
    static final String OBSTACLE = "ec2ob0";
    static final Path HOME = Path.of(System.getenv().getOrDefault("EC2_TEST_HOME",
            System.getProperty("user.home") + "/.ec2-as-service-test") + "-outage");
    private static final Duration HEAL = Duration.ofSeconds(60);

    public static class OwnNetworkAndPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.home", HOME.toString(), "%test.ec2.home", HOME.toString(),
                    "ec2.network.name", NAME, "ec2.network.gateway", GATEWAY,
                    "ec2.network.dhcp-start", "192.168.160.10", "ec2.network.dhcp-end", "192.168.160.20",
                    "ec2.storage.pool-name", NAME,
                    "ec2.libvirt.repair-min-delay", "500ms", "ec2.libvirt.repair-max-delay", "2s",
                    // the test guest may not listen to the power button yet; this test is about the network
                    "ec2.instances.stop-timeout", "2s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Obstacle.class));
        }
    }

    /**
     * Before the service starts: a fresh data home, no leftover network or pool of this test, and a bridge that
     * holds the network's gateway address, as a bridge left behind by an earlier libvirtd does.
     */
    public static class Obstacle implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            // the network rule: bridges only inside the test namespace, which scripts/testenv.sh exec announces
            if (!OwnLibvirtObjects.inTestNamespace()) {
                return Map.of();
            }
            removeLibvirtObjects();
            OwnLibvirtObjects.deleteTree(HOME);
            OwnLibvirtObjects.quietly("ip", "link", "delete", OBSTACLE);
            run("ip", "link", "add", OBSTACLE, "type", "bridge");
            run("ip", "addr", "add", GATEWAY + "/24", "dev", OBSTACLE);
            run("ip", "link", "set", OBSTACLE, "up");
            return Map.of();
        }

        @Override
        public void stop() {
            if (!OwnLibvirtObjects.inTestNamespace()) {
                return;
            }
            OwnLibvirtObjects.quietly("ip", "link", "delete", OBSTACLE);
            removeLibvirtObjects();
        }

        private static void removeLibvirtObjects() {
            OwnLibvirtObjects.removeNetworkAndPool(NAME);
        }
    }

    @Inject
    DataHome home;

    @Inject
    Hypervisor hypervisor;

    @BeforeEach
    void realEnvironment() {
        TestGuest.assumeRealEnvironment();
    }

    @Test
    @Order(1)
    @DisplayName("REQ-REL-002 REQ-NET-001 REQ-USE-003 while a bridge holds the network's subnet health is degraded and names it, "
            + "a launch is refused with 503 creating nothing; once the bridge is gone the network starts and health is ok by itself")
    void networkBlockedAtStartupHeals() throws Exception {
        // the data home is new: no base image yet, which is a cause of its own
        given().get("/api/monitor/health").then().statusCode(200).body("status", equalTo("degraded"))
                .body("warnings", hasItem(containsString("no base image is on disk to launch from")))
                .body("warnings", hasItem(containsString("import a qcow2 with `POST /api/images`")));
        TestGuest.register(home);
        JsonPath health = given().get("/api/monitor/health").then().statusCode(200)
                .body("status", equalTo("degraded"))
                .body("network.name", equalTo(NAME))
                .body("network.exists", equalTo(true))
                .body("network.active", equalTo(false))
                .body("network.last_attempt_at", notNullValue())
                .body("network.next_attempt_at", notNullValue())
                .body("network.last_error", containsString("in use by interface " + OBSTACLE))
                .extract().jsonPath();
        List<String> about = health.<String>getList("warnings").stream().filter(w -> w.contains(NAME + " is not running"))
                .toList();
        assertThat(about).singleElement().asString()
                .contains("in use by interface " + OBSTACLE)
                .contains("interface " + OBSTACLE + " holds " + GATEWAY + "/24")
                .contains("`sudo ip link delete " + OBSTACLE + "`")
                .contains("retries by itself");

        long rows = Instances.count();
        Set<String> dirs = instanceDirs();
        Set<String> domains = domainNames();
        given().contentType("application/json").body(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID))
                .post("/api/instances").then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("urn:ec2-as-service:problem:network-unavailable"))
                .body("detail", containsString("instance network " + NAME + " is not running: "))
                .body("detail", containsString(OBSTACLE))
                .body("detail", containsString("see /api/monitor/health"));
        assertThat(Instances.count()).isEqualTo(rows);
        assertThat(instanceDirs()).isEqualTo(dirs);
        assertThat(domainNames()).isEqualTo(domains);
        assertThat(hypervisor.findNetwork(NAME).orElseThrow().spec().hosts()).isEmpty();

        run("ip", "link", "delete", OBSTACLE);
        Awaitility.await().atMost(HEAL).pollInterval(Duration.ofMillis(500))
                .until(() -> "ok".equals(given().get("/api/monitor/health").then().extract().path("status")));
        given().get("/api/monitor/health").then().statusCode(200)
                .body("network.active", equalTo(true))
                .body("network.last_error", nullValue())
                .body("network.next_attempt_at", nullValue())
                .body("warnings.size()", equalTo(0));
    }

    @Test
    @Order(2)
    @DisplayName("REQ-NET-001 REQ-USE-003 a stopped instance's start is refused with 503 while the network is down and the "
            + "instance stays stopped; the service restarts the network once the obstacle is gone")
    void startRefusedWhileNetworkDown() throws Exception {
        TestGuest.register(home);
        awaitHealthOk();
        String id = Instances.create(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID)).getString("id");
        try {
            Instances.awaitStatus(id, "running");
            given().post("/api/instances/" + id + "/stop").then().statusCode(200);
            Instances.awaitStatus(id, "stopped");

            // the same address on a second interface first, so the service cannot restart the network in between
            run("ip", "link", "add", OBSTACLE, "type", "bridge");
            run("ip", "addr", "add", GATEWAY + "/24", "dev", OBSTACLE);
            run("ip", "link", "set", OBSTACLE, "up");
            run("virsh", "-c", "qemu:///system", "net-destroy", NAME);

            given().post("/api/instances/" + id + "/start").then().statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo("urn:ec2-as-service:problem:network-unavailable"))
                    .body("detail", containsString("instance network " + NAME + " is not running"));
            assertThat(Instances.get(id).getString("status")).isEqualTo("stopped");
            Awaitility.await().atMost(HEAL).pollInterval(Duration.ofMillis(500))
                    .until(() -> given().get("/api/monitor/health").then().extract().<String>path("network.last_error") != null);
            given().get("/api/monitor/health").then().statusCode(200).body("status", equalTo("degraded"))
                    .body("warnings", hasItem(containsString("interface " + OBSTACLE + " holds " + GATEWAY + "/24")));
            assertThat(Instances.get(id).getString("status")).isEqualTo("stopped");
        } finally {
            OwnLibvirtObjects.quietly("ip", "link", "delete", OBSTACLE);
        }
        awaitHealthOk();
        given().delete("/api/instances/" + id).then().statusCode(200);
    }

    @Test
    @Order(3)
    @DisplayName("REQ-STOR-001 REQ-REL-002 while the pool's directory is unusable health is degraded with libvirt's error and "
            + "the fix; once it is moved away the service recreates the directory, starts the pool and health is ok")
    void poolBlockedHeals() throws Exception {
        TestGuest.register(home);
        awaitHealthOk();
        Path storage = home.storage();
        Path aside = storage.resolveSibling("storage.aside");
        Files.move(storage, aside);
        Files.writeString(storage, "not a directory");
        try {
            run("virsh", "-c", "qemu:///system", "pool-destroy", NAME);
            Awaitility.await().atMost(HEAL).pollInterval(Duration.ofMillis(500))
                    .until(() -> given().get("/api/monitor/health").then().extract().<String>path("storage_pool.last_error") != null);
            JsonPath health = given().get("/api/monitor/health").then().statusCode(200)
                    .body("status", equalTo("degraded"))
                    .body("storage_pool.active", equalTo(false))
                    .body("storage_pool.last_error", containsString("Not a directory"))
                    .extract().jsonPath();
            assertThat(health.<String>getList("warnings")).filteredOn(w -> w.contains("storage pool " + NAME + " is not running"))
                    .singleElement().asString()
                    .contains("cannot open directory '" + storage + "': Not a directory")
                    .contains("ls -ld " + storage);
        } finally {
            Files.delete(storage);
            OwnLibvirtObjects.deleteTree(aside);
        }
        awaitHealthOk();
        given().get("/api/monitor/health").then().body("storage_pool.active", equalTo(true))
                .body("storage_pool.last_error", nullValue());
        assertThat(storage).isDirectory();
    }

    private static void awaitHealthOk() {
        Awaitility.await().atMost(HEAL).pollInterval(Duration.ofMillis(500))
                .until(() -> "ok".equals(given().get("/api/monitor/health").then().extract().path("status")));
    }

    private Set<String> instanceDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(home.instances())) {
            return dirs.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private Set<String> domainNames() {
        return hypervisor.listDomains().stream().map(DomainInfo::name).collect(Collectors.toSet());
    }

    private static void run(String... command) {
        try {
            Tools.run(List.of(command));
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
