package dev.ec2service.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ec2service.hypervisor.DhcpLease;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.instance.service.InstanceService;
import dev.ec2service.platform.files.DataHome;
import dev.ec2service.platform.process.Tools;
import dev.ec2service.testsupport.Instances;
import dev.ec2service.testsupport.OwnLibvirtObjects;
import dev.ec2service.testsupport.Ssh;
import dev.ec2service.testsupport.TestGuest;
import dev.ec2service.testsupport.TestKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the API tells about an instance and where it gets it, on one real VM that the tests share in order (a boot
 * under TCG is the expensive part). The periodic reconcile is pushed out of the way, so a stale row can only be
 * put right by the code under test: the details request (REQ-INST-015) or the lease monitor (REQ-INST-013).
 */
@QuarkusTest
@TestProfile(InstanceInformationTest.NoPeriodicReconcile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceInformationTest {

    public static class NoPeriodicReconcile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ec2.instances.reconcile-interval", "1h");
        }
    }

    /** Outside the DHCP range, so no lease can ever carry it. */
    private static final String WRONG_ADDRESS = "192.168.100.3";
    private static final List<String> FIELDS = List.of("id", "name", "instance_type", "vcpus", "memory_mb", "disk_gb",
            "status", "ip_address", "ssh_key_name", "created_at", "launched_at");

    @Inject
    DataHome home;

    @Inject
    Hypervisor hypervisor;

    @Inject
    InstanceService instances;

    private String id;
    private String keyName;
    private Path key;

    @BeforeEach
    void realEnvironment() {
        TestGuest.assumeRealEnvironment();
        TestGuest.register(home);
    }

    /** Through the service itself: REST Assured is no longer pointed at the application here. */
    @AfterAll
    void terminate() {
        try {
            if (id != null && instances.get(id).status != InstanceStatus.TERMINATED) {
                instances.terminate(id);
            }
        } finally {
            // the private key made for the test goes with it, whatever became of the instance
            if (key != null) {
                OwnLibvirtObjects.deleteTree(key.getParent());
            }
        }
    }

    @Test
    @Order(1)
    @DisplayName("REQ-INST-014 details and list show id, name, type, vCPUs, memory, disk, status, address, key name and timestamps")
    void informationOfARunningInstance() throws Exception {
        keyName = "info-" + UUID.randomUUID().toString().substring(0, 8);
        key = TestKeys.generateOnService(Files.createTempDirectory("ec2-info-test"), keyName);
        Instant before = Instant.now().minusSeconds(1);
        JsonPath created = Instances.create(Map.of("name", "Info Probe", "instance_type", "t2.micro", "image_id",
                TestGuest.IMAGE_ID, "ssh_key_name", keyName));
        id = created.getString("id");
        assertThat(created.getString("status")).isEqualTo("pending");
        assertThat(created.getString("ip_address")).as("reserved at creation").startsWith("192.168.100.");
        assertThat(created.getMap("$")).as("not launched yet").doesNotContainKeys("launched_at", "terminated_at");
        Instant createdAt = Instant.parse(created.getString("created_at"));
        assertThat(createdAt).isBetween(before, Instant.now().plusSeconds(1));

        String leased = requireRunning();
        JsonPath details = Instances.get(id);
        assertThat(details.getString("id")).isEqualTo(id).matches("i-[0-9a-f]{8}");
        assertThat(details.getString("name")).isEqualTo("Info Probe");
        assertThat(details.getString("instance_type")).isEqualTo("t2.micro");
        assertThat(details.getInt("vcpus")).isEqualTo(1);
        assertThat(details.getInt("memory_mb")).isEqualTo(1024);
        assertThat(details.getInt("disk_gb")).isEqualTo(8);
        assertThat(details.getString("status")).isEqualTo("running");
        assertThat(details.getString("ip_address")).isEqualTo(created.getString("ip_address")).isEqualTo(leased);
        assertThat(details.getString("ssh_key_name")).isEqualTo(keyName);
        assertThat(Instant.parse(details.getString("created_at"))).isEqualTo(createdAt);
        assertThat(Instant.parse(details.getString("launched_at"))).isAfterOrEqualTo(createdAt);
        assertThat(details.getMap("$")).doesNotContainKey("terminated_at");

        Map<String, Object> listed = listed(id);
        for (String field : FIELDS) {
            assertThat(listed.get(field)).as("the list's " + field).isEqualTo(details.getMap("$").get(field));
        }

        // without a name or a key pair those fields are simply absent
        String bare = Instances.create(Map.of("instance_type", "t2.nano", "image_id", TestGuest.IMAGE_ID)).getString("id");
        try {
            assertThat(Instances.get(bare).getMap("$")).containsKeys("id", "instance_type", "vcpus", "memory_mb",
                    "disk_gb", "status", "created_at").doesNotContainKeys("ssh_key_name", "name");
        } finally {
            given().delete("/api/instances/" + bare).then().statusCode(200);
        }
    }

    @Test
    @Order(2)
    @DisplayName("REQ-INST-015 the details of an instance are libvirt's status and the DHCP server's address, not the stored row")
    void detailsComeFromLibvirt() {
        String ip = requireRunning();
        // the stored row falls behind: it says stopped, at an address no lease has
        QuarkusTransaction.requiringNew().run(() -> {
            Instance row = Instance.findById(id);
            row.status = InstanceStatus.STOPPED;
            row.ipAddress = WRONG_ADDRESS;
        });
        assertThat(listed(id)).as("the list answers from the database")
                .containsEntry("status", "stopped").containsEntry("ip_address", WRONG_ADDRESS);

        JsonPath details = Instances.get(id);

        assertThat(details.getString("status")).isEqualTo("running");
        assertThat(details.getString("ip_address")).isEqualTo(ip);
    }

    @Test
    @Order(3)
    @DisplayName("REQ-INST-013 REQ-NET-004 while running, the address in the instance record follows the DHCP lease")
    void addressIsMonitored() {
        String ip = requireRunning();
        QuarkusTransaction.requiringNew().run(() -> Instance.<Instance>findById(id).ipAddress = WRONG_ADDRESS);
        assertThat(stored()).isEqualTo(WRONG_ADDRESS);

        // nobody asks for the instance: only the lease monitor can put the record right
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> ip.equals(stored()));
        assertThat(listed(id)).containsEntry("ip_address", ip);
    }

    @Test
    @Order(4)
    @DisplayName("REQ-NET-008 the host reaches the instance's address directly: ICMP, SSH and a service on any port")
    void hostReachesInstance() throws Exception {
        String ip = requireRunning();
        // the host sits on the instance network itself: the route to the guest leaves from the gateway address
        assertThat(Tools.run(List.of("ip", "-o", "route", "get", ip))).contains("src 192.168.100.1");
        // a lease may exist before the guest is up (GUEST-NOTES): SSH says when it is
        assertThat(Ssh.await(ip, TestGuest.USER, key, "echo reached", Instances.BOOT)).isEqualTo("reached");
        assertThat(InetAddress.getByName(ip).isReachable(5000)).as("ICMP echo from the host").isTrue();

        String token = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        Ssh.run(ip, TestGuest.USER, key,
                "mkdir -p /tmp/www && echo " + token + " > /tmp/www/probe.txt && httpd -p 8080 -h /tmp/www");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/probe.txt"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()),
                        r -> r.statusCode() == 200);
        assertThat(response.body().trim()).isEqualTo(token);
        // a port nothing listens on is refused by the guest itself, not silently dropped on the way
        assertThat(refused(ip, 8081)).isTrue();
    }

    @Test
    @Order(5)
    @DisplayName("REQ-INST-014 a terminated instance keeps its information and shows when it was terminated")
    void informationOfATerminatedInstance() {
        requireRunning();
        JsonPath before = Instances.get(id);
        given().delete("/api/instances/" + id).then().statusCode(200);

        JsonPath after = Instances.get(id);
        assertThat(after.getString("status")).isEqualTo("terminated");
        Instant terminatedAt = Instant.parse(after.getString("terminated_at"));
        assertThat(terminatedAt).isAfterOrEqualTo(Instant.parse(after.getString("launched_at")));
        for (String field : List.of("id", "name", "instance_type", "vcpus", "memory_mb", "disk_gb", "ssh_key_name",
                "created_at", "launched_at")) {
            assertThat(after.getMap("$").get(field)).as(field).isEqualTo(before.getMap("$").get(field));
        }
        assertThat(after.getMap("$")).as("a terminated instance has no address").doesNotContainKey("ip_address");
        assertThat(listed(id)).containsEntry("status", "terminated")
                .containsEntry("terminated_at", after.getString("terminated_at"));
    }

    /** The shared instance once it runs and its DHCP lease exists (the address libvirt can tell). */
    private String requireRunning() {
        assertThat(id).as("the instance launched by the first test").isNotNull();
        JsonPath running = Instances.awaitStatus(id, "running");
        String mac = running.getString("mac_address");
        return Awaitility.await().atMost(Instances.BOOT).pollInterval(Duration.ofMillis(500))
                .until(() -> hypervisor.dhcpLeases("ec2-as-service").stream()
                        .filter(l -> l.mac().equalsIgnoreCase(mac)).map(DhcpLease::ip).findFirst().orElse(null),
                        ip -> ip != null);
    }

    private String stored() {
        return QuarkusTransaction.requiringNew().call(() -> Instance.<Instance>findById(id).ipAddress);
    }

    private static Map<String, Object> listed(String id) {
        return given().get("/api/instances").then().statusCode(200).extract().jsonPath()
                .getMap("find { it.id == '" + id + "' }");
    }

    private static boolean refused(String ip, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), 3000);
            return false;
        } catch (java.net.ConnectException e) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
